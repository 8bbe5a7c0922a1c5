package io.machineapi.autoscaler.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.DisruptionBudget;
import io.machineapi.autoscaler.core.GroupMachine;
import io.machineapi.autoscaler.core.NodeGroup;
import io.machineapi.autoscaler.core.NodeInfo;
import io.machineapi.autoscaler.core.NodeSelectorRequirement;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.autoscaler.core.Taint;
import io.machineapi.autoscaler.core.Toleration;
import io.machineapi.selector.LabelMatcher;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes objects → the decision core's snapshot. Node → MachineSet goes through the Machine whose
 * {@code status.nodeRef} names the node (its controller owner is the MachineSet), else the node's
 * {@code machine.openshift.io/machine} annotation; when Machines are not in the input (a {@code kubectl get} dump
 * without them), the Machine's name is matched to the MachineSet whose name plus {@code -} is its longest prefix.
 */
public final class SnapshotReader {
  static final String MACHINE_ANNOTATION = "machine.openshift.io/machine";
  static final String CAPI_MACHINE_ANNOTATION = "cluster.x-k8s.io/machine";
  static final Set<String> GPU_RESOURCES = Set.of("nvidia.com/gpu", "amd.com/gpu");

  private SnapshotReader() {}

  public static ClusterSnapshot read(ClusterObjects in) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.Node n : in.nodes()) {
      nodes.add(node(n, null, null));
    }
    List<PodInfo> pods = new ArrayList<>();
    for (Pod p : in.pods()) {
      pods.add(pod(p));
    }
    return assemble(nodes, pods, in.budgets(), in.machineSets(), in.machines());
  }

  /**
   * The snapshot from nodes and pods already converted ({@link #node} with no group or machine, {@link #pod}) and the
   * raw PDBs, MachineSets and Machines: here each node gets its group and Machine. The informer caches of the loop
   * keep nodes and pods converted, so a pass converts only what changed.
   */
  public static ClusterSnapshot assemble(Collection<NodeInfo> unplacedNodes, List<PodInfo> pods,
      Collection<PodDisruptionBudget> pdbs, Collection<MachineSet> machineSets, Collection<Machine> machineList) {
    Map<String, MachineSet> setsByUid = new HashMap<>();
    Map<String, List<MachineSet>> setsByNamespace = new HashMap<>();
    for (MachineSet s : machineSets) {
      setsByUid.put(s.getMetadata().getUid(), s);
      setsByNamespace.computeIfAbsent(s.getMetadata().getNamespace(), k -> new ArrayList<>()).add(s);
    }
    Map<String, Machine> machineByNode = new HashMap<>();
    Map<String, Machine> machineByKey = new HashMap<>();
    Map<String, List<GroupMachine>> machinesBySet = new HashMap<>();
    for (Machine m : machineList) {
      machineByKey.put(m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(), m);
      String node = m.getStatus() == null || m.getStatus().getNodeRef() == null ? null
          : m.getStatus().getNodeRef().getName();
      if (node != null) {
        machineByNode.put(node, m);
      }
      MachineSet owner = controllerSet(m.getMetadata(), setsByUid);
      if (owner != null) {
        boolean failed = m.getStatus() != null && (MachinePhases.FAILED.equals(m.getStatus().getPhase())
            || m.getStatus().getErrorReason() != null);
        machinesBySet.computeIfAbsent(owner.getMetadata().getUid(), k -> new ArrayList<>())
            .add(new GroupMachine(m.getMetadata().getName(), node, failed,
                m.getMetadata().getDeletionTimestamp() != null, instant(m.getMetadata().getCreationTimestamp())));
      }
    }
    List<NodeGroup> groups = new ArrayList<>();
    for (MachineSet s : machineSets) {
      groups.add(MachineSetGroups.group(s, machinesBySet.getOrDefault(s.getMetadata().getUid(), List.of())));
    }
    List<NodeInfo> nodes = new ArrayList<>();
    for (NodeInfo n : unplacedNodes) {
      String machineKey = null;
      MachineSet set = null;
      Machine m = machineByNode.get(n.name());
      if (m == null) {
        String key = n.annotations().getOrDefault(MACHINE_ANNOTATION, n.annotations().get(CAPI_MACHINE_ANNOTATION));
        if (key != null) {
          m = machineByKey.get(key);
          machineKey = key;
          if (m == null) {
            set = setByNamePrefix(key, setsByNamespace);
          }
        }
      }
      if (m != null) {
        machineKey = m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
        set = controllerSet(m.getMetadata(), setsByUid);
      }
      String group = set == null ? null : NodeGroup.id(set.getMetadata().getNamespace(), set.getMetadata().getName());
      nodes.add(new NodeInfo(n.name(), n.labels(), n.annotations(), n.taints(), n.allocatable(), n.ready(),
          n.readySince(), n.unschedulable(), n.deleting(), n.created(), group, machineKey));
    }
    List<DisruptionBudget> budgets = new ArrayList<>();
    for (PodDisruptionBudget b : pdbs) {
      if (b.getSpec() == null || b.getSpec().getSelector() == null) {
        continue;
      }
      int allowed = b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null ? 0
          : b.getStatus().getDisruptionsAllowed();
      budgets.add(new DisruptionBudget(b.getMetadata().getNamespace(), b.getMetadata().getName(),
          budgetSelector(b.getSpec().getSelector()), allowed));
    }
    return new ClusterSnapshot(nodes, pods, budgets, groups);
  }

  /**
   * A PodDisruptionBudget's selector as the Eviction API and the disruption controller read it: a
   * {@code metav1.LabelSelector}, so only In, NotIn, Exists and DoesNotExist; one that does not convert (Gt, Lt or any
   * other operator, an invalid key or value) matches no pod.
   */
  static LabelMatcher budgetSelector(LabelSelector selector) {
    try {
      return LabelSelectors.fromLabelSelector(selector);
    } catch (SelectorException e) {
      return LabelMatcher.nothing();
    }
  }

  private static MachineSet controllerSet(ObjectMeta meta, Map<String, MachineSet> setsByUid) {
    for (OwnerReference r : orEmpty(meta.getOwnerReferences())) {
      if (Boolean.TRUE.equals(r.getController()) && "MachineSet".equals(r.getKind())) {
        return setsByUid.get(r.getUid());
      }
    }
    return null;
  }

  private static MachineSet setByNamePrefix(String machineKey, Map<String, List<MachineSet>> byNamespace) {
    int slash = machineKey.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String ns = machineKey.substring(0, slash);
    String name = machineKey.substring(slash + 1);
    MachineSet best = null;
    for (MachineSet s : byNamespace.getOrDefault(ns, List.of())) {
      String prefix = s.getMetadata().getName() + "-";
      if (name.startsWith(prefix) && (best == null || prefix.length() > best.getMetadata().getName().length() + 1)) {
        best = s;
      }
    }
    return best;
  }

  public static NodeInfo node(io.fabric8.kubernetes.api.model.Node n, String group, String machine) {
    Map<String, Quantity> alloc = n.getStatus() == null ? Map.of() : orEmpty(n.getStatus().getAllocatable());
    if (alloc.isEmpty() && n.getStatus() != null) {
      alloc = orEmpty(n.getStatus().getCapacity());
    }
    Resources allocatable = new Resources(milli(alloc.get("cpu")), bytes(alloc.get("memory")), gpus(alloc),
        bytes(alloc.get("ephemeral-storage")), alloc.containsKey("pods") ? bytes(alloc.get("pods")) : 110);
    boolean ready = false;
    Instant readySince = null;
    if (n.getStatus() != null) {
      for (NodeCondition c : orEmpty(n.getStatus().getConditions())) {
        if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
          ready = true;
          readySince = instant(c.getLastTransitionTime());
        }
      }
    }
    List<Taint> taints = new ArrayList<>();
    if (n.getSpec() != null) {
      for (io.fabric8.kubernetes.api.model.Taint t : orEmpty(n.getSpec().getTaints())) {
        taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
      }
    }
    return new NodeInfo(n.getMetadata().getName(), orEmpty(n.getMetadata().getLabels()),
        orEmpty(n.getMetadata().getAnnotations()), taints, allocatable, ready, readySince,
        n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()),
        n.getMetadata().getDeletionTimestamp() != null, instant(n.getMetadata().getCreationTimestamp()), group,
        machine);
  }

  public static PodInfo pod(Pod p) {
    var spec = p.getSpec();
    Resources sum = Resources.ZERO;
    Set<Integer> ports = new HashSet<>();
    for (Container c : orEmpty(spec.getContainers())) {
      sum = sum.plus(requests(c));
      for (ContainerPort port : orEmpty(c.getPorts())) {
        if (port.getHostPort() != null && port.getHostPort() > 0) {
          ports.add(port.getHostPort());
        }
      }
    }
    for (Container c : orEmpty(spec.getInitContainers())) {
      Resources r = requests(c);
      sum = new Resources(Math.max(sum.cpuMilli(), r.cpuMilli()), Math.max(sum.memoryBytes(), r.memoryBytes()),
          Math.max(sum.gpus(), r.gpus()), Math.max(sum.ephemeralBytes(), r.ephemeralBytes()), 0);
    }
    Map<String, Quantity> overhead = orEmpty(spec.getOverhead());
    sum = sum.plus(new Resources(milli(overhead.get("cpu")), bytes(overhead.get("memory")), 0, 0, 0));
    Resources requests = new Resources(sum.cpuMilli(), sum.memoryBytes(), sum.gpus(), sum.ephemeralBytes(), 1);

    List<List<NodeSelectorRequirement>> affinity = new ArrayList<>();
    if (spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
        && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      for (NodeSelectorTerm term : orEmpty(spec.getAffinity().getNodeAffinity()
          .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
        List<NodeSelectorRequirement> t = new ArrayList<>();
        for (var r : orEmpty(term.getMatchExpressions())) {
          t.add(new NodeSelectorRequirement(r.getKey(), r.getOperator(), orEmpty(r.getValues())));
        }
        affinity.add(t);
      }
    }
    List<Toleration> tolerations = new ArrayList<>();
    for (var t : orEmpty(spec.getTolerations())) {
      tolerations.add(new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
    }
    boolean unschedulable = false;
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    if (p.getStatus() != null && (p.getStatus().getNominatedNodeName() == null
        || p.getStatus().getNominatedNodeName().isEmpty())) {
      for (PodCondition c : orEmpty(p.getStatus().getConditions())) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason())) {
          unschedulable = true;
        }
      }
    }
    String kind = null;
    String owner = null;
    for (OwnerReference r : orEmpty(p.getMetadata().getOwnerReferences())) {
      if (Boolean.TRUE.equals(r.getController())) {
        kind = r.getKind();
        owner = r.getName();
      }
    }
    List<String> local = new ArrayList<>();
    for (Volume v : orEmpty(spec.getVolumes())) {
      if (v.getHostPath() != null || (v.getEmptyDir() != null && !"Memory".equals(v.getEmptyDir().getMedium()))) {
        local.add(v.getName());
      }
    }
    Map<String, String> annotations = orEmpty(p.getMetadata().getAnnotations());
    String node = spec.getNodeName() == null || spec.getNodeName().isEmpty() ? null : spec.getNodeName();
    return new PodInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(), orEmpty(p.getMetadata().getLabels()),
        annotations, requests, orEmpty(spec.getNodeSelector()), affinity, tolerations, ports,
        spec.getPriority() == null ? 0 : spec.getPriority(), instant(p.getMetadata().getCreationTimestamp()), node,
        unschedulable, "Succeeded".equals(phase) || "Failed".equals(phase),
        p.getMetadata().getDeletionTimestamp() != null, kind, owner,
        annotations.containsKey("kubernetes.io/config.mirror"), local);
  }

  private static Resources requests(Container c) {
    Map<String, Quantity> req = new HashMap<>();
    if (c.getResources() != null) {
      // The API server defaults a missing request to the limit; the embedded API does not, so do it here.
      req.putAll(orEmpty(c.getResources().getLimits()));
      req.putAll(orEmpty(c.getResources().getRequests()));
    }
    return new Resources(milli(req.get("cpu")), bytes(req.get("memory")), gpus(req),
        bytes(req.get("ephemeral-storage")), 0);
  }

  private static long gpus(Map<String, Quantity> resources) {
    long n = 0;
    for (String r : GPU_RESOURCES) {
      n += bytes(resources.get(r));
    }
    return n;
  }

  static long milli(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValue();
  }

  static long bytes(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }

  static Instant instant(String timestamp) {
    return timestamp == null ? null : Instant.parse(timestamp);
  }

  static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
