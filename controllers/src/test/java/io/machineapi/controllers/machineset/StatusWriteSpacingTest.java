package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import io.machineapi.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusWriteSpacingTest {

  private final MutableClock clock =
      new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final StatusWriteSpacing spacing = new StatusWriteSpacing(clock);

  @Test
  void theFirstWriteAndWritesAfterTheSpacingGoAtOnce() {
    assertThat(spacing.hold("uid", status(1L, 3), status(1L, 4))).isEmpty();
    spacing.wrote("uid");
    clock.advance(StatusWriteSpacing.SPACING);
    assertThat(spacing.hold("uid", status(1L, 4), status(1L, 5))).isEmpty();
  }

  @Test
  void aCountOnlyChangeSoonAfterAWriteIsHeldForTheRestOfTheSpacing() {
    spacing.wrote("uid");
    clock.advance(Duration.ofMillis(300));
    assertThat(spacing.hold("uid", status(1L, 3), status(1L, 4))).contains(Duration.ofMillis(700));
    assertThat(spacing.hold("other", status(1L, 3), status(1L, 4))).as("another set").isEmpty();
  }

  @Test
  void aNewObservedGenerationOrErrorIsWrittenAtOnce() {
    spacing.wrote("uid");
    assertThat(spacing.hold("uid", status(1L, 3), status(2L, 3))).isEmpty();
    MachineSetStatus failed = status(1L, 3);
    failed.setErrorMessage("spec.template is invalid");
    assertThat(spacing.hold("uid", status(1L, 3), failed)).isEmpty();
    spacing.forget("uid");
    assertThat(spacing.hold("uid", status(1L, 3), status(1L, 4))).isEmpty();
  }

  private static MachineSetStatus status(Long generation, int replicas) {
    MachineSetStatus status = new MachineSetStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(replicas);
    return status;
  }
}
