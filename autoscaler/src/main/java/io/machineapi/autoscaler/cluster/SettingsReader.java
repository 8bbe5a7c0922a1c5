package io.machineapi.autoscaler.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.GoDuration;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.ClusterAutoscalerSpec;
import io.machineapi.api.autoscaling.v1.EnabledDisabled;
import io.machineapi.api.autoscaling.v1.Expander;
import io.machineapi.api.autoscaling.v1.GpuLimit;
import io.machineapi.autoscaler.core.AutoscalerSettings;
import io.machineapi.autoscaler.core.AutoscalerSettings.ExpanderKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ClusterAutoscaler {@code default} → the core's settings; an omitted field keeps the cluster-autoscaler
 * default, {@code scaleDown.enabled: false} ignores the other scale-down fields (both as on OpenShift). The Priority
 * expander's configuration is cluster-autoscaler's ConfigMap {@code cluster-autoscaler-priority-expander}, key
 * {@code priorities}: a YAML map of integer priority → list of regular expressions on node-group ids.
 */
public final class SettingsReader {
  public static final String PRIORITY_CONFIGMAP = "cluster-autoscaler-priority-expander";

  private SettingsReader() {}

  /** The settings plus anything that could not be read (reported on the ClusterAutoscaler status). */
  public record Result(AutoscalerSettings settings, List<String> problems) {}

  public static Result read(ClusterAutoscaler ca, ConfigMap priorities) {
    List<String> problems = new ArrayList<>();
    AutoscalerSettings s = AutoscalerSettings.defaults();
    ClusterAutoscalerSpec spec = ca == null ? null : ca.getSpec();
    if (spec == null) {
      return new Result(s, problems);
    }
    Map<Integer, List<Pattern>> priorityConfig = priorities(priorities, problems);
    AutoscalerSettings base = s;
    s = s.with(b -> {
      var limits = spec.getResourceLimits();
      if (limits != null) {
        b.maxNodesTotal = Optional.ofNullable(limits.getMaxNodesTotal());
        if (limits.getCores() != null) {
          b.coresMin = limits.getCores().getMin() == null ? base.coresMin() : limits.getCores().getMin();
          b.coresMax = limits.getCores().getMax() == null ? base.coresMax() : limits.getCores().getMax();
        }
        if (limits.getMemory() != null) {
          b.memoryMinGiB = limits.getMemory().getMin() == null ? base.memoryMinGiB() : limits.getMemory().getMin();
          b.memoryMaxGiB = limits.getMemory().getMax() == null ? base.memoryMaxGiB() : limits.getMemory().getMax();
        }
        Map<String, Long> gpus = new HashMap<>();
        for (GpuLimit g : limits.getGpus() == null ? List.<GpuLimit>of() : limits.getGpus()) {
          if (g.getType() != null && g.getMax() != null) {
            gpus.put(g.getType(), (long) g.getMax());
          }
        }
        b.gpuMax = Map.copyOf(gpus);
      }
      if (spec.getPodPriorityThreshold() != null) {
        b.podPriorityCutoff = spec.getPodPriorityThreshold();
      }
      b.maxNodeProvisionTime = duration(spec.getMaxNodeProvisionTime(), base.maxNodeProvisionTime(),
          "maxNodeProvisionTime", problems);
      if (spec.getBalanceSimilarNodeGroups() != null) {
        b.balanceSimilarNodeGroups = spec.getBalanceSimilarNodeGroups();
      }
      if (spec.getBalancingIgnoredLabels() != null) {
        b.balancingIgnoredLabels = List.copyOf(spec.getBalancingIgnoredLabels());
      }
      if (spec.getIgnoreDaemonsetsUtilization() != null) {
        b.ignoreDaemonSetsUtilization = spec.getIgnoreDaemonsetsUtilization();
      }
      b.enforceNodeGroupMinSize = spec.getEnforceNodeGroupMinSize() == EnabledDisabled.Enabled;
      if (spec.getSkipNodesWithLocalStorage() != null) {
        b.skipNodesWithLocalStorage = spec.getSkipNodesWithLocalStorage();
      }
      if (spec.getExpanders() != null && !spec.getExpanders().isEmpty()) {
        List<ExpanderKind> chain = new ArrayList<>();
        for (Expander e : spec.getExpanders()) {
          chain.add(ExpanderKind.valueOf(e.name()));
        }
        b.expanders = List.copyOf(chain);
      }
      b.priorities = priorityConfig;
      if (spec.getScaleUp() != null) {
        b.newPodScaleUpDelay = duration(spec.getScaleUp().getNewPodScaleUpDelay(), base.newPodScaleUpDelay(),
            "scaleUp.newPodScaleUpDelay", problems);
      }
      var down = spec.getScaleDown();
      if (down != null) {
        b.scaleDownEnabled = !Boolean.FALSE.equals(down.getEnabled());
        if (b.scaleDownEnabled) {
          b.scaleDownDelayAfterAdd = duration(down.getDelayAfterAdd(), base.scaleDownDelayAfterAdd(),
              "scaleDown.delayAfterAdd", problems);
          b.scaleDownDelayAfterDelete = duration(down.getDelayAfterDelete(), base.scaleDownDelayAfterDelete(),
              "scaleDown.delayAfterDelete", problems);
          b.scaleDownDelayAfterFailure = duration(down.getDelayAfterFailure(), base.scaleDownDelayAfterFailure(),
              "scaleDown.delayAfterFailure", problems);
          b.scaleDownUnneededTime = duration(down.getUnneededTime(), base.scaleDownUnneededTime(),
              "scaleDown.unneededTime", problems);
          if (down.getUtilizationThreshold() != null) {
            try {
              b.scaleDownUtilizationThreshold = Double.parseDouble(down.getUtilizationThreshold());
            } catch (NumberFormatException e) {
              problems.add("scaleDown.utilizationThreshold: not a number: " + down.getUtilizationThreshold());
            }
          }
        }
      }
    });
    return new Result(s, problems);
  }

  private static java.time.Duration duration(String v, java.time.Duration dflt, String field, List<String> problems) {
    if (v == null) {
      return dflt;
    }
    try {
      return GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return dflt;
    }
  }

  /** cluster-autoscaler's format: {@code priorities: |\n  10:\n  - .*spot.*\n  1:\n  - .*}. */
  static Map<Integer, List<Pattern>> priorities(ConfigMap cm, List<String> problems) {
    if (cm == null || cm.getData() == null || !cm.getData().containsKey("priorities")) {
      return Map.of();
    }
    try {
      JsonNode root = Serialization.yamlMapper().readTree(cm.getData().get("priorities"));
      Map<Integer, List<Pattern>> out = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode p : e.getValue()) {
          patterns.add(Pattern.compile(p.asText()));
        }
        out.put(Integer.parseInt(e.getKey().trim()), List.copyOf(patterns));
      }
      return Map.copyOf(out);
    } catch (Exception e) {
      problems.add("ConfigMap " + PRIORITY_CONFIGMAP + ": unreadable priorities (" + e.getMessage()
          + "); the Priority expander is skipped");
      return Map.of();
    }
  }
}
