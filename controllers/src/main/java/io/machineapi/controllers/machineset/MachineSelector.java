package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A MachineSet's {@code spec.selector} as the controller uses it: validation, matching against a Machine's labels and
 * the canonical string for {@code status.labelSelector}. The controllers module must not depend on the embedded API
 * server's selector package at run time, and fabric8 has no structured-selector matcher, hence this small one.
 *
 * <p>Unlike {@code metav1.LabelSelectorAsSelector}, an empty selector matches <em>nothing</em> here, as in OpenShift: a
 * MachineSet must never claim every Machine in its namespace.
 */
public record MachineSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {

  public MachineSelector {
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  public static MachineSelector of(LabelSelector selector) {
    return selector == null ? new MachineSelector(null, null)
        : new MachineSelector(selector.getMatchLabels(), selector.getMatchExpressions());
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** Why the selector cannot be used (empty, unknown operator, wrong value count), or empty when it is usable. */
  public Optional<String> problem() {
    if (isEmpty()) {
      return Optional.of("spec.selector must not be empty");
    }
    for (LabelSelectorRequirement r : matchExpressions) {
      int values = r.getValues() == null ? 0 : r.getValues().size();
      String operator = String.valueOf(r.getOperator());
      if (r.getKey() == null || r.getKey().isEmpty()) {
        return Optional.of("spec.selector.matchExpressions: key must not be empty");
      }
      switch (operator) {
        case "In", "NotIn" -> {
          if (values == 0) {
            return Optional.of("spec.selector.matchExpressions[" + r.getKey() + "]: operator " + operator
                + " needs at least one value");
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (values != 0) {
            return Optional.of("spec.selector.matchExpressions[" + r.getKey() + "]: operator " + operator
                + " takes no values");
          }
        }
        default -> {
          return Optional.of("spec.selector.matchExpressions[" + r.getKey() + "]: \"" + operator
              + "\" is not a valid label selector operator");
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code labels} satisfy every requirement; an empty (or invalid) selector matches nothing. */
  public boolean matches(Map<String, String> labels) {
    if (isEmpty() || problem().isPresent()) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement r : matchExpressions) {
      String value = actual.get(r.getKey());
      boolean ok = switch (r.getOperator()) {
        case "In" -> value != null && r.getValues().contains(value);
        case "NotIn" -> value == null || !r.getValues().contains(value);
        case "Exists" -> actual.containsKey(r.getKey());
        default -> !actual.containsKey(r.getKey());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical string, as {@code metav1.FormatLabelSelector} writes it: requirements sorted by key (matchLabels
   * before expressions on the same key), {@code key=value}, {@code key in (a,b)}, {@code key notin (a)},
   * {@code key}, {@code !key}, joined by {@code ,}; set values de-duplicated and sorted.
   */
  public String canonical() {
    record Term(String key, String text) {}
    List<Term> terms = new ArrayList<>();
    matchLabels.forEach((key, value) -> terms.add(new Term(key, key + "=" + value)));
    for (LabelSelectorRequirement r : matchExpressions) {
      String values = r.getValues() == null ? "" : String.join(",", new TreeSet<>(r.getValues()));
      terms.add(new Term(r.getKey(), switch (String.valueOf(r.getOperator())) {
        case "In" -> r.getKey() + " in (" + values + ")";
        case "NotIn" -> r.getKey() + " notin (" + values + ")";
        case "Exists" -> r.getKey();
        default -> "!" + r.getKey();
      }));
    }
    // List.sort is stable, so matchLabels stay ahead of expressions on the same key.
    terms.sort(Comparator.comparing(Term::key));
    return terms.stream().map(Term::text).collect(Collectors.joining(","));
  }
}
