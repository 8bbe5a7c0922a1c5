package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.MachineSetHarness.machineSet;
import static io.machineapi.controllers.machineset.MachineSetHarness.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.api.machine.v1beta1.MachineSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expectations against a cache that lags behind writes: created Machines reach the API (and so the informer) only
 * 1.5 s after the create call answered, while reconciles keep coming.
 */
class MachineSetExpectationsIT {
  static MachineSetHarness cluster;

  @BeforeAll
  static void start() {
    cluster = new MachineSetHarness(10, 0, 1500);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void repeatedReconcilesWithAStaleCacheNeverCreateTwice() {
    cluster.create(machineSet("once", 0, null));
    await().atMost(timeout()).until(() -> cluster.get("once").getStatus() != null);
    cluster.scale("once", 6);
    // Spec edits that keep replicas bump the generation, so each one queues another reconcile while the created
    // Machines are not visible yet.
    for (int i = 1; i <= 5; i++) {
      int seconds = i;
      cluster.client.resources(MachineSet.class).inNamespace(MachineSetHarness.NS).withName("once").edit(s -> {
        s.getSpec().setMinReadySeconds(seconds);
        return s;
      });
      await().atMost(timeout()).until(() -> cluster.get("once").getStatus().getObservedGeneration() > seconds);
    }
    await().atMost(timeout()).until(() -> cluster.machines("once").size() >= 6);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(12000))
        .until(() -> cluster.machines("once").size() == 6);
    assertThat(cluster.writes.creates("once")).isEqualTo(6);
  }
}
