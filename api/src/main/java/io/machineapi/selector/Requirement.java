package io.machineapi.selector;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One label requirement (k8s.io/apimachinery {@code labels.Requirement}): a key, an operator and its values.
 * Build validated instances with {@link #of(String, Operator, List)}.
 *
 * @param key      the label key
 * @param operator how the label is compared
 * @param values   the values, in the order given (formatting sorts them)
 */
public record Requirement(String key, Operator operator, List<String> values)
    implements Predicate<Map<String, String>> {

  /** Copies {@code values} so the record is immutable. */
  public Requirement {
    values = List.copyOf(values);
  }

  /**
   * Creates a requirement after the checks of Kubernetes' {@code labels.NewRequirement}: the key must be a
   * qualified name, {@code in}/{@code notin} need at least one value, the equality operators exactly one,
   * exists/does-not-exist none, {@code gt}/{@code lt} one integer, and every value must be a valid label value.
   *
   * @param key      the label key
   * @param operator the operator
   * @param values   the values
   * @return the requirement
   * @throws SelectorException listing every violation, worded as Kubernetes ({@code key: Invalid value: ...})
   */
  public static Requirement of(String key, Operator operator, List<String> values) {
    List<String> errors = new ArrayList<>();
    List<String> keyErrors = NameSyntax.isQualifiedName(key);
    if (!keyErrors.isEmpty()) {
      errors.add("key: Invalid value: " + quote(key) + ": " + String.join("; ", keyErrors));
    }
    switch (operator) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errors.add(invalidValues(values, "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errors.add(invalidValues(values, "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errors.add(invalidValues(values, "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errors.add(invalidValues(values, "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < values.size(); i++) {
          if (parseInteger(values.get(i)) == null) {
            errors.add("values[" + i + "]: Invalid value: " + quote(values.get(i))
                + ": for 'Gt', 'Lt' operators, the value must be an integer");
          }
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      List<String> valueErrors = NameSyntax.isValidLabelValue(values.get(i));
      if (!valueErrors.isEmpty()) {
        errors.add("values[" + i + "][" + key + "]: Invalid value: " + quote(values.get(i)) + ": "
            + String.join("; ", valueErrors));
      }
    }
    if (!errors.isEmpty()) {
      throw new SelectorException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }
    return new Requirement(key, operator, values);
  }

  /**
   * Evaluates the requirement like Kubernetes: {@code in}/{@code =}/{@code ==} need the label with one of the
   * values; {@code notin}/{@code !=} also match when the label is absent; {@code gt}/{@code lt} need a label
   * that parses as a 64-bit integer.
   *
   * @param labels the object's labels (not {@code null})
   * @return whether the labels satisfy the requirement
   */
  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> value != null && values.contains(value);
      case NOT_IN, NOT_EQUALS -> value == null || !values.contains(value);
      case EXISTS -> value != null;
      case DOES_NOT_EXIST -> value == null;
      case GREATER_THAN, LESS_THAN -> {
        Long actual = value == null ? null : parseInteger(value);
        Long bound = values.size() == 1 ? parseInteger(values.get(0)) : null;
        yield actual != null && bound != null
            && (operator == Operator.GREATER_THAN ? actual > bound : actual < bound);
      }
    };
  }

  /** Same as {@link #matches(Map)}. */
  @Override
  public boolean test(Map<String, String> labels) {
    return matches(labels);
  }

  /**
   * @return the requirement in Kubernetes' selector syntax ({@code a=b}, {@code !a}, {@code a in (x,y)}), values
   *         of set operators sorted and without repeats, as {@code labels.Requirement.String()}
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) {
      text.append('!');
    }
    text.append(key);
    switch (operator) {
      case EXISTS, DOES_NOT_EXIST -> {
        return text.toString();
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> text.append(operator.symbol());
      case GREATER_THAN -> text.append('>');
      case LESS_THAN -> text.append('<');
      case IN, NOT_IN -> text.append(' ').append(operator.symbol()).append(" (");
    }
    text.append(values.stream().sorted().distinct().collect(Collectors.joining(",")));
    if (operator == Operator.IN || operator == Operator.NOT_IN) {
      text.append(')');
    }
    return text.toString();
  }

  private static String invalidValues(List<String> values, String detail) {
    String rendered = values.stream().map(Requirement::quote).collect(Collectors.joining(",", "[", "]"));
    return "values: Invalid value: " + rendered + ": " + detail;
  }

  static String quote(String text) {
    return new TextNode(text).toString();
  }

  private static Long parseInteger(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
