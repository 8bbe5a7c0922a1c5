package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The callbacks java-operator-sdk's elector calls, driven directly: who exits, who stops, who does nothing. */
class LeaderElectionTest {

  private final AtomicInteger exits = new AtomicInteger();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger losses = new AtomicInteger();

  private LeaderCallbacks callbacks(LeaderElection election) {
    election.bind(starts::incrementAndGet, losses::incrementAndGet);
    return election.configuration().getLeaderCallbacks().orElseThrow();
  }

  private static LeaderElection.Settings settings(boolean exitOnLoss) {
    return new LeaderElection.Settings("ns", "lease", "me_1", Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(2), exitOnLoss);
  }

  @Test
  void theConfigurationCarriesTheSettingsAndNeverLetsTheOperatorExit() {
    var configuration = new LeaderElection(settings(true), exits::incrementAndGet).configuration();

    assertThat(configuration.getLeaseName()).isEqualTo("lease");
    assertThat(configuration.getLeaseNamespace()).hasValue("ns");
    assertThat(configuration.getIdentity()).hasValue("me_1");
    assertThat(configuration.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(configuration.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(configuration.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(configuration.isExitOnStopLeading()).isFalse();
  }

  @Test
  void losingTheLeaseExitsTheProcessOnce() {
    LeaderElection election = new LeaderElection(settings(true), exits::incrementAndGet);
    LeaderCallbacks callbacks = callbacks(election);

    callbacks.onNewLeader("me_1");
    callbacks.onStartLeading();
    assertThat(election.leading()).isTrue();
    assertThat(starts).hasValue(1);

    callbacks.onNewLeader("other_2");
    callbacks.onStopLeading();
    callbacks.onStopLeading(); // the elector reports a loss twice: once seeing the new holder, once stopping
    await().atMost(Duration.ofSeconds(5)).until(() -> exits.get() == 1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> exits.get() == 1);
    assertThat(election.leading()).isFalse();
    assertThat(losses).hasValue(0);
  }

  @Test
  void withoutExitALossStopsTheStackInstead() {
    LeaderElection election = new LeaderElection(settings(false), exits::incrementAndGet);
    LeaderCallbacks callbacks = callbacks(election);

    callbacks.onStartLeading();
    callbacks.onStopLeading();

    await().atMost(Duration.ofSeconds(5)).until(() -> losses.get() == 1);
    assertThat(exits).hasValue(0);
  }

  @Test
  void stoppingToLeadWhileClosingIsNoLoss() {
    LeaderElection election = new LeaderElection(settings(true), exits::incrementAndGet);
    LeaderCallbacks callbacks = callbacks(election);
    callbacks.onStartLeading();

    election.closing();
    callbacks.onStopLeading();
    callbacks.onStartLeading(); // a late election while closing does not start anything either

    assertThat(election.leading()).isFalse();
    assertThat(starts).hasValue(1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
        .until(() -> exits.get() == 0 && losses.get() == 0);
  }
}
