package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One autoscaler pass as a pure function: (snapshot, state, settings, now, random) → decision. No I/O, no clock, no
 * Kubernetes client; the cluster edge reads the snapshot, carries the decision out and keeps the returned state.
 *
 * <p>Order: follow scale-ups in flight (timeouts, failed Machines) → node templates → groups below their minimum
 * (when enforced) → pending pods minus those that fit existing or upcoming nodes → scale-up rounds → scale-down (unneeded tracking always, removals only without a
 * cooldown and never in a pass that scaled up).
 */
public final class Autoscaler {
  private Autoscaler() {}

  public static Decision decide(ClusterSnapshot snapshot, AutoscalerState state, AutoscalerSettings s, Instant now,
      RandomGenerator random) {
    ClusterView view = new ClusterView(snapshot);
    ScaleUpTracker.Result tracked = ScaleUpTracker.update(view, state, s, now);
    List<Decision.SizeChange> changes = new ArrayList<>(tracked.changes());
    List<String> notes = new ArrayList<>(tracked.notes());
    Map<String, Integer> targets = new HashMap<>(tracked.targets());

    NodeTemplates.Result templates = NodeTemplates.build(view, now);
    Map<String, Integer> upcoming = new HashMap<>();
    long upcomingNodes = 0;
    Resources upcomingRes = Resources.ZERO;
    for (NodeGroup g : view.groups.values()) {
      int u = view.upcoming(g, targets.get(g.id()), s, now);
      upcoming.put(g.id(), u);
      NodeTemplate t = templates.templates().get(g.id());
      if (u > 0 && t != null) {
        upcomingNodes += u;
        upcomingRes = upcomingRes.plus(t.allocatable().times(u));
      }
    }
    ClusterLimits limits = new ClusterLimits(s, snapshot.nodes().stream().filter(n -> !n.deleting()).toList(),
        upcomingNodes, upcomingRes);
    List<Decision.SizeChange> minSizeUps = s.enforceNodeGroupMinSize()
        ? MinSizeEnforcer.plan(view, targets, tracked.backoffs(), templates.templates(), limits, now) : List.of();
    for (Decision.SizeChange c : minSizeUps) {
      targets.put(c.group(), c.to());
      upcoming.put(c.group(), view.upcoming(view.groups.get(c.group()), c.to(), s, now));
    }

    PendingPods.Split split = PendingPods.select(snapshot.pods(), s, now);
    List<PodInfo> pending = new ArrayList<>(split.pending());
    pending.sort(Comparator.comparing((PodInfo p) -> p.created() == null ? Instant.EPOCH : p.created())
        .thenComparing(PodInfo::key));
    Map<PodShape, List<PodInfo>> byShape = PodShape.group(pending);
    Map<PodShape, Long> counts = new LinkedHashMap<>();
    byShape.forEach((shape, pods) -> counts.put(shape, (long) pods.size()));
    FitFilter.Result fit = FitFilter.apply(counts, snapshot.nodes(), view, upcoming, templates.templates());

    ScaleUpPlanner planner = new ScaleUpPlanner(view, s, templates.templates(), templates.missing(),
        tracked.backoffs(), targets, limits, random, now);
    ScaleUpPlanner.Result up = planner.plan(fit.remaining());
    // One change per group: a group raised to its minimum and then chosen for pods goes from its old size at once.
    Map<String, Decision.SizeChange> merged = new LinkedHashMap<>();
    minSizeUps.forEach(c -> merged.put(c.group(), c));
    // Salvo: every group the pods need is scaled in this pass; the reason says where the expanders ranked it.
    int rank = 0;
    for (Decision.SizeChange c : up.changes()) {
      String reason = "expander choice " + ++rank + " of " + up.changes().size() + ": " + c.reason();
      Decision.SizeChange min = merged.get(c.group());
      merged.put(c.group(), new Decision.SizeChange(c.group(), c.namespace(), c.name(),
          min == null ? c.from() : min.from(), c.to(), c.kind(), min == null ? reason : min.reason() + "; " + reason));
    }
    List<Decision.SizeChange> scaleUps = List.copyOf(merged.values());
    changes.addAll(scaleUps);
    Map<String, ScaleUpRequest> requests = new HashMap<>(tracked.requests());
    for (Decision.SizeChange c : scaleUps) {
      targets.put(c.group(), c.to());
      NodeGroup g = view.groups.get(c.group());
      ScaleUpRequest prev = requests.get(c.group());
      Instant expected = now.plus(g.options().maxNodeProvisionTime().orElse(s.maxNodeProvisionTime()));
      requests.put(c.group(), new ScaleUpRequest(c.group(), prev == null ? c.from() : prev.fromSize(), c.to(),
          prev == null ? now : prev.requestedAt(), expected));
    }
    boolean scaledUp = !scaleUps.isEmpty();
    List<Decision.PodVerdict> verdicts = verdicts(view, split.belowCutoff(), byShape, fit, up, changes, s);

    ScaleDownPlanner.Result down = ScaleDownPlanner.plan(view, state, s, now, targets, limits, scaledUp);
    notes.addAll(down.notes());

    AutoscalerState next = new AutoscalerState(scaledUp ? now : state.lastScaleUp(),
        down.removals().isEmpty() ? state.lastScaleDown() : now, state.lastScaleDownFailure(),
        Map.copyOf(down.unneededSince()), Map.copyOf(tracked.backoffs()), Map.copyOf(requests));
    List<Decision.GroupStatus> groups = new ArrayList<>();
    for (NodeGroup g : view.groups.values()) {
      String reason = planner.groupReason(g);
      Backoff b = tracked.backoffs().get(g.id());
      String health = g.autoscaled() ? (b != null && b.active(now) ? "Backoff" : "Healthy") : "NotAutoscaled";
      if (reason != null && !reason.startsWith("max node group size") && !health.equals("Backoff")
          && g.autoscaled()) {
        health = "Degraded: " + reason;
      }
      ScaleUpRequest r = requests.get(g.id());
      groups.add(new Decision.GroupStatus(g.id(), g.namespace(), g.name(), g.autoscaled(), g.min(), g.max(),
          targets.get(g.id()), view.registered(g.id()), view.ready(g.id()),
          view.upcoming(g, targets.get(g.id()), s, now), health, b, r == null ? null : r.requestedAt()));
    }
    return new Decision(changes, down.removals(), verdicts, groups, down.nodeReasons(), notes, next);
  }

  private static List<Decision.PodVerdict> verdicts(ClusterView view, List<PodInfo> belowCutoff, Map<PodShape, List<PodInfo>> byShape,
      FitFilter.Result fit, ScaleUpPlanner.Result up, List<Decision.SizeChange> changes, AutoscalerSettings s) {
    List<Decision.PodVerdict> out = new ArrayList<>();
    for (PodInfo p : belowCutoff) {
      out.add(new Decision.PodVerdict(p.key(), Decision.Verdict.IGNORED, null, "pod priority " + p.priority()
          + " is below the expendable-pods cutoff " + s.podPriorityCutoff() + ": it never triggers a scale-up",
          Map.of()));
    }
    Map<String, Decision.SizeChange> byGroup = new HashMap<>();
    Map<String, Integer> maxOf = new HashMap<>();
    view.groups.values().forEach(g -> maxOf.put(g.id(), g.max()));
    changes.stream().filter(c -> c.kind() == Decision.Change.SCALE_UP).forEach(c -> byGroup.put(c.group(), c));
    for (Map.Entry<PodShape, List<PodInfo>> e : byShape.entrySet()) {
      PodShape shape = e.getKey();
      List<PodInfo> pods = e.getValue();
      int i = 0;
      long fits = fit.fitting().getOrDefault(shape, 0L);
      for (; i < fits && i < pods.size(); i++) {
        out.add(new Decision.PodVerdict(pods.get(i).key(), Decision.Verdict.FITS_EXISTING_OR_UPCOMING, null,
            "pod fits on an existing or upcoming node: no scale-up needed", Map.of()));
      }
      Map<String, String> reasons = up.reasons().getOrDefault(shape, Map.of());
      for (ScaleUpPlanner.Taken t : up.taken().getOrDefault(shape, List.of())) {
        Decision.SizeChange c = byGroup.get(t.group());
        String msg = "pod triggered scale-up: [{" + t.group() + " " + c.from() + "->" + c.to() + " (max: "
            + maxOf.get(t.group()) + ")}]";
        for (long k = 0; k < t.count() && i < pods.size(); k++, i++) {
          out.add(new Decision.PodVerdict(pods.get(i).key(), Decision.Verdict.TRIGGERED_SCALE_UP, t.group(), msg,
              reasons));
        }
      }
      if (i < pods.size()) {
        Map<String, String> notChosen = up.leftoverReasons().getOrDefault(shape, Map.of());
        String msg = notTriggered(notChosen);
        for (; i < pods.size(); i++) {
          out.add(new Decision.PodVerdict(pods.get(i).key(), Decision.Verdict.NOT_TRIGGERED, null, msg, notChosen));
        }
      }
    }
    return out;
  }

  /** "pod didn't trigger scale-up: 2 MachineSet(s) didn't match Pod's node selector (...); 1 max node group ..." */
  static String notTriggered(Map<String, String> reasons) {
    if (reasons.isEmpty()) {
      return "pod didn't trigger scale-up: no MachineSets";
    }
    Map<String, Integer> counts = new TreeMap<>();
    reasons.values().forEach(r -> counts.merge(r, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((r, n) -> parts.add(n + " MachineSet(s): " + r));
    return "pod didn't trigger scale-up: " + String.join("; ", parts);
  }
}
