package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;
import java.util.Optional;

/**
 * One small named rule about a pod on a Node being drained. A rule either has an opinion (a {@link PodVerdict}) or
 * none (empty: let the next rule decide); {@link PodFilters#judge} runs them in order and evicts what no rule claims.
 *
 * @param name the rule's name, logged with its verdict
 * @param rule the rule
 */
record PodFilter(String name, Rule rule) {

  /** The rule's logic. */
  @FunctionalInterface
  interface Rule {
    Optional<PodVerdict> judge(Pod pod, DrainScope scope);
  }

  PodFilter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rule, "rule");
  }

  Optional<PodVerdict> judge(Pod pod, DrainScope scope) {
    return rule.judge(pod, scope);
  }
}
