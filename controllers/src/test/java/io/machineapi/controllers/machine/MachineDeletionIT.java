package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.NS;
import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.LifecycleHook;
import io.machineapi.api.machine.v1beta1.LifecycleHooks;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.providers.sim.SimMachineProviderSpec;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deletion sequence: Deleting, preDrain hooks, drain, preTerminate hooks, instance deleted, Node deleted. */
class MachineDeletionIT {
  static ScriptedSimProvider provider;
  static RecordingDrainer drainer;
  static MachineControllerHarness h;

  @BeforeAll
  static void start() {
    provider = new ScriptedSimProvider();
    drainer = new RecordingDrainer(1);
    h = new MachineControllerHarness(provider, Map.of("shutdownSeconds", "1"), ControllerSettings.defaults(),
        drainer);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void preDrainHookHoldsDrainPreTerminateHookHoldsDeleteThenInstanceNodeAndFinalizerAreGone() throws Exception {
    Machine m = simMachine("del-0", v -> {});
    LifecycleHooks hooks = new LifecycleHooks();
    hooks.setPreDrain(new ArrayList<>(List.of(new LifecycleHook("DrainHold", "test/owner"))));
    hooks.setPreTerminate(new ArrayList<>(List.of(new LifecycleHook("TerminateHold", "test/owner"))));
    m.getSpec().setLifecycleHooks(hooks);
    h.create(m);
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("del-0")));
    h.createNodeFor(h.get("del-0"), "node-del-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("del-0")));
    Machine running = h.get("del-0");
    assertThat(h.condition("del-0", MachineConditionTypes.DRAINABLE).getReason())
        .isEqualTo(MachineConditionTypes.REASON_HOOK_PRESENT);

    h.client.resources(Machine.class).inNamespace(NS).withName("del-0").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> MachinePhases.DELETING.equals(h.phase("del-0")));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.events("del-0").stream()
        .anyMatch(e -> "DrainBlocked".equals(e.getReason())));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofMillis(11000))
        .until(() -> drainer.callsFor("node-del-0") == 0 && h.get("del-0") != null);

    h.edit("del-0", mm -> mm.getSpec().getLifecycleHooks().setPreDrain(null));
    await().atMost(Duration.ofSeconds(10)).until(() -> Condition.TRUE.equals(
        h.condition("del-0", MachineConditionTypes.DRAINED).getStatus()));
    assertThat(drainer.callsFor("node-del-0")).isEqualTo(2);
    assertThat(h.condition("del-0", MachineConditionTypes.DRAINED).getMessage())
        .isEqualTo(DrainPhase.SUCCEEDED_MESSAGE);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.events("del-0").stream()
        .anyMatch(e -> "TerminationBlocked".equals(e.getReason())));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofMillis(11000))
        .until(() -> provider.deletes.get("del-0") == null && h.get("del-0") != null);
    assertThat(h.condition("del-0", MachineConditionTypes.TERMINABLE).getStatus()).isEqualTo(Condition.FALSE);

    h.edit("del-0", mm -> mm.getSpec().getLifecycleHooks().setPreTerminate(null));
    await().atMost(Duration.ofSeconds(20)).until(() -> h.get("del-0") == null);
    assertThat(h.client.nodes().withName("node-del-0").get()).isNull();
    assertThat(describe(running).kind()).isEqualTo(InstanceState.Kind.GONE);
    assertThat(drainer.callsFor("node-del-0")).isEqualTo(2);
    assertThat(h.events("del-0")).extracting(Event::getReason)
        .contains(MachinePhases.DELETING, "DrainSucceeded", "InstanceDeleted");
  }

  @Test
  void excludeDrainingAnnotationSkipsTheDrain() {
    Machine m = simMachine("nodrain-0", v -> {});
    m.getMetadata().setAnnotations(Map.of(DrainPhase.EXCLUDE_ANNOTATION, "false"));
    h.create(m);
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("nodrain-0")));
    h.createNodeFor(h.get("nodrain-0"), "node-nodrain-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("nodrain-0")));

    h.client.resources(Machine.class).inNamespace(NS).withName("nodrain-0").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> h.get("nodrain-0") == null);
    assertThat(drainer.callsFor("node-nodrain-0")).isZero();
    assertThat(h.client.nodes().withName("node-nodrain-0").get()).isNull();
    assertThat(h.events("nodrain-0")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("DrainSkipped");
      assertThat(e.getMessage()).contains(DrainPhase.EXCLUDE_ANNOTATION);
    });
  }

  @Test
  void aFailedMachineWithAnInvalidSpecAndNoAddressesIsDeletedWithoutCallingTheProvider() {
    h.create(simMachine("broken-0", v -> v.put("zone", "elsewhere")));
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.FAILED.equals(h.phase("broken-0")));

    h.client.resources(Machine.class).inNamespace(NS).withName("broken-0").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> h.get("broken-0") == null);
    assertThat(provider.deletes.get("broken-0")).isNull();
    assertThat(provider.creates("broken-0")).isZero();
  }

  @Test
  void aFailedDrainPassIsShownAndRetried() {
    drainer.failFirstPass.add("node-drainfail-0");
    h.create(simMachine("drainfail-0", v -> {}));
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("drainfail-0")));
    h.createNodeFor(h.get("drainfail-0"), "node-drainfail-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("drainfail-0")));

    h.client.resources(Machine.class).inNamespace(NS).withName("drainfail-0").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> h.get("drainfail-0") == null);
    assertThat(drainer.callsFor("node-drainfail-0")).isEqualTo(2);
    assertThat(h.events("drainfail-0")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("DrainRequeued");
      assertThat(e.getMessage()).contains("cordon failed");
    });
  }

  @Test
  void drainTimeoutSkipsADrainThatNeverFinishes() {
    RecordingDrainer stuck = new RecordingDrainer(Integer.MAX_VALUE);
    ControllerSettings settings = new ControllerSettings(10, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(1));
    try (MachineControllerHarness own = new MachineControllerHarness(new ScriptedSimProvider(),
        Map.of("shutdownSeconds", "1"), settings, stuck)) {
      own.create(simMachine("stuck-0", v -> {}));
      await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(own.phase("stuck-0")));
      own.createNodeFor(own.get("stuck-0"), "node-stuck-0");
      await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(own.phase("stuck-0")));

      own.client.resources(Machine.class).inNamespace(NS).withName("stuck-0").delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> own.get("stuck-0") == null);
      assertThat(stuck.callsFor("node-stuck-0")).isGreaterThanOrEqualTo(2);
      assertThat(own.events("stuck-0")).anySatisfy(e -> {
        assertThat(e.getReason()).isEqualTo("DrainSkipped");
        assertThat(e.getMessage()).contains("drain timeout");
      });
    }
  }

  private static InstanceState describe(Machine machine) throws Exception {
    SimMachineProviderSpec spec = provider.decode(machine.getSpec().getProviderSpec().getValue());
    MachineContext context = MachineContext.builder(NS, machine.getMetadata().getName(),
        machine.getMetadata().getUid(), "test").build();
    return (InstanceState) provider.describe(List.of(new DescribeRequest<>(context, spec)))
        .resultFor(machine.getMetadata().getUid()).orElseThrow();
  }
}
