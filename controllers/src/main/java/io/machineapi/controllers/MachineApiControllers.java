package io.machineapi.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.autoscaling.MachineAutoscalerReconciler;
import io.machineapi.controllers.cache.SharedCaches;
import io.machineapi.controllers.drain.NodeDrainer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.healthcheck.MachineHealthCheckReconciler;
import io.machineapi.controllers.machine.MachineReconciler;
import io.machineapi.controllers.machine.MachineTimings;
import io.machineapi.controllers.machineset.KubernetesMachineWrites;
import io.machineapi.controllers.machineset.MachineSetReconciler;
import io.machineapi.controllers.metrics.MachineApiCollector;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * Registers every Machine API controller with a java-operator-sdk {@link Operator}: Machine (lifecycle, node link,
 * drain, deletion), MachineSet, MachineHealthCheck and MachineAutoscaler. Used by {@code machine-api run} and by the sandbox, so both
 * run exactly the same controllers. The Machine, MachineSet and MachineHealthCheck controllers share one Node cache
 * and the latter two one secondary Machine cache ({@link SharedCaches}): one list and watch of each per operator.
 * OpenShift's Machine and MachineSet collector reads the Machine and MachineSet controllers' caches
 * ({@link MachineApiCollector}).
 */
public final class MachineApiControllers {
  private MachineApiControllers() {}

  /**
   * @param namespaces namespaces to watch; empty = all namespaces
   * @param settings operator-wide controller settings (MachineSet in-flight bound, drain and node-deletion timeouts)
   * @param drainer drains Nodes of Machines being deleted
   * @param meters where the controllers' metrics go
   * @return the number of controllers registered
   */
  public static int register(Operator operator, KubernetesClient client, ProviderRegistry providers,
      Set<String> namespaces, Clock clock, ControllerSettings settings, NodeDrainer drainer, MeterRegistry meters) {
    EventRecorder events = new EventRecorder(client, clock);
    SharedCaches caches = SharedCaches.create(client, namespaces);
    MachineReconciler machines = new MachineReconciler(client, providers, events, clock, settings, drainer,
        MachineTimings.defaults(), meters, caches);
    RegisteredController<Machine> machineController = operator.register(machines, o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    MachineSetReconciler machineSets = new MachineSetReconciler(new KubernetesMachineWrites(client), events, settings,
        clock, caches, new MachineSetReconciler.CapacitySource(providers, machines.providerCalls(), client));
    RegisteredController<MachineSet> machineSetController = operator.register(machineSets, o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    operator.register(new MachineHealthCheckReconciler(client, events, meters, clock, caches), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    operator.register(new MachineAutoscalerReconciler(client, events, clock), o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    });
    MachineApiCollector.bind(meters, machineController, machineSetController);
    return operator.getRegisteredControllersNumber();
  }
}
