package io.machineapi.autoscaler.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Node groups whose new nodes would be interchangeable, for balancing at scale-up (cluster-autoscaler's rules). */
final class SimilarGroups {
  static final double MEMORY_RATIO = 0.015;
  static final double ALLOCATABLE_RATIO = 0.05;
  static final double FREE_RATIO = 0.05;
  static final Set<String> ALWAYS_IGNORED = Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone",
      "topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
      "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/fluentd-ds-ready", "kops.k8s.io/instancegroup",
      "machine.openshift.io/cluster-api-machineset", "machine.openshift.io/cluster-api-machine-type",
      "topology.ebs.csi.aws.com/zone", "topology.disk.csi.azure.com/zone", "topology.gke.io/zone",
      "topology.k8s.aws/zone-id");

  private SimilarGroups() {}

  static boolean similar(NodeTemplate a, NodeTemplate b, List<String> ignoredLabels) {
    Resources ca = a.allocatable();
    Resources cb = b.allocatable();
    if ((ca.gpus() > 0) != (cb.gpus() > 0) || ca.gpus() != cb.gpus() || ca.pods() != cb.pods()) {
      return false;
    }
    if (!close(ca.memoryBytes(), cb.memoryBytes(), MEMORY_RATIO) || !close(ca.cpuMilli(), cb.cpuMilli(),
        ALLOCATABLE_RATIO)) {
      return false;
    }
    Resources fa = a.free();
    Resources fb = b.free();
    if (!close(fa.cpuMilli(), fb.cpuMilli(), FREE_RATIO) || !close(fa.memoryBytes(), fb.memoryBytes(), FREE_RATIO)) {
      return false;
    }
    return relevant(a.labels(), ignoredLabels).equals(relevant(b.labels(), ignoredLabels))
        && Set.copyOf(a.taints()).equals(Set.copyOf(b.taints()));
  }

  private static boolean close(long x, long y, double ratio) {
    long max = Math.max(x, y);
    return max == 0 || Math.abs(x - y) <= ratio * max;
  }

  private static Map<String, String> relevant(Map<String, String> labels, List<String> ignored) {
    Map<String, String> out = new HashMap<>(labels);
    out.keySet().removeIf(k -> ALWAYS_IGNORED.contains(k) || ignored.contains(k));
    return out;
  }
}
