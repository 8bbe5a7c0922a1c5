package io.machineapi.autoscaler.cluster;

import io.machineapi.autoscaler.core.AutoscalerSettings;
import io.machineapi.autoscaler.core.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable form of a decision, printed by {@code autoscaler explain} and {@code autoscaler plan}: the
 * MachineSets, what would change, and per pending pod every MachineSet with why it was or was not chosen. Pods with
 * the same verdict and the same reasons are printed once, with their names listed.
 */
public final class DecisionReport {
  private static final int NAMES_SHOWN = 5;

  private DecisionReport() {}

  public static String render(Decision d, AutoscalerSettings s, List<String> problems, boolean autoscalerPresent) {
    StringBuilder out = new StringBuilder();
    out.append(autoscalerPresent ? "ClusterAutoscaler default: present" : "ClusterAutoscaler default: ABSENT (the "
        + "autoscaler acts only while it exists; shown is what it would do)").append('\n');
    out.append("Settings: expanders ").append(s.expanders()).append(", scale-down ")
        .append(s.scaleDownEnabled() ? "enabled (unneeded " + s.scaleDownUnneededTime().toSeconds()
            + "s, delay after add " + s.scaleDownDelayAfterAdd().toSeconds() + "s, threshold "
            + s.scaleDownUtilizationThreshold() + ")" : "disabled")
        .append(", max node provision time ").append(s.maxNodeProvisionTime().toSeconds()).append("s\n");
    problems.forEach(p -> out.append("Settings problem: ").append(p).append('\n'));
    out.append("\nMachineSets:\n");
    out.append(String.format("  %-50s %-10s %4s %4s %6s %5s %8s  %s%n", "ID", "AUTOSCALED", "MIN", "MAX", "TARGET",
        "READY", "UPCOMING", "HEALTH"));
    for (Decision.GroupStatus g : d.groups()) {
      out.append(String.format("  %-50s %-10s %4d %4d %6d %5d %8d  %s%n", g.id(), g.autoscaled() ? "yes" : "no",
          g.min(), g.max(), g.targetSize(), g.ready(), g.upcoming(), g.health()
              + (g.backoff() != null && "Backoff".equals(g.health()) ? " until " + g.backoff().until() + ": "
              + g.backoff().reason() : "")));
    }
    out.append("\nSize changes:").append(d.sizeChanges().isEmpty() ? " none\n" : "\n");
    for (Decision.SizeChange c : d.sizeChanges()) {
      out.append("  ").append(c.group()).append(' ').append(c.from()).append(" -> ").append(c.to()).append(" [")
          .append(c.kind()).append("] ").append(c.reason()).append('\n');
    }
    out.append("\nNode removals:").append(d.removals().isEmpty() ? " none\n" : "\n");
    for (Decision.NodeRemoval r : d.removals()) {
      out.append("  node ").append(r.node()).append(" (Machine ").append(r.namespace()).append('/')
          .append(r.machine()).append(" of ").append(r.group()).append("): ").append(r.reason()).append('\n');
    }
    List<Decision.PodVerdict> pods = d.pods();
    out.append("\nPending pods: ").append(pods.size()).append('\n');
    Map<String, List<Decision.PodVerdict>> alike = new LinkedHashMap<>();
    for (Decision.PodVerdict v : pods) {
      alike.computeIfAbsent(v.verdict() + "|" + v.message() + "|" + v.groupReasons(), k -> new ArrayList<>()).add(v);
    }
    for (List<Decision.PodVerdict> same : alike.values()) {
      Decision.PodVerdict first = same.get(0);
      List<String> names = same.stream().limit(NAMES_SHOWN).map(Decision.PodVerdict::pod).toList();
      out.append("  ").append(String.join(", ", names))
          .append(same.size() > NAMES_SHOWN ? " (+" + (same.size() - NAMES_SHOWN) + " more)" : "").append('\n');
      out.append("    ").append(first.verdict()).append(": ").append(first.message()).append('\n');
      first.groupReasons().forEach((g, r) -> out.append("      ").append(g).append(": ").append(r).append('\n'));
    }
    if (!d.nodeReasons().isEmpty()) {
      out.append("\nScale-down view of autoscaled nodes:\n");
      d.nodeReasons().forEach((n, r) -> out.append("  ").append(n).append(": ").append(r).append('\n'));
    }
    if (!d.notes().isEmpty()) {
      out.append("\nNotes:\n");
      d.notes().forEach(n -> out.append("  ").append(n).append('\n'));
    }
    return out.toString();
  }
}
