package io.machineapi.autoscaler.core;

import io.machineapi.selector.LabelMatcher;

/**
 * A PodDisruptionBudget: its selector and how many more pods it allows to be disrupted now.
 *
 * @param selector the budget's {@code spec.selector} as a {@code metav1.LabelSelector} (In, NotIn, Exists,
 *                 DoesNotExist; never node affinity's Gt/Lt); policy/v1: an empty selector matches every pod of the
 *                 namespace, an absent or invalid one none ({@link LabelMatcher#nothing()})
 */
public record DisruptionBudget(String namespace, String name, LabelMatcher selector, int disruptionsAllowed) {

  public boolean covers(PodInfo pod) {
    return namespace.equals(pod.namespace()) && selector.matches(pod.labels());
  }
}
