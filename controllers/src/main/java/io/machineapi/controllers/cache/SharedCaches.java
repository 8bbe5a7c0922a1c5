package io.machineapi.controllers.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caches the Machine API controllers share: one of Nodes (the Machine, MachineSet and MachineHealthCheck
 * controllers) and one of Machines for the controllers that watch Machines as secondaries (MachineSet and
 * MachineHealthCheck; the Machine controller has its primary cache). Created once by {@code MachineApiControllers};
 * a reconciler registered alone (tests) makes its own with {@link #forController}. Nothing runs until a controller
 * starts an event source on a cache.
 */
public final class SharedCaches {
  /** Node index: {@code spec.providerID}. */
  public static final String NODES_BY_PROVIDER_ID = "providerID";
  /** Node index: each InternalIP in {@code status.addresses}. */
  public static final String NODES_BY_INTERNAL_IP = "internalIP";
  /** Machine index: {@code status.nodeRef.name}. */
  public static final String MACHINES_BY_NODE_NAME = "nodeRefName";
  /** Machine index: {@code spec.providerID}. */
  public static final String MACHINES_BY_PROVIDER_ID = "providerID";

  private final SharedInformer<Node> nodes;
  private final SharedInformer<Machine> machines;

  private SharedCaches(SharedInformer<Node> nodes, SharedInformer<Machine> machines) {
    this.nodes = nodes;
    this.machines = machines;
  }

  /**
   * @param namespaces where Machines are watched; empty = all namespaces
   */
  public static SharedCaches create(KubernetesClient client, Set<String> namespaces) {
    SharedInformer<Node> nodes = new SharedInformer<>("nodes", ignored -> client.nodes().runnableInformer(0),
        List.of(), Map.of(
            NODES_BY_PROVIDER_ID, n -> blank(providerId(n)) ? List.of() : List.of(providerId(n)),
            NODES_BY_INTERNAL_IP, SharedCaches::internalIps),
        CachePruning::node);
    SharedInformer<Machine> machines = new SharedInformer<>("machines", namespace -> namespace == null
            ? client.resources(Machine.class).inAnyNamespace().runnableInformer(0)
            : client.resources(Machine.class).inNamespace(namespace).runnableInformer(0),
        List.copyOf(new TreeSet<>(namespaces)), Map.of(
            MACHINES_BY_NODE_NAME, m -> m.getStatus() == null || m.getStatus().getNodeRef() == null
                || blank(m.getStatus().getNodeRef().getName()) ? List.of()
                : List.of(m.getStatus().getNodeRef().getName()),
            MACHINES_BY_PROVIDER_ID, m -> m.getSpec() == null || blank(m.getSpec().getProviderID()) ? List.of()
                : List.of(m.getSpec().getProviderID())),
        CachePruning::secondaryMachine);
    return new SharedCaches(nodes, machines);
  }

  /** Caches of a controller registered on its own, watching Machines where the controller watches its primaries. */
  public static SharedCaches forController(EventSourceContext<?> context) {
    Set<String> watched = context.getControllerConfiguration().getEffectiveNamespaces();
    Set<String> namespaces;
    if (watched.contains(Constants.WATCH_ALL_NAMESPACES)) {
      namespaces = Set.of();
    } else if (watched.contains(Constants.WATCH_CURRENT_NAMESPACE)) {
      namespaces = Set.of(context.getClient().getNamespace());
    } else {
      namespaces = watched;
    }
    return create(context.getClient(), namespaces);
  }

  public SharedInformer<Node> nodes() {
    return nodes;
  }

  public SharedInformer<Machine> machines() {
    return machines;
  }

  /** A Node's {@code spec.providerID}, or null. */
  public static String providerId(Node node) {
    return node.getSpec() == null ? null : node.getSpec().getProviderID();
  }

  /** A Node's InternalIP addresses, without duplicates. */
  public static List<String> internalIps(Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return List.of();
    }
    return node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress).filter(Objects::nonNull).distinct().toList();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
