package io.machineapi.controllers.healthcheck;

import io.machineapi.controllers.healthcheck.HealthCheckPolicy.UnhealthyRule;
import io.machineapi.controllers.healthcheck.HealthTarget.NodeCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides which targets of a MachineHealthCheck are healthy, which wait, and which to remediate — a pure function
 * of the policy, the targets and the current instant, so timeouts are tested without waiting.
 *
 * <p>Rules (OpenShift's, with this project's node-startup clock): Failed ⇒ unhealthy; Node
 * linked but gone ⇒ unhealthy; no Node yet ⇒ unhealthy once {@code nodeStartupTimeout} has passed since the
 * instance was created ({@code 0} disables this); a Node condition matching an entry for at least its timeout ⇒
 * unhealthy, inside the window ⇒ waiting until it expires. Waiting, deleting and externally remediated targets are
 * not counted healthy. More unhealthy targets than {@code maxUnhealthy} ⇒ nothing is remediated.
 */
public final class HealthEvaluator {
  private HealthEvaluator() {}

  public static HealthEvaluation evaluate(HealthCheckPolicy policy, List<HealthTarget> targets, Instant now) {
    Map<String, TargetVerdict> verdicts = new LinkedHashMap<>();
    int healthy = 0;
    Instant next = null;
    List<String> unhealthy = new ArrayList<>();
    for (HealthTarget target : targets) {
      TargetVerdict verdict = verdict(policy, target, now);
      verdicts.put(target.name(), verdict);
      if (verdict instanceof TargetVerdict.Healthy) {
        healthy++;
      } else if (verdict instanceof TargetVerdict.Unhealthy) {
        unhealthy.add(target.name());
      } else if (verdict instanceof TargetVerdict.Waiting waiting && waiting.recheckAt().isPresent()) {
        Instant at = waiting.recheckAt().get();
        next = next == null || at.isBefore(next) ? at : next;
      }
    }
    OptionalInt max = MaxUnhealthy.resolve(policy.maxUnhealthy(), targets.size());
    HealthEvaluation counted = new HealthEvaluation(verdicts, targets.size(), healthy, max, List.of(),
        Optional.ofNullable(next));
    if (counted.shortCircuited()) {
      return counted;
    }
    unhealthy.sort(Comparator.naturalOrder());
    return new HealthEvaluation(verdicts, targets.size(), healthy, max, unhealthy, Optional.ofNullable(next));
  }

  static TargetVerdict verdict(HealthCheckPolicy policy, HealthTarget target, Instant now) {
    if (target.deleting()) {
      return new TargetVerdict.Waiting("Deleting", Optional.empty());
    }
    if (target.underExternalRemediation()) {
      return new TargetVerdict.Waiting("ExternalRemediationInProgress", Optional.empty());
    }
    if (target.failed()) {
      return new TargetVerdict.Unhealthy("MachineFailed", "Machine " + target.name() + " is Failed");
    }
    if (target.nodeName().isEmpty()) {
      return withoutNode(policy, target, now);
    }
    if (target.node().isEmpty()) {
      return new TargetVerdict.Unhealthy("NodeNotFound",
          "Node " + target.nodeName().get() + " of Machine " + target.name() + " does not exist");
    }
    Instant earliestExpiry = null;
    for (UnhealthyRule rule : policy.unhealthyConditions()) {
      NodeCondition condition = target.node().get().get(rule.type());
      if (condition == null || !rule.status().equals(condition.status())) {
        continue;
      }
      Instant expiry = condition.lastTransitionTime().plus(rule.timeout());
      if (!now.isBefore(expiry)) {
        return new TargetVerdict.Unhealthy("UnhealthyNodeCondition",
            "Node " + target.nodeName().get() + " has been " + rule.type() + "=" + rule.status() + " for more than "
                + format(rule.timeout()));
      }
      earliestExpiry = earliestExpiry == null || expiry.isBefore(earliestExpiry) ? expiry : earliestExpiry;
    }
    return earliestExpiry == null ? new TargetVerdict.Healthy()
        : new TargetVerdict.Waiting("UnhealthyNodeConditionWithinTimeout", Optional.of(earliestExpiry));
  }

  private static TargetVerdict withoutNode(HealthCheckPolicy policy, HealthTarget target, Instant now) {
    Duration timeout = policy.nodeStartupTimeout();
    if (timeout.isZero()) {
      return new TargetVerdict.Waiting("NodeStartupCheckDisabled", Optional.empty());
    }
    Instant expiry = target.startedAt().plus(timeout);
    if (!now.isBefore(expiry)) {
      return new TargetVerdict.Unhealthy("NodeStartupTimeout",
          "Machine " + target.name() + " has no Node " + format(timeout) + " after its instance was created");
    }
    return new TargetVerdict.Waiting("WaitingForNode", Optional.of(expiry));
  }

  private static String format(Duration d) {
    return d.toString().substring(2).toLowerCase();
  }
}
