package io.machineapi.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.controllers.drain.NodeDrainer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.MachineReconciler;
import io.machineapi.controllers.machine.MachineTimings;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * Registers every Machine API controller with a java-operator-sdk {@link Operator}. Used by {@code machine-api run}
 * and by the sandbox, so both run exactly the same controllers.
 */
public final class MachineApiControllers {
  private MachineApiControllers() {}

  /**
   * @param namespaces namespaces to watch; empty = all namespaces
   * @param settings operator-wide controller settings (drain and node-deletion timeouts, …)
   * @param drainer drains Nodes of Machines being deleted
   * @return the number of controllers registered
   */
  public static int register(Operator operator, KubernetesClient client, ProviderRegistry providers,
      Set<String> namespaces, Clock clock, ControllerSettings settings, NodeDrainer drainer) {
    EventRecorder events = new EventRecorder(client, clock);
    operator.register(new MachineReconciler(client, providers, events, clock, settings, drainer,
        MachineTimings.defaults()), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    return operator.getRegisteredControllersNumber();
  }
}
