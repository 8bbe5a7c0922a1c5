package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.cache.PrimaryDeletions;
import io.machineapi.controllers.cache.SharedCaches;
import io.machineapi.controllers.cache.SharedInformer;
import io.machineapi.controllers.cache.SharedInformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MachineSet controller's event sources, on the caches the controllers share ({@link SharedCaches}): Machines,
 * mapped to their controller-owner MachineSet or, without a controller owner, to every MachineSet of the namespace
 * whose selector matches (adoption); Nodes, mapped through the Machine whose {@code status.nodeRef} or
 * {@code spec.providerID} names them, so a Node turning Ready updates the ready counts at once; and deletions of
 * MachineSets, so what is kept in memory about a set is dropped. Machine events also settle {@link Expectations}.
 */
public final class MachineSetEventSources {
  public static final String MACHINES = "machineset-machines";
  public static final String NODES = "machineset-nodes";
  public static final String DELETIONS = "machineset-deletions";

  private MachineSetEventSources() {}

  /** @param deleted called with each MachineSet deleted */
  public static List<EventSource<?, MachineSet>> create(EventSourceContext<MachineSet> context,
      Expectations expectations, SharedCaches caches, Consumer<MachineSet> deleted) {
    IndexerResourceCache<MachineSet> sets = context.getPrimaryCache();
    SharedInformer<Machine> machineCache = caches.machines();
    SharedInformerEventSource<Machine, MachineSet> machines = new SharedInformerEventSource<>(Machine.class, MACHINES,
        machineCache, machine -> {
          expectations.observe(machine);
          return machineSets(machine, sets);
        });
    machines.setOnDeleteFilter((machine, finalStateUnknown) -> {
      expectations.gone(machine);
      return true;
    });
    SharedInformerEventSource<Node, MachineSet> nodes = new SharedInformerEventSource<>(Node.class, NODES,
        caches.nodes(), node -> machinesOf(node, machineCache).stream()
            .flatMap(m -> machineSets(m, sets).stream())
            .collect(Collectors.toSet()));
    return List.of(machines, nodes, new PrimaryDeletions<>(MachineSet.class, DELETIONS, deleted));
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

  private static Set<Machine> machinesOf(Node node, SharedInformer<Machine> machines) {
    Set<Machine> found = new HashSet<>(machines.byIndex(SharedCaches.MACHINES_BY_NODE_NAME,
        node.getMetadata().getName()));
    Optional.ofNullable(node.getSpec()).map(s -> s.getProviderID()).filter(id -> !id.isEmpty())
        .ifPresent(id -> found.addAll(machines.byIndex(SharedCaches.MACHINES_BY_PROVIDER_ID, id)));
    return found;
  }
}
