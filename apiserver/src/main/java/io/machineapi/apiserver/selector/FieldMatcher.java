package io.machineapi.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed field selector: the AND of its terms (k8s.io/apimachinery {@code fields.Selector}). Obtain one from
 * {@link FieldSelectors#parse(String)}.
 *
 * @param terms the terms in Kubernetes' order (sorted by their source text)
 */
public record FieldMatcher(List<Term> terms) implements Predicate<JsonNode> {

  /**
   * One {@code field=value} or {@code field!=value} term.
   *
   * @param field  dotted path into the object, e.g. {@code spec.nodeName}
   * @param equals {@code true} for {@code =}/{@code ==}, {@code false} for {@code !=}
   * @param value  the unescaped value
   */
  public record Term(String field, boolean equals, String value) {

    /**
     * @param object the object to test
     * @return whether the field's value (see {@link FieldSelectors#fieldValue}) equals, or for {@code !=}
     *         differs from, the term's value
     */
    public boolean matches(JsonNode object) {
      return FieldSelectors.fieldValue(object, field).equals(value) == equals;
    }

    /** @return {@code field=value} or {@code field!=value} with the value escaped as Kubernetes does */
    @Override
    public String toString() {
      return field + (equals ? "=" : "!=") + FieldSelectors.escape(value);
    }
  }

  /** Makes the record immutable. */
  public FieldMatcher {
    terms = List.copyOf(terms);
  }

  /** @return whether the selector has no terms and so matches every object */
  public boolean isEverything() {
    return terms.isEmpty();
  }

  /**
   * @param object the object (e.g. a Pod) to test
   * @return whether every term matches
   */
  public boolean matches(JsonNode object) {
    return terms.stream().allMatch(term -> term.matches(object));
  }

  /** Same as {@link #matches(JsonNode)}. */
  @Override
  public boolean test(JsonNode object) {
    return matches(object);
  }

  /** @return the canonical string of Kubernetes' {@code Selector.String()}, terms joined by {@code ,} */
  @Override
  public String toString() {
    return terms.stream().map(Term::toString).collect(Collectors.joining(","));
  }
}
