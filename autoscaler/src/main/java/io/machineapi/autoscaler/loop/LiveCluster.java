package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.autoscaler.cluster.ClusterObjects;
import io.machineapi.autoscaler.cluster.SettingsReader;
import java.util.List;

/**
 * A one-shot read of the objects the autoscaler decides from, for {@code machine-api autoscaler explain}: Nodes,
 * Pods and PDBs of every namespace; MachineSets and Machines of the Machine API namespace (or all when none is
 * given); the ClusterAutoscalers; the Priority expander ConfigMap (in that namespace, else
 * {@value #DEFAULT_NAMESPACE}). Plain LIST calls. The running loop does not list: it reads the same kinds from
 * informer caches ({@link ClusterCache}); both go through {@link io.machineapi.autoscaler.cluster.SnapshotReader}.
 */
public final class LiveCluster {
  /** Where the Priority expander's ConfigMap is looked up when every namespace is watched. */
  public static final String DEFAULT_NAMESPACE = "openshift-machine-api";

  private LiveCluster() {}

  public static ClusterObjects read(KubernetesClient client, String machineNamespace) {
    List<ClusterAutoscaler> clusterAutoscalers = client.resources(ClusterAutoscaler.class).list().getItems();
    List<MachineSet> sets = machineNamespace == null
        ? client.resources(MachineSet.class).inAnyNamespace().list().getItems()
        : client.resources(MachineSet.class).inNamespace(machineNamespace).list().getItems();
    List<Machine> machines = machineNamespace == null
        ? client.resources(Machine.class).inAnyNamespace().list().getItems()
        : client.resources(Machine.class).inNamespace(machineNamespace).list().getItems();
    List<PodDisruptionBudget> pdbs = client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems();
    ConfigMap priority = client.configMaps().inNamespace(machineNamespace == null ? DEFAULT_NAMESPACE
        : machineNamespace).withName(SettingsReader.PRIORITY_CONFIGMAP).get();
    return new ClusterObjects(client.nodes().list().getItems(), client.pods().inAnyNamespace().list().getItems(),
        pdbs, sets, machines, clusterAutoscalers, priority);
  }
}
