package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoscalerCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = MachineApiCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void planPrintsTheDecisionForASnapshotFile() {
    Path snapshot = Path.of("../examples/autoscaler-snapshot.yaml");
    assertThat(run("autoscaler", "plan", "--snapshot", snapshot.toString(), "--at", "2026-12-05T12:00:00Z"))
        .as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("MachineSet/openshift-machine-api/workers 1 -> 2 [SCALE_UP]")
        .contains("default/web-1")
        .contains("TRIGGERED_SCALE_UP")
        .contains("default/gpu-job")
        .contains("MachineSet/openshift-machine-api/workers: Insufficient gpu");
  }

  @Test
  void planRefusesAMissingOrUnreadableFileClearly(@TempDir Path dir) throws Exception {
    assertThat(run("autoscaler", "plan", "--snapshot", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist or is not readable");

    Path junk = dir.resolve("junk.yaml");
    Files.writeString(junk, "items: [unclosed");
    assertThat(run("autoscaler", "plan", "--snapshot", junk.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not a Kubernetes List in YAML or JSON");
  }
}
