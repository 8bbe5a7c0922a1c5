package io.machineapi.selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed label selector: the AND of its requirements (k8s.io/apimachinery {@code labels.Selector}).
 * Obtain one from {@link LabelSelectors}.
 *
 * @param requirements   the requirements, sorted by key (stable), as Kubernetes keeps them
 * @param selectsNothing {@code true} only for the selector of an absent (null) structured selector, which
 *                       matches no object at all
 */
public record LabelMatcher(List<Requirement> requirements, boolean selectsNothing)
    implements Predicate<Map<String, String>> {

  private static final LabelMatcher EVERYTHING = new LabelMatcher(List.of(), false);
  private static final LabelMatcher NOTHING = new LabelMatcher(List.of(), true);

  /** Sorts the requirements by key and makes the record immutable. */
  public LabelMatcher {
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(Requirement::key));
    requirements = List.copyOf(sorted);
    if (selectsNothing && !requirements.isEmpty()) {
      throw new IllegalArgumentException("a selector that selects nothing has no requirements");
    }
  }

  /**
   * The two halves of a structured selector ({@code metav1.LabelSelector}, a bare-metal {@code hostSelector}):
   * each {@code matchLabels} entry becomes {@code key=value} (validated like {@link Requirement#of}), ANDed with
   * {@code expressions}. No labels and no expressions make the empty selector, which matches everything.
   *
   * @param matchLabels labels that must be present with equal values
   * @param expressions further requirements, already built (see {@link Requirement#of})
   * @return the matcher
   * @throws SelectorException for an invalid key or value in {@code matchLabels}
   */
  public static LabelMatcher of(Map<String, String> matchLabels, List<Requirement> expressions) {
    List<Requirement> requirements = new ArrayList<>();
    matchLabels.forEach((key, value) -> requirements.add(Requirement.of(key, Operator.EQUALS, List.of(value))));
    requirements.addAll(expressions);
    return new LabelMatcher(requirements, false);
  }

  /** @return the selector that matches every label set (an empty selector) */
  public static LabelMatcher everything() {
    return EVERYTHING;
  }

  /** @return the selector that matches no label set (Kubernetes' {@code labels.Nothing()}) */
  public static LabelMatcher nothing() {
    return NOTHING;
  }

  /** @return whether this selector does not restrict anything (no requirements and not {@link #nothing()}) */
  public boolean isEverything() {
    return !selectsNothing && requirements.isEmpty();
  }

  /**
   * @param labels an object's labels; {@code null} counts as no labels
   * @return whether every requirement matches ({@code false} always for {@link #nothing()})
   */
  public boolean matches(Map<String, String> labels) {
    if (selectsNothing) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(requirement -> requirement.matches(actual));
  }

  /** Same as {@link #matches(Map)}. */
  @Override
  public boolean test(Map<String, String> labels) {
    return matches(labels);
  }

  /**
   * @return the canonical selector string of Kubernetes' {@code Selector.String()}: requirements sorted by key,
   *         joined by {@code ,}; empty for {@link #everything()} and {@link #nothing()}
   */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }
}
