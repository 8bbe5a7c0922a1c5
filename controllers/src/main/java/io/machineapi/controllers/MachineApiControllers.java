package io.machineapi.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.MachineReconciler;
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
    EventRecorder events = new EventRecorder(client, clock);
    operator.register(new MachineReconciler(providers, events, clock), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    return operator.getRegisteredControllersNumber();
  }
}
