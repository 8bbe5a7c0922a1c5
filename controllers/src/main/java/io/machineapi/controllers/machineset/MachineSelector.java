package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.machineapi.selector.LabelMatcher;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A MachineSet's {@code spec.selector} as the controller uses it: validation, matching against a Machine's labels and
 * the canonical string for {@code status.labelSelector}. Parsing and matching are the shared label-selector
 * matcher's ({@link LabelSelectors#fromLabelSelector}, {@code metav1.LabelSelectorAsSelector} semantics); this class
 * adds the MachineSet's rule for the empty selector.
 *
 * <p>Unlike {@code metav1.LabelSelectorAsSelector}, an empty selector matches <em>nothing</em> here, as in
 * OpenShift: a MachineSet must never claim every Machine in its namespace. (A MachineHealthCheck, whose empty
 * selector selects every Machine, tests {@link #isEmpty()} first.)
 */
public final class MachineSelector {

  private static final MachineSelector EMPTY = new MachineSelector(LabelMatcher.everything(), null);

  /** The parsed selector, or {@code null} when it is invalid. */
  private final LabelMatcher matcher;
  /** Why the selector is invalid, or {@code null}. */
  private final String invalid;

  private MachineSelector(LabelMatcher matcher, String invalid) {
    this.matcher = matcher;
    this.invalid = invalid;
  }

  /** Parses {@code selector}; {@code null} counts as the empty selector. Never throws. */
  public static MachineSelector of(LabelSelector selector) {
    if (selector == null) {
      return EMPTY;
    }
    try {
      return new MachineSelector(LabelSelectors.fromLabelSelector(selector), null);
    } catch (SelectorException e) {
      return new MachineSelector(null, "spec.selector: " + e.getMessage());
    }
  }

  /** Whether the selector has neither {@code matchLabels} nor {@code matchExpressions}. */
  public boolean isEmpty() {
    return matcher != null && matcher.isEverything();
  }

  /** Why the selector cannot be used (empty, unknown operator, invalid key, value or value count), or empty. */
  public Optional<String> problem() {
    if (isEmpty()) {
      return Optional.of("spec.selector must not be empty");
    }
    return Optional.ofNullable(invalid);
  }

  /** Whether {@code labels} satisfy every requirement; an empty (or invalid) selector matches nothing. */
  public boolean matches(Map<String, String> labels) {
    return matcher != null && !matcher.isEverything() && matcher.matches(labels);
  }

  /**
   * The canonical string, as {@code metav1.FormatLabelSelector} writes it: requirements sorted by key (matchLabels
   * before expressions on the same key), {@code key=value}, {@code key in (a,b)}, {@code key notin (a)},
   * {@code key}, {@code !key}, joined by {@code ,}; set values de-duplicated and sorted. Empty for an empty or
   * invalid selector.
   */
  public String canonical() {
    return matcher == null ? "" : matcher.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MachineSelector that && Objects.equals(matcher, that.matcher)
        && Objects.equals(invalid, that.invalid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(matcher, invalid);
  }

  @Override
  public String toString() {
    return invalid != null ? "<error>" : canonical();
  }
}
