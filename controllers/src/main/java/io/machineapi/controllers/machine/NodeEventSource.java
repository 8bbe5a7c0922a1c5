package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.controllers.cache.SharedInformer;
import io.machineapi.controllers.cache.SharedInformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Nodes as a secondary event source of the Machine controller, on the Node cache the controllers share: a Node change
 * wakes its Machine directly (no periodic requeue). A Node maps to the Machines with its providerID, else those with
 * its InternalIPs, plus the Machine whose nodeRef names it. Updates that cannot matter to a Machine (heartbeats,
 * image lists) are filtered out.
 */
final class NodeEventSource implements NodeLookup {
  private final SharedInformerEventSource<Node, Machine> source;

  NodeEventSource(EventSourceContext<Machine> context, SharedInformer<Node> nodes) {
    IndexedResourceCache<Machine> machines = context.getPrimaryCache();
    context.getPrimaryCache().addIndexers(NodeIndex.machineIndexers());
    this.source = new SharedInformerEventSource<>(Node.class, "nodes", nodes, node -> machinesOf(node, machines));
    source.setOnUpdateFilter((newNode, oldNode) -> mattersToMachine(newNode, oldNode));
  }

  SharedInformerEventSource<Node, Machine> source() {
    return source;
  }

  @Override
  public Optional<Node> byName(String name) {
    return source.informer().get(new ResourceID(name));
  }

  @Override
  public List<Node> byIndex(String index, String key) {
    return source.informer().byIndex(index, key);
  }

  static Set<ResourceID> machinesOf(Node node, IndexedResourceCache<Machine> machines) {
    Set<ResourceID> ids = new HashSet<>();
    String providerId = NodeIndex.providerId(node);
    if (!NodeIndex.blank(providerId)) {
      machines.byIndex(NodeIndex.BY_PROVIDER_ID, providerId).forEach(m -> ids.add(ResourceID.fromResource(m)));
    }
    if (ids.isEmpty()) {
      for (String ip : NodeIndex.internalIps(node)) {
        machines.byIndex(NodeIndex.BY_INTERNAL_IP, ip).forEach(m -> ids.add(ResourceID.fromResource(m)));
      }
    }
    machines.byIndex(NodeIndex.BY_NODE_NAME, node.getMetadata().getName())
        .forEach(m -> ids.add(ResourceID.fromResource(m)));
    return ids;
  }

  static boolean mattersToMachine(Node newNode, Node oldNode) {
    return !Objects.equals(NodeIndex.providerId(newNode), NodeIndex.providerId(oldNode))
        || !NodeIndex.internalIps(newNode).equals(NodeIndex.internalIps(oldNode))
        || !NodeIndex.readyStatus(newNode).equals(NodeIndex.readyStatus(oldNode))
        || !Objects.equals(newNode.getMetadata().getLabels(), oldNode.getMetadata().getLabels())
        || !Objects.equals(newNode.getMetadata().getAnnotations(), oldNode.getMetadata().getAnnotations())
        || !Objects.equals(newNode.getSpec() == null ? null : newNode.getSpec().getTaints(),
            oldNode.getSpec() == null ? null : oldNode.getSpec().getTaints())
        || !Objects.equals(newNode.getMetadata().getDeletionTimestamp(), oldNode.getMetadata().getDeletionTimestamp());
  }
}
