package io.machineapi.spi.inventory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which hosts a Machine accepts: {@code providerSpec.value.hostSelector} of a bare-metal spec. All
 * {@link #matchLabels()} must be present with equal values and all {@link #matchExpressions()} must hold; an empty
 * selector matches every host.
 *
 * @param matchLabels labels the host must carry
 * @param matchExpressions label requirements
 */
public record HostSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  private static final HostSelector ANY = new HostSelector(Map.of(), List.of());

  public HostSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** Matches every host. */
  public static HostSelector any() {
    return ANY;
  }

  /** Whether a host with these labels qualifies. */
  public boolean matches(Map<String, String> hostLabels) {
    return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(hostLabels.get(e.getKey())))
        && matchExpressions.stream().allMatch(r -> r.matches(hostLabels));
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

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> labels.containsKey(key);
        case DOES_NOT_EXIST -> !labels.containsKey(key);
      };
    }
  }

  /** Requirement operators; parsed case-insensitively as the bare-metal provider does. */
  public enum Operator {
    IN("in"),
    NOT_IN("notin"),
    EXISTS("exists"),
    DOES_NOT_EXIST("doesnotexist");

    private final String spelling;

    Operator(String spelling) {
      this.spelling = spelling;
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
