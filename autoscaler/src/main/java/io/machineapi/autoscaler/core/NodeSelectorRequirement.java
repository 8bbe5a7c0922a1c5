package io.machineapi.autoscaler.core;

import io.machineapi.selector.Operator;
import io.machineapi.selector.Requirement;
import io.machineapi.selector.SelectorException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One expression of a required node-affinity term (In, NotIn, Exists, DoesNotExist, Gt, Lt). Only node affinity
 * has Gt and Lt; a PodDisruptionBudget's label selector does not (see {@link DisruptionBudget}). Evaluated as
 * Kubernetes' {@code NodeSelectorRequirementsAsSelector} does: converted to a label {@link Requirement} and
 * matched by the shared label-selector matcher; an unknown operator or an invalid key, value or value count (Gt/Lt
 * need one integer) makes the expression match no node.
 */
public final class NodeSelectorRequirement {
  private final String key;
  private final String operator;
  private final List<String> values;
  /** The label requirement, or {@code null} when the expression is invalid. */
  private final Requirement requirement;

  public NodeSelectorRequirement(String key, String operator, List<String> values) {
    this.key = key;
    this.operator = operator;
    this.values = List.copyOf(values);
    this.requirement = requirement(key, operator, this.values);
  }

  private static Requirement requirement(String key, String operator, List<String> values) {
    Operator op = switch (String.valueOf(operator)) {
      case "Gt" -> Operator.GREATER_THAN;
      case "Lt" -> Operator.LESS_THAN;
      default -> Operator.ofLabelSelectorOperator(operator).orElse(null);
    };
    if (op == null || key == null) {
      return null;
    }
    try {
      return Requirement.of(key, op, values);
    } catch (SelectorException e) {
      return null;
    }
  }

  public String key() {
    return key;
  }

  public String operator() {
    return operator;
  }

  public List<String> values() {
    return values;
  }

  public boolean matches(Map<String, String> labels) {
    return requirement != null && requirement.matches(labels);
  }

  /** True when some term matches (terms are ORed, a term's expressions ANDed); no terms = no constraint. */
  public static boolean anyTermMatches(List<List<NodeSelectorRequirement>> terms, Map<String, String> labels) {
    if (terms.isEmpty()) {
      return true;
    }
    for (List<NodeSelectorRequirement> term : terms) {
      boolean all = true;
      for (NodeSelectorRequirement r : term) {
        if (!r.matches(labels)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeSelectorRequirement that && Objects.equals(key, that.key)
        && Objects.equals(operator, that.operator) && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, operator, values);
  }

  @Override
  public String toString() {
    return "NodeSelectorRequirement[key=" + key + ", operator=" + operator + ", values=" + values + "]";
  }
}
