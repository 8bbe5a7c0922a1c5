package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressSnapshotTest {

  @Test
  void phasesAreListedInLifecycleOrderThenAlphabetically() {
    ProgressSnapshot snapshot = new ProgressSnapshot(Map.of("Running", 2, "Failed", 1, "Provisioning", 3,
        "Weird", 1, "no phase", 1), 2, 3, 6);

    assertThat(snapshot.machines()).isEqualTo(8);
    assertThat(snapshot.line()).isEqualTo("machines 8 (no phase 1, Provisioning 3, Running 2, Failed 1, Weird 1) "
        + "| nodes Ready 2/3 | desired replicas 6");
  }

  @Test
  void noMachinesShowsNoPhaseList() {
    assertThat(new ProgressSnapshot(Map.of(), 0, 0, 3).line())
        .isEqualTo("machines 0 | nodes Ready 0/0 | desired replicas 3");
  }
}
