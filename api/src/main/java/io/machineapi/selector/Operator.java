package io.machineapi.selector;

import java.util.Optional;

/**
 * A label requirement operator (k8s.io/apimachinery {@code selection.Operator}). {@link #symbol()} is the
 * operator's name in Kubernetes, as listed in parse errors ({@code in, notin, =, ==, !=, gt, lt}).
 */
public enum Operator {
  /** {@code key in (a,b)}: the label exists and has one of the values. */
  IN("in"),
  /** {@code key notin (a,b)}: the label is absent or has none of the values. */
  NOT_IN("notin"),
  /** {@code key=a}: the label exists and equals the value. */
  EQUALS("="),
  /** {@code key==a}: same as {@link #EQUALS}, kept distinct so formatting round-trips. */
  DOUBLE_EQUALS("=="),
  /** {@code key!=a}: the label is absent or differs from the value. */
  NOT_EQUALS("!="),
  /** {@code key}: the label exists. */
  EXISTS("exists"),
  /** {@code !key}: the label does not exist. */
  DOES_NOT_EXIST("!"),
  /** {@code key>5}: the label exists and, read as an integer, is greater than the value. */
  GREATER_THAN("gt"),
  /** {@code key<5}: the label exists and, read as an integer, is less than the value. */
  LESS_THAN("lt");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** @return the operator's name as Kubernetes spells it */
  public String symbol() {
    return symbol;
  }

  /**
   * The operator of a {@code metav1.LabelSelectorRequirement}, which has only four: {@code In}, {@code NotIn},
   * {@code Exists} and {@code DoesNotExist}, spelt exactly so. {@code Gt} and {@code Lt} are node-selector
   * operators and are not among them.
   *
   * @param name the operator as written in {@code matchExpressions[].operator}
   * @return the operator, or empty when {@code name} is not one of the four
   */
  public static Optional<Operator> ofLabelSelectorOperator(String name) {
    return Optional.ofNullable(switch (name == null ? "" : name) {
      case "In" -> IN;
      case "NotIn" -> NOT_IN;
      case "Exists" -> EXISTS;
      case "DoesNotExist" -> DOES_NOT_EXIST;
      default -> null;
    });
  }
}
