package io.machineapi.spi.inventory;

import io.machineapi.selector.LabelMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which hosts a Machine accepts: {@code providerSpec.value.hostSelector} of a bare-metal spec. All
 * {@link #matchLabels()} must be present with equal values and all {@link #matchExpressions()} must hold; an empty
 * selector matches every host. Evaluated by the shared label-selector matcher ({@link #matcher()}).
 *
 * @param matchLabels labels the host must carry
 * @param matchExpressions label requirements
 * @throws IllegalArgumentException if a key or value is not valid label syntax (as {@code labels.NewRequirement}
 *                                  refuses it)
 */
public record HostSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  private static final HostSelector ANY = new HostSelector(Map.of(), List.of());

  public HostSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
    matcher(matchLabels, matchExpressions);
  }

  /** Matches every host. */
  public static HostSelector any() {
    return ANY;
  }

  /** Whether a host with these labels qualifies. */
  public boolean matches(Map<String, String> hostLabels) {
    return matcher().matches(hostLabels);
  }

  /** The selector as a label matcher; build it once to test many hosts. */
  public LabelMatcher matcher() {
    return matcher(matchLabels, matchExpressions);
  }

  private static LabelMatcher matcher(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
    return LabelMatcher.of(matchLabels, matchExpressions.stream().map(Requirement::labelRequirement).toList());
  }

  /**
   * One label requirement.
   *
   * @param key the label key
   * @param operator how to compare
   * @param values the values for {@code in} / {@code notin}; empty for {@code exists} / {@code doesnotexist}
   */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
      boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
      if (needsValues == values.isEmpty()) {
        throw new IllegalArgumentException("operator " + operator.spelling() + " "
            + (needsValues ? "needs" : "takes no") + " values");
      }
    }

    /** This requirement in the shared label-selector model (key and values validated). */
    io.machineapi.selector.Requirement labelRequirement() {
      return io.machineapi.selector.Requirement.of(key, operator.labelOperator, values);
    }
  }

  /** Requirement operators; parsed case-insensitively, as OpenShift's bare-metal provider parses them. */
  public enum Operator {
    IN("in", io.machineapi.selector.Operator.IN),
    NOT_IN("notin", io.machineapi.selector.Operator.NOT_IN),
    EXISTS("exists", io.machineapi.selector.Operator.EXISTS),
    DOES_NOT_EXIST("doesnotexist", io.machineapi.selector.Operator.DOES_NOT_EXIST);

    private final String spelling;
    private final io.machineapi.selector.Operator labelOperator;

    Operator(String spelling, io.machineapi.selector.Operator labelOperator) {
      this.spelling = spelling;
      this.labelOperator = labelOperator;
    }

    /** Lower-case spelling, e.g. {@code notin}. */
    public String spelling() {
      return spelling;
    }

    /** Parses {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist} in any case. */
    public static Operator parse(String text) {
      String lower = Objects.requireNonNull(text, "operator").toLowerCase(Locale.ROOT);
      for (Operator op : values()) {
        if (op.spelling.equals(lower)) {
          return op;
        }
      }
      throw new IllegalArgumentException("unknown operator '" + text + "' (expected In, NotIn, Exists or DoesNotExist)");
    }
  }
}
