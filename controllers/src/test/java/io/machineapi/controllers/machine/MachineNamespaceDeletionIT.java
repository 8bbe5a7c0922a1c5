package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.NS;
import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.ControllerSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting the Machines' namespace: the API's namespace controller deletes the Machine, its finalizer holds it and
 * the namespace until the Machine controller has deleted the instance, then both are gone.
 */
class MachineNamespaceDeletionIT {

  @Test
  void deletingTheNamespaceDeletesTheMachineThroughItsFinalizerThenTheNamespace() {
    ScriptedSimProvider provider = new ScriptedSimProvider();
    try (MachineControllerHarness h = new MachineControllerHarness(provider, Map.of("shutdownSeconds", "1"),
        ControllerSettings.defaults(), new RecordingDrainer(1))) {
      h.create(simMachine("nsdel-0", v -> {}));
      await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("nsdel-0")));
      assertThat(h.get("nsdel-0").getMetadata().getFinalizers()).isNotEmpty();

      h.client.namespaces().withName(NS).delete();

      Namespace terminating = h.client.namespaces().withName(NS).get();
      assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
      await().atMost(Duration.ofSeconds(30)).until(() -> h.get("nsdel-0") == null);
      assertThat(provider.deletes.get("nsdel-0")).isNotNull();
      await().atMost(Duration.ofSeconds(15)).until(() -> h.client.namespaces().withName(NS).get() == null);
      assertThat(h.client.resources(Machine.class).inAnyNamespace().list().getItems()).isEmpty();
    }
  }
}
