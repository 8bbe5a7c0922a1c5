package io.machineapi.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry points for label selectors, in both Kubernetes forms:
 * <ul>
 *   <li>the string syntax of {@code ?labelSelector=} ({@code a=b}, {@code a==b}, {@code a!=b},
 *       {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}, {@code a>1}, {@code a<1}; {@code ,} is
 *       AND), parsed exactly as k8s.io/apimachinery {@code labels.Parse};</li>
 *   <li>the structured {@code metav1.LabelSelector} ({@code matchLabels} + {@code matchExpressions} with
 *       {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), converted as
 *       {@code metav1.LabelSelectorAsSelector}.</li>
 * </ul>
 * Both yield a {@link LabelMatcher}, whose {@code toString()} is the canonical string
 * ({@code Selector.String()}), e.g. for a MachineSet's {@code status.labelSelector}. {@code gt} and {@code lt}
 * exist only in the string syntax (and in node affinity, which builds its {@link Requirement}s itself): a
 * structured selector with {@code Gt} or {@code Lt} is refused, as by Kubernetes.
 */
public final class LabelSelectors {

  private LabelSelectors() {
  }

  /**
   * Parses the string syntax.
   *
   * @param selector the selector; {@code null}, empty or blank selects everything
   * @return the matcher, requirements sorted by key; set values are de-duplicated and sorted
   * @throws SelectorException with Kubernetes' message, e.g. {@code unable to parse requirement: found 'b',
   *                           expected: in, notin, =, ==, !=, gt, lt}
   */
  public static LabelMatcher parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return LabelMatcher.everything();
    }
    return new LabelMatcher(LabelSelectorParser.parse(selector), false);
  }

  /**
   * Converts a structured selector like {@code metav1.LabelSelectorAsSelector}: {@code null} selects nothing,
   * an empty selector everything; each {@code matchLabels} entry becomes {@code key=value}.
   *
   * @param selector the fabric8 selector, may be {@code null}
   * @return the matcher
   * @throws SelectorException for an unknown operator ({@code "Foo" is not a valid label selector operator})
   *                           or an invalid key, value or value count
   */
  public static LabelMatcher fromLabelSelector(LabelSelector selector) {
    if (selector == null) {
      return LabelMatcher.nothing();
    }
    List<Requirement> expressions = new ArrayList<>();
    for (LabelSelectorRequirement expression : orEmpty(selector.getMatchExpressions())) {
      String name = String.valueOf(expression.getOperator());
      Operator operator = Operator.ofLabelSelectorOperator(name).orElseThrow(
          () -> new SelectorException(Requirement.quote(name) + " is not a valid label selector operator"));
      expressions.add(Requirement.of(String.valueOf(expression.getKey()), operator, orEmpty(expression.getValues())));
    }
    return LabelMatcher.of(orEmpty(selector.getMatchLabels()), expressions);
  }

  /**
   * Converts a structured selector given as JSON (as stored, e.g. a MachineSet's {@code spec.selector}).
   *
   * @param selector the selector object; {@code null}, JSON null or missing selects nothing
   * @return the matcher, as {@link #fromLabelSelector(LabelSelector)}
   * @throws SelectorException if the JSON is not a label selector or is invalid
   */
  public static LabelMatcher fromJson(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return LabelMatcher.nothing();
    }
    LabelSelector typed;
    try {
      typed = Serialization.jsonMapper().treeToValue(selector, LabelSelector.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new SelectorException("invalid label selector: " + e.getMessage());
    }
    return fromLabelSelector(typed);
  }

  /**
   * Kubernetes' {@code metav1.FormatLabelSelector}: the canonical string, {@code <none>} when it is empty and
   * {@code <error>} when the selector is invalid. Meant for display ({@code kubectl describe}); for a
   * {@code status.labelSelector} use {@link #fromLabelSelector(LabelSelector)} and {@code toString()}.
   *
   * @param selector the structured selector, may be {@code null}
   * @return the display string
   */
  public static String format(LabelSelector selector) {
    try {
      String text = fromLabelSelector(selector).toString();
      return text.isEmpty() ? "<none>" : text;
    } catch (SelectorException e) {
      return "<error>";
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
