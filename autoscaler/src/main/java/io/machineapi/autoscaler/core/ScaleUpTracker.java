package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the scale-ups in flight. A request is done once its nodes registered (or someone else
 * lowered the replicas); one whose nodes did not register within max-node-provision-time is reverted down to what
 * registered and the group backed off; Failed Machines that never got a Node are removed by lowering the
 * replicas (the MachineSet deletes unhealthy Machines first) and back the group off.
 */
final class ScaleUpTracker {
  private ScaleUpTracker() {}

  record Result(List<Decision.SizeChange> changes, Map<String, Integer> targets, Map<String, Backoff> backoffs,
      Map<String, ScaleUpRequest> requests, List<String> notes) {}

  static Result update(ClusterView view, AutoscalerState state, AutoscalerSettings s, Instant now) {
    List<Decision.SizeChange> changes = new ArrayList<>();
    Map<String, Integer> targets = new HashMap<>();
    Map<String, Backoff> backoffs = new HashMap<>();
    Map<String, ScaleUpRequest> requests = new HashMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Backoff> e : state.backoffs().entrySet()) {
      if (e.getValue().active(now)
          || Duration.between(e.getValue().lastFailure(), now).compareTo(s.backoffResetAfter()) < 0) {
        backoffs.put(e.getKey(), e.getValue());
      }
    }
    for (NodeGroup g : view.groups.values()) {
      int target = g.targetSize();
      targets.put(g.id(), target);
      if (!g.autoscaled()) {
        continue;
      }
      int registered = view.registered(g.id());
      ScaleUpRequest req = state.requests().get(g.id());
      if (req != null) {
        if (registered >= req.targetSize() || target < req.targetSize()) {
          req = null;
        } else if (!now.isBefore(req.expectedBy())) {
          int to = Math.max(registered, req.fromSize());
          String why = (req.targetSize() - registered) + " of " + (req.targetSize() - req.fromSize())
              + " requested node(s) did not register within " + Duration.between(req.requestedAt(), req.expectedBy());
          backoffs.put(g.id(), Backoff.after(backoffs.get(g.id()), now, "ScaleUpTimedOut: " + why, s));
          if (to < target) {
            changes.add(new Decision.SizeChange(g.id(), g.namespace(), g.name(), target, to,
                Decision.Change.REVERT_TIMED_OUT, "ScaleUpTimedOut: " + why));
            target = to;
            targets.put(g.id(), to);
          }
          notes.add(g.id() + ": scale-up timed out, " + why);
          req = null;
        }
      }
      List<String> failed = new ArrayList<>();
      for (GroupMachine m : g.machines()) {
        if (m.failed() && !m.deleting() && m.nodeName() == null) {
          failed.add(m.name());
        }
      }
      if (!failed.isEmpty()) {
        String why = "Machine(s) " + String.join(", ", failed) + " failed before their Node registered";
        backoffs.put(g.id(), Backoff.after(backoffs.get(g.id()), now, "ScaleUpFailed: " + why, s));
        int to = Math.max(g.min(), target - failed.size());
        if (to < target) {
          changes.add(new Decision.SizeChange(g.id(), g.namespace(), g.name(), target, to,
              Decision.Change.REMOVE_FAILED, "ScaleUpFailed: " + why));
          target = to;
          targets.put(g.id(), to);
        }
        req = null;
      }
      if (req != null) {
        requests.put(g.id(), req);
      }
    }
    return new Result(changes, targets, backoffs, requests, notes);
  }
}
