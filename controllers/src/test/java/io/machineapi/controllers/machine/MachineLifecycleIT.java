package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.NS;
import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineErrorReasons;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Machine lifecycle against the embedded API and the sim provider (Nodes are created by the test). */
class MachineLifecycleIT {
  static ScriptedSimProvider provider;
  static MachineControllerHarness h;

  @BeforeAll
  static void start() {
    provider = new ScriptedSimProvider();
    h = new MachineControllerHarness(provider, Map.of("shutdownSeconds", "1"), ControllerSettings.defaults(),
        request -> new DrainResult.Complete("nothing to evict"));
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void machineIsProvisionedThenRunningOnceItsNodeAppearsAndNodeMetadataIsSyncedWithTracking() {
    Machine m = simMachine("run-0", v -> {});
    MachineObjectMeta meta = new MachineObjectMeta();
    meta.setLabels(new HashMap<>(Map.of("node-role.kubernetes.io/worker", "", "team", "blue")));
    meta.setAnnotations(Map.of("example.com/owner", "alice"));
    m.getSpec().setMetadata(meta);
    m.getSpec().setTaints(List.of(new TaintBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule")
        .build()));
    h.create(m);

    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("run-0")));
    Machine provisioned = h.get("run-0");
    assertThat(provisioned.getMetadata().getFinalizers()).contains(Machine.FINALIZER);
    assertThat(provisioned.getSpec().getProviderID()).startsWith("sim:///");
    assertThat(provisioned.getStatus().getAddresses()).anySatisfy(a -> assertThat(a.getType()).isEqualTo("InternalIP"));
    assertThat(provisioned.getMetadata().getLabels()).containsEntry("machine.openshift.io/instance-type", "sim.medium")
        .containsKey("machine.openshift.io/region").containsKey("machine.openshift.io/zone");
    assertThat(provisioned.getMetadata().getAnnotations()).containsKey("machine.openshift.io/instance-state");
    assertThat(provisioned.getStatus().getProviderStatus().path("instanceId").asText()).startsWith("i-");
    assertThat(h.condition("run-0", MachineConditionTypes.INSTANCE_EXISTS).getStatus()).isEqualTo(Condition.TRUE);
    assertThat(h.condition("run-0", MachineConditionTypes.DRAINABLE).getStatus()).isEqualTo(Condition.TRUE);
    assertThat(h.condition("run-0", MachineConditionTypes.TERMINABLE).getStatus()).isEqualTo(Condition.TRUE);
    assertThat(provisioned.getStatus().getErrorMessage()).isNull();
    assertThat(provider.creates("run-0")).isEqualTo(1);

    Node node = h.createNodeFor(provisioned, "node-run-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("run-0")));
    Machine running = h.get("run-0");
    assertThat(running.getStatus().getNodeRef().getName()).isEqualTo("node-run-0");
    assertThat(running.getStatus().getNodeRef().getKind()).isEqualTo("Node");
    assertThat(running.getStatus().getNodeRef().getUid()).isEqualTo(node.getMetadata().getUid());
    assertThat(h.condition("run-0", MachineConditionTypes.NODE_HEALTHY).getStatus()).isEqualTo(Condition.TRUE);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Node n = h.client.nodes().withName("node-run-0").get();
      assertThat(n.getMetadata().getLabels()).containsEntry("team", "blue")
          .containsEntry("node-role.kubernetes.io/worker", "").containsEntry("kubernetes.io/hostname", "node-run-0");
      assertThat(n.getMetadata().getAnnotations()).containsEntry("example.com/owner", "alice")
          .containsEntry(NodeMetadataSync.MACHINE_ANNOTATION, NS + "/run-0")
          .containsEntry(NodeMetadataSync.LABELS_FROM_MACHINE, "node-role.kubernetes.io/worker,team")
          .containsEntry(NodeMetadataSync.TAINTS_FROM_MACHINE, "dedicated:NoSchedule");
      assertThat(n.getSpec().getTaints()).anySatisfy(t -> {
        assertThat(t.getKey()).isEqualTo("dedicated");
        assertThat(t.getValue()).isEqualTo("gpu");
      });
    });

    // Removing a label and the taint from the Machine removes them from the Node, and only them.
    h.edit("run-0", mm -> {
      mm.getSpec().getMetadata().getLabels().remove("team");
      mm.getSpec().setTaints(null);
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Node n = h.client.nodes().withName("node-run-0").get();
      assertThat(n.getMetadata().getLabels()).doesNotContainKey("team")
          .containsKey("node-role.kubernetes.io/worker").containsEntry("kubernetes.io/hostname", "node-run-0");
      assertThat(n.getSpec().getTaints()).noneSatisfy(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
      assertThat(n.getMetadata().getAnnotations()).doesNotContainKey(NodeMetadataSync.TAINTS_FROM_MACHINE);
    });

    // Node readiness shows on the Machine.
    h.client.nodes().withName("node-run-0").editStatus(n -> {
      n.getStatus().getConditions().get(0).setStatus("False");
      return n;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> Condition.FALSE.equals(
        h.condition("run-0", MachineConditionTypes.NODE_HEALTHY).getStatus()));

    assertThat(h.meters.find(MachineMetrics.PHASE_TRANSITION).tag("phase", MachinePhases.RUNNING).summary())
        .isNotNull().satisfies(summary -> assertThat(summary.count()).isPositive());
    assertThat(h.events("run-0")).extracting(Event::getReason)
        .contains(MachinePhases.PROVISIONING, MachinePhases.PROVISIONED, MachinePhases.RUNNING, "Created", "NodeLinked");
    assertThat(provider.creates("run-0")).isEqualTo(1);
  }

  @Test
  void invalidProviderSpecFailsNamingTheFieldWithoutAnyCreateCall() {
    h.create(simMachine("invalid-0", v -> v.put("bootSeconds", -5)));

    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.FAILED.equals(h.phase("invalid-0")));
    Machine failed = h.get("invalid-0");
    assertThat(failed.getStatus().getErrorReason()).isEqualTo(MachineErrorReasons.INVALID_CONFIGURATION);
    assertThat(failed.getStatus().getErrorMessage()).contains("providerSpec.value.bootSeconds");
    assertThat(provider.creates("invalid-0")).isZero();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.events("invalid-0"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("providerSpec.value.bootSeconds");
        }));
  }

  @Test
  void threeTransientCreateFailuresBackOffAndThenTheMachineRunsWithoutEverFailing() {
    provider.failCreates("flaky-0",
        new TransientProviderException(TransientProviderException.Reason.THROTTLED, "slow down", null),
        new TransientProviderException(TransientProviderException.Reason.THROTTLED, "slow down", null),
        new IllegalStateException("provider bug"));
    h.create(simMachine("flaky-0", v -> {}));

    await().atMost(Duration.ofSeconds(30)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("flaky-0")));
    assertThat(provider.creates("flaky-0")).isEqualTo(4);
    h.createNodeFor(h.get("flaky-0"), "node-flaky-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("flaky-0")));

    Machine running = h.get("flaky-0");
    assertThat(running.getStatus().getErrorReason()).isNull();
    assertThat(running.getStatus().getErrorMessage()).isNull();
    List<Event> events = h.events("flaky-0");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("FailedCreate");
      assertThat(e.getMessage()).contains("THROTTLED");
    });
    assertThat(events).noneSatisfy(e -> assertThat(e.getReason()).isEqualTo(MachinePhases.FAILED));
    assertThat(provider.creates("flaky-0")).isEqualTo(4);
    assertThat(h.meters.find(MachineMetrics.CREATE_FAILED).tag("name", "flaky-0").counters())
        .extracting(c -> (int) c.count()).containsExactly(3);

    h.client.resources(Machine.class).inNamespace(NS).withName("flaky-0").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> h.get("flaky-0") == null);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.meters.find(MachineMetrics.CREATE_FAILED)
        .tag("name", "flaky-0").counters().isEmpty());
  }

  @Test
  void noCapacityShowsAsItsOwnConditionReasonWithTheLongBackoffAndNeverFails() {
    provider.failCreates("nocap-0", new TransientProviderException(
        TransientProviderException.Reason.INSUFFICIENT_CAPACITY, "no m5.large in us-east-1a", Duration.ofSeconds(4),
        null));
    h.create(simMachine("nocap-0", v -> {}));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Condition exists = h.condition("nocap-0", MachineConditionTypes.INSTANCE_EXISTS);
      assertThat(exists).isNotNull();
      assertThat(exists.getReason()).isEqualTo(MachineConditionTypes.REASON_INSUFFICIENT_CAPACITY);
      assertThat(exists.getMessage()).contains("no m5.large in us-east-1a");
    });
    assertThat(h.phase("nocap-0")).isEqualTo(MachinePhases.PROVISIONING);
    // The provider's minimum backoff (4 s) holds the retry back.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> provider.creates("nocap-0") == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("nocap-0")));
    assertThat(provider.creates("nocap-0")).isEqualTo(2);
    assertThat(h.get("nocap-0").getStatus().getErrorReason()).isNull();
  }

  @Test
  void anInstanceThatVanishesAfterProvisioningFailsTheMachineAndIsNeverRecreated() {
    h.create(simMachine("vanish-0", v -> {}));
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("vanish-0")));

    provider.vanished.add("vanish-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.FAILED.equals(h.phase("vanish-0")));
    Machine failed = h.get("vanish-0");
    assertThat(failed.getStatus().getErrorMessage()).isEqualTo(InstancePhase.VANISHED_MESSAGE);
    assertThat(failed.getMetadata().getAnnotations()).containsEntry("machine.openshift.io/instance-state", "Unknown");
    assertThat(failed.getStatus().getProviderStatus().path("instanceState").asText()).isEqualTo("Unknown");
    Condition exists = h.condition("vanish-0", MachineConditionTypes.INSTANCE_EXISTS);
    assertThat(exists.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(exists.getReason()).isEqualTo(MachineConditionTypes.REASON_INSTANCE_MISSING);
    // Hold for a few recheck periods: still Failed, still one create.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofMillis(13000)).until(() ->
        provider.creates("vanish-0") == 1 && MachinePhases.FAILED.equals(h.phase("vanish-0")));
  }

  @Test
  void notYetFromCreateRequeuesWithoutFailureEvents() {
    provider.notYet("notyet-0", 2);
    h.create(simMachine("notyet-0", v -> {}));

    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("notyet-0")));
    assertThat(provider.creates("notyet-0")).isEqualTo(3);
    assertThat(h.events("notyet-0")).noneSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(h.get("notyet-0").getStatus().getErrorMessage()).isNull();
  }

  @Test
  void twoNodesWithTheMachinesProviderIdAreAnErrorUntilOneIsGone() {
    h.create(simMachine("twins-0", v -> {}));
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("twins-0")));
    Machine provisioned = h.get("twins-0");
    h.createNodeFor(provisioned, "node-twins-a");
    h.createNodeFor(provisioned, "node-twins-b");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Machine m = h.get("twins-0");
      Condition c = h.condition("twins-0", MachineConditionTypes.NODE_HEALTHY);
      // The two Nodes may be seen one after the other: the first can be linked before the second exists.
      if (m.getStatus().getNodeRef() == null) {
        assertThat(c.getReason()).isEqualTo(MachineConditionTypes.REASON_MULTIPLE_NODES);
        assertThat(c.getMessage()).contains("node-twins-a", "node-twins-b");
      } else {
        assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhases.RUNNING);
      }
    });
    if (h.get("twins-0").getStatus().getNodeRef() == null) {
      assertThat(h.phase("twins-0")).isEqualTo(MachinePhases.PROVISIONED);
      h.client.nodes().withName("node-twins-b").delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("twins-0")));
      assertThat(h.get("twins-0").getStatus().getNodeRef().getName()).isEqualTo("node-twins-a");
    }
  }

  @Test
  void statusIsNotRewrittenWhenNothingChanged() {
    h.create(simMachine("quiet-0", v -> {}));
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("quiet-0")));
    h.createNodeFor(h.get("quiet-0"), "node-quiet-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("quiet-0"))
        && "running".equals(h.get("quiet-0").getMetadata().getAnnotations().get("machine.openshift.io/instance-state")));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.client.nodes().withName("node-quiet-0").get().getMetadata()
        .getAnnotations().containsKey(NodeMetadataSync.MACHINE_ANNOTATION));
    String lastUpdated = h.get("quiet-0").getStatus().getLastUpdated();

    // An unrelated edit wakes the controller; a running-instance recheck (2 s here) happens too.
    h.edit("quiet-0", m -> m.getMetadata().getAnnotations().put("example.com/poke", "1"));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofMillis(13000))
        .until(() -> lastUpdated.equals(h.get("quiet-0").getStatus().getLastUpdated()));
  }
}
