package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProviderPollScheduleTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private final ProviderPollSchedule polls = new ProviderPollSchedule();

  @Test
  void aMachineNeverObservedIsDueNow() {
    assertThat(polls.isDue("uid-1", T0)).isTrue();
    assertThat(polls.untilDue("uid-1", T0)).isZero();
  }

  @Test
  void aMachineObservedIsNotDueBeforeItsNextObservation() {
    polls.observedAt("uid-1", T0.plusSeconds(5));

    assertThat(polls.isDue("uid-1", T0)).isFalse();
    assertThat(polls.untilDue("uid-1", T0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(polls.untilDue("uid-1", T0.plusSeconds(3))).isEqualTo(Duration.ofSeconds(2));
    assertThat(polls.isDue("uid-1", T0.plusSeconds(5))).isTrue();
    assertThat(polls.untilDue("uid-1", T0.plusSeconds(6))).isZero();
    assertThat(polls.isDue("uid-2", T0)).as("other Machines are not held").isTrue();
  }

  @Test
  void aLaterObservationMovesTheDueTimeAndForgetMakesItDueAgain() {
    polls.observedAt("uid-1", T0.plusSeconds(5));
    polls.observedAt("uid-1", T0.plusSeconds(30));
    assertThat(polls.isDue("uid-1", T0.plusSeconds(10))).isFalse();

    polls.forget("uid-1");
    assertThat(polls.isDue("uid-1", T0.plusSeconds(10))).isTrue();
  }
}
