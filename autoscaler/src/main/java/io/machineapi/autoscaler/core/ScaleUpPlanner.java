package io.machineapi.autoscaler.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * From the pods that still need capacity to MachineSet size changes. Node groups are grouped by template class
 * (equal free room, labels and taints): predicates run once per (class, shape) and the binpacking estimate once per
 * (class, node limit), so 200 MachineSets built from a handful of instance types cost a handful of estimates.
 * Rounds repeat — best option by the expander chain, its balanced siblings, then the next best for the pods left —
 * until no option is left (cluster-autoscaler's salvo mode, always on), so one pass serves every pending pod it can.
 */
final class ScaleUpPlanner {
  private final ClusterView view;
  private final AutoscalerSettings s;
  private final Map<String, NodeTemplate> templates;
  private final Map<String, String> missingTemplates;
  private final Map<String, Backoff> backoffs;
  private final Map<String, Integer> targets;
  private final ClusterLimits limits;
  private final RandomGenerator random;
  private final java.time.Instant now;

  /** Per (template class, shape): why the shape cannot go on that class, or "" when it can. */
  private final Map<TemplateClass, Map<PodShape, String>> shapeReasons = new HashMap<>();
  private final Map<String, TemplateClass> classOf = new HashMap<>();

  record TemplateClass(Resources free, Map<String, String> labels, List<Taint> taints) {}

  private record EstimateKey(TemplateClass c, long limit) {}

  /** What the planner decided: size changes, and per pending shape who took how many and why others did not. */
  record Result(List<Decision.SizeChange> changes, Map<PodShape, List<Taken>> taken,
      Map<PodShape, Map<String, String>> reasons, Map<PodShape, Map<String, String>> leftoverReasons) {}

  /** {@code count} pods of a shape placed on new nodes of {@code group} (sized from → to). */
  record Taken(String group, long count) {}

  ScaleUpPlanner(ClusterView view, AutoscalerSettings s, Map<String, NodeTemplate> templates,
      Map<String, String> missingTemplates, Map<String, Backoff> backoffs, Map<String, Integer> targets,
      ClusterLimits limits, RandomGenerator random, java.time.Instant now) {
    this.view = view;
    this.s = s;
    this.templates = templates;
    this.missingTemplates = missingTemplates;
    this.backoffs = backoffs;
    this.targets = new HashMap<>(targets);
    this.limits = limits;
    this.random = random;
    this.now = now;
    for (Map.Entry<String, NodeTemplate> e : templates.entrySet()) {
      NodeTemplate t = e.getValue();
      classOf.put(e.getKey(), new TemplateClass(t.free(), t.labels(), t.taints()));
    }
  }

  Result plan(Map<PodShape, Long> pending) {
    Map<PodShape, Long> left = new LinkedHashMap<>(pending);
    Map<String, Decision.SizeChange> changes = new LinkedHashMap<>();
    Map<PodShape, List<Taken>> taken = new HashMap<>();
    Map<String, String> groupReasons = new HashMap<>();
    Map<String, String> chosenWhy = new HashMap<>();
    int maxRounds = view.groups.size() + pending.size() + 1;
    for (int round = 0; round < maxRounds && !left.isEmpty(); round++) {
      List<Expanders.Option> options = new ArrayList<>();
      Map<EstimateKey, Binpacking.Estimate> cache = new HashMap<>();
      for (NodeGroup g : view.groups.values()) {
        String reason = groupReason(g);
        if (reason != null) {
          groupReasons.put(g.id(), reason);
          continue;
        }
        NodeTemplate t = templates.get(g.id());
        TemplateClass c = classOf.get(g.id());
        Map<PodShape, Long> fitting = new LinkedHashMap<>();
        for (Map.Entry<PodShape, Long> e : left.entrySet()) {
          if (shapeReason(c, e.getKey()).isEmpty()) {
            fitting.put(e.getKey(), e.getValue());
          }
        }
        if (fitting.isEmpty()) {
          continue;
        }
        long limit = nodeLimit(g, t, groupReasons);
        if (limit <= 0) {
          continue;
        }
        EstimateKey key = new EstimateKey(c, limit);
        Binpacking.Estimate est = cache.computeIfAbsent(key,
            k -> Binpacking.estimate(Binpacking.order(fitting, c.free()), g.id(), c.free(), limit));
        if (est.nodes() > 0 && est.podsPlaced() > 0) {
          options.add(new Expanders.Option(g, t, est.nodes(), est));
        }
      }
      Expanders.Choice choice = Expanders.choose(options, s, random);
      if (choice == null) {
        break;
      }
      Expanders.Option best = choice.best();
      Map<String, Long> shares = balance(best);
      for (Map.Entry<String, Long> share : shares.entrySet()) {
        NodeGroup g = view.groups.get(share.getKey());
        int from = targets.get(g.id());
        int to = (int) (from + share.getValue());
        targets.put(g.id(), to);
        limits.charge(templates.get(g.id()).allocatable(), share.getValue());
        Decision.SizeChange prev = changes.get(g.id());
        int origin = prev == null ? from : prev.from();
        String why = "pending pods need " + share.getValue() + " node(s) of " + templates.get(g.id()).source()
            + " template; chosen by " + (choice.why().isEmpty() ? "being the only option" : choice.why()) + (shares.size() > 1 ? ", balanced over " + shares.size()
            + " similar MachineSets" : "");
        changes.put(g.id(), new Decision.SizeChange(g.id(), g.namespace(), g.name(), origin, to,
            Decision.Change.SCALE_UP, why));
        chosenWhy.putIfAbsent(g.id(), choice.why().isEmpty() ? "the only option" : choice.why());
      }
      for (Map.Entry<PodShape, Long> e : best.estimate().placed().entrySet()) {
        taken.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Taken(best.group().id(), e.getValue()));
        long rest = left.get(e.getKey()) - e.getValue();
        if (rest <= 0) {
          left.remove(e.getKey());
        } else {
          left.put(e.getKey(), rest);
        }
      }
    }
    Map<PodShape, Map<String, String>> reasons = new HashMap<>();
    for (PodShape shape : pending.keySet()) {
      Map<String, String> chosen = new HashMap<>();
      taken.getOrDefault(shape, List.of()).forEach(t -> chosen.put(t.group(), "chosen: " + chosenWhy.get(t.group())));
      reasons.put(shape, reasonsPerGroup(shape, chosen, id -> "could take it; another MachineSet was chosen"));
    }
    Map<PodShape, Map<String, String>> leftover = new HashMap<>();
    for (PodShape shape : left.keySet()) {
      leftover.put(shape, reasonsPerGroup(shape, Map.of(), id -> groupReasons.getOrDefault(id,
          "could take it, but its new nodes were all given to other pods (group or cluster limit)")));
    }
    return new Result(new ArrayList<>(changes.values()), taken, reasons, leftover);
  }

  /**
   * Per MachineSet, why it did or did not take pods of {@code shape}: {@code first} when given, else why the group
   * takes no part, else the failing predicate, else {@code couldTakeIt}.
   */
  private Map<String, String> reasonsPerGroup(PodShape shape, Map<String, String> first,
      Function<String, String> couldTakeIt) {
    Map<String, String> perGroup = new LinkedHashMap<>();
    for (NodeGroup g : view.groups.values()) {
      String r = first.get(g.id());
      if (r == null) {
        r = groupReason(g);
      }
      if (r == null) {
        r = shapeReason(classOf.get(g.id()), shape);
        if (r.isEmpty()) {
          r = couldTakeIt.apply(g.id());
        }
      }
      perGroup.put(g.id(), r);
    }
    return perGroup;
  }

  /** Why a group takes no part in this pass's scale-up at all, or null. */
  String groupReason(NodeGroup g) {
    if (g.invalid() != null) {
      return "invalid autoscaling annotations: " + g.invalid();
    }
    if (!g.autoscaled()) {
      return "not autoscaled (no MachineAutoscaler: max size annotation missing or 0)";
    }
    Backoff b = backoffs.get(g.id());
    if (b != null && b.active(now)) {
      return "backed off until " + b.until() + " after " + b.reason();
    }
    if (targets.get(g.id()) >= g.max()) {
      return "max node group size reached (" + g.max() + ")";
    }
    if (!templates.containsKey(g.id())) {
      return missingTemplates.getOrDefault(g.id(), "no node template");
    }
    return null;
  }

  private String shapeReason(TemplateClass c, PodShape shape) {
    return shapeReasons.computeIfAbsent(c, k -> new HashMap<>()).computeIfAbsent(shape, k -> {
      String r = SchedulingPredicates.labelsOrTaintsMismatch(shape, c.labels(), c.taints());
      if (r == null) {
        r = SchedulingPredicates.tooLarge(shape, c.free());
      }
      if (r == null && c.free().gpus() > 0 && shape.requests().gpus() == 0) {
        r = "GPU MachineSet: new GPU nodes are only added for pods that request GPUs";
      }
      return r == null ? "" : r;
    });
  }

  private long nodeLimit(NodeGroup g, NodeTemplate t, Map<String, String> groupReasons) {
    long byGroup = g.max() - targets.get(g.id());
    ClusterLimits.Headroom h = limits.headroom(t.allocatable());
    if (h.nodes() <= 0) {
      groupReasons.put(g.id(), h.limitedBy());
      return 0;
    }
    return Math.min(Math.min(byGroup, h.nodes()), s.maxNodesPerScaleUp());
  }

  /**
   * With balancing on, the option's nodes are handed out one at a time to the smallest of the similar groups
   * that can take the same pods and still grow; otherwise all go to the chosen group.
   */
  private Map<String, Long> balance(Expanders.Option best) {
    Map<String, Long> shares = new LinkedHashMap<>();
    shares.put(best.group().id(), 0L);
    if (s.balanceSimilarNodeGroups()) {
      for (NodeGroup g : view.groups.values()) {
        if (g.id().equals(best.group().id()) || groupReason(g) != null) {
          continue;
        }
        NodeTemplate t = templates.get(g.id());
        if (!SimilarGroups.similar(best.template(), t, s.balancingIgnoredLabels())) {
          continue;
        }
        TemplateClass c = classOf.get(g.id());
        if (best.estimate().placed().keySet().stream().allMatch(shape -> shapeReason(c, shape).isEmpty())) {
          shares.put(g.id(), 0L);
        }
      }
    }
    for (long n = 0; n < best.nodes(); n++) {
      String smallest = null;
      for (String id : shares.keySet()) {
        long size = targets.get(id) + shares.get(id);
        if (size < view.groups.get(id).max()
            && (smallest == null || size < targets.get(smallest) + shares.get(smallest))) {
          smallest = id;
        }
      }
      if (smallest == null) {
        break;
      }
      shares.merge(smallest, 1L, Long::sum);
    }
    shares.values().removeIf(v -> v == 0);
    return shares;
  }
}
