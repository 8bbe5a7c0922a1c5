package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));
  private final Map<String, Machine> cache = new HashMap<>();

  private int pending() {
    return expectations.pending("ns/set", name -> Optional.ofNullable(cache.get(name)));
  }

  private static Machine machine(String name) {
    Machine m = new Machine();
    m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    return m;
  }

  @Test
  void createIsPendingUntilTheCacheOrAnEventShowsIt() {
    expectations.expectCreate("ns/set", "ns", "set-a");
    expectations.expectCreate("ns/set", "ns", "set-b");
    expectations.expectCreate("ns/other", "ns", "other-a");
    assertThat(pending()).isEqualTo(2);
    cache.put("set-a", machine("set-a"));
    assertThat(pending()).isEqualTo(1);
    expectations.observe(machine("set-b"));
    assertThat(pending()).isZero();
  }

  @Test
  void deleteIsPendingUntilDeletionTimestampOrGone() {
    cache.put("set-a", machine("set-a"));
    cache.put("set-b", machine("set-b"));
    expectations.expectDelete("ns/set", "ns", "set-a");
    expectations.expectDelete("ns/set", "ns", "set-b");
    expectations.observe(machine("set-a"));
    assertThat(pending()).isEqualTo(2);
    cache.get("set-a").getMetadata().setDeletionTimestamp("2026-06-01T00:00:00Z");
    cache.remove("set-b");
    assertThat(pending()).isZero();
  }

  @Test
  void unseenExpectationsExpire() {
    expectations.expectCreate("ns/set", "ns", "set-a");
    clock.advance(Duration.ofMinutes(4));
    assertThat(pending()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(pending()).isZero();
  }

  @Test
  void cancelledOrForgottenExpectationsAreNotPending() {
    expectations.expectDelete("ns/set", "ns", "set-a");
    expectations.expectCreate("ns/set", "ns", "set-b");
    expectations.cancel("ns", "set-a");
    assertThat(pending()).isEqualTo(1);
    expectations.forget("ns/set");
    assertThat(pending()).isZero();
  }
}
