package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MachineSet controller's secondary event sources: Machines, mapped to their controller-owner
 * MachineSet or, without a controller owner, to every MachineSet of the namespace whose selector matches
 * (adoption); and Nodes, mapped through the Machine whose {@code status.nodeRef} or {@code spec.providerID} names
 * them, so a Node turning Ready updates the ready counts at once. Machine events also settle {@link Expectations}.
 */
public final class MachineSetEventSources {
  public static final String MACHINES = "machineset-machines";
  public static final String NODES = "machineset-nodes";
  static final String BY_NODE_NAME = "nodeName";
  static final String BY_PROVIDER_ID = "providerID";

  private MachineSetEventSources() {}

  public static List<EventSource<?, MachineSet>> create(EventSourceContext<MachineSet> context,
      Expectations expectations) {
    IndexerResourceCache<MachineSet> sets = context.getPrimaryCache();
    InformerEventSource<Machine, MachineSet> machines = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Machine.class, MachineSet.class)
            .withName(MACHINES)
            .withSecondaryToPrimaryMapper(machine -> {
              expectations.observe(machine);
              return machineSets(machine, sets);
            })
            .withOnDeleteFilter((machine, finalStateUnknown) -> {
              expectations.gone(machine);
              return true;
            })
            .build(), context);
    machines.addIndexers(Map.of(
        BY_NODE_NAME, m -> m.getStatus() == null || m.getStatus().getNodeRef() == null
            || m.getStatus().getNodeRef().getName() == null ? List.of() : List.of(m.getStatus().getNodeRef().getName()),
        BY_PROVIDER_ID, m -> m.getSpec() == null || m.getSpec().getProviderID() == null ? List.of()
            : List.of(m.getSpec().getProviderID())));

    InformerEventSource<Node, MachineSet> nodes = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, MachineSet.class)
            .withName(NODES)
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(node -> machinesOf(node, machines).stream()
                .flatMap(m -> machineSets(m, sets).stream())
                .collect(Collectors.toSet()))
            .build(), context);
    return List.of(machines, nodes);
  }

  /** The MachineSets a Machine event concerns. */
  static Set<ResourceID> machineSets(Machine machine, IndexerResourceCache<MachineSet> sets) {
    String namespace = machine.getMetadata().getNamespace();
    var controller = MachineOwnership.controllerOf(machine);
    if (controller.isPresent()) {
      return "MachineSet".equals(controller.get().getKind())
          ? Set.of(new ResourceID(controller.get().getName(), namespace)) : Set.of();
    }
    return sets.list(namespace,
            set -> set.getSpec() != null && MachineSelector.of(set.getSpec().getSelector())
                .matches(machine.getMetadata().getLabels()))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Set<Machine> machinesOf(Node node, InformerEventSource<Machine, MachineSet> machines) {
    Set<Machine> found = new HashSet<>(machines.byIndex(BY_NODE_NAME, node.getMetadata().getName()));
    Optional.ofNullable(node.getSpec()).map(s -> s.getProviderID()).filter(id -> !id.isEmpty())
        .ifPresent(id -> found.addAll(machines.byIndex(BY_PROVIDER_ID, id)));
    return found;
  }
}
