package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureBackoffTest {

  @Test
  void doublesPerFailureUpToTheMaximumRespectsTheProviderMinimumAndResets() {
    FailureBackoff backoff = new FailureBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    assertThat(backoff.next("u", Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next("u", Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.next("u", Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.next("u", Optional.empty())).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.next("u", Optional.empty())).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.next("other", Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    backoff.reset("u");
    assertThat(backoff.next("u", Optional.empty())).isEqualTo(Duration.ofSeconds(1));
  }
}
