package io.machineapi.autoscaler.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The expander chain narrows the scale-up options in order; a tie left at the end is broken randomly.
 * LeastWaste, MostPods, Priority and Random as in cluster-autoscaler (MostPods is this project's addition to the enum).
 */
final class Expanders {
  private Expanders() {}

  /** A way to serve some of the pending pods: add {@code nodes} nodes to {@code group}. */
  record Option(NodeGroup group, NodeTemplate template, long nodes, Binpacking.Estimate estimate) {
    /** waste = unused CPU share + unused memory share of the new nodes' capacity (lower is better). */
    double waste() {
      Resources cap = template.allocatable();
      double cpu = cap.cpuMilli() == 0 ? 0
          : (double) (cap.cpuMilli() * nodes - estimate.requested().cpuMilli()) / (cap.cpuMilli() * nodes);
      double mem = cap.memoryBytes() == 0 ? 0
          : (double) (cap.memoryBytes() * nodes - estimate.requested().memoryBytes()) / (cap.memoryBytes() * nodes);
      return cpu + mem;
    }
  }

  record Choice(Option best, String why) {}

  static Choice choose(List<Option> options, AutoscalerSettings s, RandomGenerator random) {
    if (options.isEmpty()) {
      return null;
    }
    List<Option> left = options;
    List<String> why = new ArrayList<>();
    for (AutoscalerSettings.ExpanderKind kind : s.expanders()) {
      if (left.size() == 1) {
        break;
      }
      switch (kind) {
        case LeastWaste -> {
          double min = left.stream().mapToDouble(Option::waste).min().orElse(0);
          left = left.stream().filter(o -> o.waste() <= min + 1e-9).toList();
          why.add(String.format("least-waste (waste %.3f)", min));
        }
        case MostPods -> {
          long max = left.stream().mapToLong(o -> o.estimate().podsPlaced()).max().orElse(0);
          left = left.stream().filter(o -> o.estimate().podsPlaced() == max).toList();
          why.add("most-pods (" + max + " pods)");
        }
        case Priority -> {
          if (s.priorities().isEmpty()) {
            why.add("priority skipped (no configuration)");
            break;
          }
          int best = Integer.MIN_VALUE;
          for (Option o : left) {
            best = Math.max(best, priority(o.group().id(), s.priorities()));
          }
          if (best == Integer.MIN_VALUE) {
            why.add("priority skipped (no option matches a pattern)");
            break;
          }
          int top = best;
          left = left.stream().filter(o -> priority(o.group().id(), s.priorities()) == top).toList();
          why.add("priority " + top);
        }
        case Random -> {
          left = List.of(left.get(random.nextInt(left.size())));
          why.add("random");
        }
        default -> throw new IllegalStateException(kind.name());
      }
    }
    Option best = left.size() == 1 ? left.get(0) : left.get(random.nextInt(left.size()));
    if (left.size() > 1) {
      why.add("random tie-break among " + left.size());
    }
    return new Choice(best, String.join(", ", why));
  }

  /** The highest priority whose patterns match the id (whole-id match), or MIN_VALUE when none does. */
  static int priority(String id, Map<Integer, List<Pattern>> config) {
    int best = Integer.MIN_VALUE;
    for (Map.Entry<Integer, List<Pattern>> e : config.entrySet()) {
      if (e.getKey() > best && e.getValue().stream().anyMatch(p -> p.matcher(id).matches())) {
        best = e.getKey();
      }
    }
    return best;
  }
}
