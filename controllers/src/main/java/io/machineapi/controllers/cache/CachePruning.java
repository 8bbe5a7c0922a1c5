package io.machineapi.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.machineapi.api.machine.v1beta1.Machine;

/**
 * What the controllers' caches drop from an object before storing it. Only fields no controller reads from a cache:
 * <ul>
 *   <li>every object: {@code metadata.managedFields} (server-side apply bookkeeping, often the largest part of a
 *       small object);</li>
 *   <li>Nodes: {@code status.images} (up to 50 images with all their names on a real node), {@code status.nodeInfo},
 *       {@code status.volumesInUse}, {@code status.volumesAttached}. The Node readers use metadata (name, uid,
 *       resourceVersion, labels, annotations, deletionTimestamp), {@code spec.providerID}, {@code spec.taints},
 *       {@code status.addresses} and {@code status.conditions}; the drainer reads its Node from the API;</li>
 *   <li>Machines in the shared (secondary) cache: {@code spec.providerSpec} and {@code status.providerStatus}. The
 *       MachineSet and MachineHealthCheck controllers read labels, annotations, owner references, timestamps,
 *       {@code spec.providerID}, {@code status.nodeRef}, phase, error fields and conditions, and write Machines
 *       through patches or a fresh read; the Machine controller reads its own, unpruned (but for
 *       managedFields), primary cache.</li>
 * </ul>
 * Each method changes and returns the object it is given. The old object of an informer update is the stored, pruned
 * one: update filters must not compare pruned fields.
 */
public final class CachePruning {
  private CachePruning() {}

  public static <T extends HasMetadata> T metadata(T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return object;
  }

  public static Node node(Node node) {
    metadata(node);
    if (node.getStatus() != null) {
      node.getStatus().setImages(null);
      node.getStatus().setNodeInfo(null);
      node.getStatus().setVolumesInUse(null);
      node.getStatus().setVolumesAttached(null);
    }
    return node;
  }

  /** For the secondary Machine cache of the MachineSet and MachineHealthCheck controllers. */
  public static Machine secondaryMachine(Machine machine) {
    metadata(machine);
    if (machine.getSpec() != null) {
      machine.getSpec().setProviderSpec(null);
    }
    if (machine.getStatus() != null) {
      machine.getStatus().setProviderStatus(null);
    }
    return machine;
  }

  /** The item store of the Machine controller's primary informer: drops managedFields only. */
  public static final class MachineStore extends TransformingItemStore<Machine> {
    public MachineStore() {
      super(CachePruning::metadata);
    }
  }
}
