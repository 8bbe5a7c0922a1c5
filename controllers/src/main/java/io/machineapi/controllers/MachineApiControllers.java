package io.machineapi.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.MachineReconciler;
import io.machineapi.controllers.machineset.KubernetesMachineWrites;
import io.machineapi.controllers.machineset.MachineSetReconciler;
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
   * @return the number of controllers registered
   */
  public static int register(Operator operator, KubernetesClient client, ProviderRegistry providers,
      Set<String> namespaces, Clock clock) {
    return register(operator, client, providers, namespaces, clock, ControllerSettings.defaults());
  }

  /**
   * @param namespaces namespaces to watch; empty = all namespaces
   * @param settings controller settings (MachineSet in-flight bound, drain and node-deletion timeouts)
   * @return the number of controllers registered
   */
  public static int register(Operator operator, KubernetesClient client, ProviderRegistry providers,
      Set<String> namespaces, Clock clock, ControllerSettings settings) {
    EventRecorder events = new EventRecorder(client, clock);
    operator.register(new MachineReconciler(providers, events, clock), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    operator.register(new MachineSetReconciler(new KubernetesMachineWrites(client), events, settings, clock), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    return operator.getRegisteredControllersNumber();
  }
}
