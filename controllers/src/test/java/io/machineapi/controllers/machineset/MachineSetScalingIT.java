package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.MachineSetHarness.CLUSTER_LABEL;
import static io.machineapi.controllers.machineset.MachineSetHarness.SET_LABEL;
import static io.machineapi.controllers.machineset.MachineSetHarness.machineSet;
import static io.machineapi.controllers.machineset.MachineSetHarness.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MachineSet scale-up, status counts, bounded parallel creates and expectations against the embedded API. */
class MachineSetScalingIT {
  private static final int MAX_IN_FLIGHT = 3;
  static MachineSetHarness cluster;

  @BeforeAll
  static void start() {
    cluster = new MachineSetHarness(MAX_IN_FLIGHT, 40);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void scaleFromZeroToFiveCreatesOwnedMachinesFromTheTemplate() {
    MachineSet set = cluster.create(machineSet("workers", 0, null));
    await().atMost(timeout()).until(() -> cluster.get("workers").getStatus() != null);
    assertThat(cluster.machines("workers")).isEmpty();

    cluster.scale("workers", 5);

    await().atMost(timeout()).until(() -> cluster.machines("workers").size() == 5);
    for (Machine machine : cluster.machines("workers")) {
      assertThat(machine.getMetadata().getName()).startsWith("workers-");
      OwnerReference owner = MachineOwnership.controllerOf(machine).orElseThrow();
      assertThat(owner.getUid()).isEqualTo(set.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("MachineSet");
      assertThat(owner.getBlockOwnerDeletion()).isTrue();
      assertThat(machine.getMetadata().getLabels()).containsEntry(SET_LABEL, "workers")
          .containsEntry(CLUSTER_LABEL, "test")
          .containsEntry("machine.openshift.io/cluster-api-machine-role", "worker");
      assertThat(machine.getMetadata().getAnnotations()).containsEntry("example.com/from-template", "yes");
      assertThat(machine.getSpec().getProviderSpec().getValue().get("instanceType").asText()).isEqualTo("sim.large");
    }
    await().atMost(timeout()).untilAsserted(() -> {
      var status = cluster.get("workers").getStatus();
      assertThat(status.getReplicas()).isEqualTo(5);
      assertThat(status.getFullyLabeledReplicas()).isEqualTo(5);
      assertThat(status.getReadyReplicas()).isZero();
      assertThat(status.getLabelSelector())
          .isEqualTo(CLUSTER_LABEL + "=test," + SET_LABEL + "=workers");
      assertThat(status.getObservedGeneration()).isEqualTo(cluster.get("workers").getMetadata().getGeneration());
    });
    assertThat(cluster.events("workers")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SuccessfulCreate"));
    assertThat(cluster.writes.creates("workers")).isEqualTo(5);
  }

  @Test
  void readyCountsFollowNodeReadiness() {
    cluster.create(machineSet("readiness", 3, null));
    await().atMost(timeout()).until(() -> cluster.machines("readiness").size() == 3);
    var machines = cluster.machines("readiness");

    cluster.linkNode(machines.get(0).getMetadata().getName(), "True");
    cluster.linkNode(machines.get(1).getMetadata().getName(), "True");
    cluster.linkNode(machines.get(2).getMetadata().getName(), "False");
    await().atMost(timeout()).untilAsserted(() -> {
      var status = cluster.get("readiness").getStatus();
      assertThat(status.getReadyReplicas()).isEqualTo(2);
      assertThat(status.getAvailableReplicas()).isEqualTo(2);
    });

    // Only the Node changes: the Node event source must wake the set.
    cluster.setNodeReady(machines.get(2).getMetadata().getName(), "True");
    cluster.setNodeReady(machines.get(0).getMetadata().getName(), "Unknown");
    await().atMost(timeout()).untilAsserted(() -> {
      var status = cluster.get("readiness").getStatus();
      assertThat(status.getReadyReplicas()).isEqualTo(2);
      assertThat(cluster.get("readiness").getStatus().getReplicas()).isEqualTo(3);
    });
    cluster.setNodeReady(machines.get(0).getMetadata().getName(), "True");
    await().atMost(timeout()).until(() -> cluster.get("readiness").getStatus().getReadyReplicas() == 3);
  }

  @Test
  void availabilityWaitsForMinReadySeconds() {
    MachineSet set = machineSet("slow-ready", 1, null);
    set.getSpec().setMinReadySeconds(2);
    cluster.create(set);
    await().atMost(timeout()).until(() -> cluster.machines("slow-ready").size() == 1);
    cluster.linkNode(cluster.machines("slow-ready").get(0).getMetadata().getName(), "True");

    await().atMost(timeout()).until(() -> cluster.get("slow-ready").getStatus().getReadyReplicas() == 1);
    assertThat(cluster.get("slow-ready").getStatus().getAvailableReplicas()).isZero();
    // No further event arrives: only the requeue after the remaining time can make it available.
    await().atMost(timeout()).until(() -> cluster.get("slow-ready").getStatus().getAvailableReplicas() == 1);
  }

  @Test
  void createsAreParallelButBoundedByMaxInFlight() {
    cluster.create(machineSet("bounded", 14, null));
    await().atMost(timeout()).until(() -> cluster.machines("bounded").size() == 14);
    assertThat(cluster.writes.maxInFlight("bounded")).isBetween(2, MAX_IN_FLIGHT);
    assertThat(cluster.writes.creates("bounded")).isEqualTo(14);
  }

  @Test
  void failingCreatesAreReportedAndRetriedOneAtATime() {
    cluster.writes.refusedCreates.add("quota-");
    cluster.create(machineSet("quota", 6, null));

    await().atMost(timeout()).untilAsserted(() -> {
      assertThat(cluster.events("quota")).anySatisfy(e -> {
        assertThat(e.getReason()).isEqualTo("FailedCreate");
        assertThat(e.getMessage()).contains("quota exceeded");
      });
      assertThat(cluster.events("quota")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ReconcileError"));
    });
    // Slow start: a pass stops after its first failed batch (of one), and passes are spaced by backoff.
    assertThat(cluster.writes.attempts("quota")).isLessThan(6);

    cluster.writes.refusedCreates.remove("quota-");
    await().atMost(timeout()).until(() -> cluster.machines("quota").size() == 6);
    assertThat(cluster.writes.creates("quota")).isEqualTo(6);
  }
}
