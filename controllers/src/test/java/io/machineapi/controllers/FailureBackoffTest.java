package io.machineapi.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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

  @Test
  void aHoldLastsUntilItsEndAndASuccessLiftsIt() {
    FailureBackoff backoff = new FailureBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    Instant t0 = Instant.parse("2026-12-06T00:00:00Z");
    assertThat(backoff.held("u", t0)).isEmpty();
    backoff.hold("u", t0.plusSeconds(120));
    assertThat(backoff.held("u", t0.plusSeconds(20))).hasValue(Duration.ofSeconds(100));
    assertThat(backoff.held("u", t0.plusSeconds(120))).isEmpty();
    assertThat(backoff.held("other", t0)).isEmpty();
    backoff.reset("u");
    assertThat(backoff.held("u", t0)).isEmpty();
  }
}
