package io.machineapi.controllers.healthcheck;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.OptionalInt;

/**
 * {@code spec.maxUnhealthy} resolved against the number of targets: an integer (or an integer written as a string)
 * is taken as is, {@code "P%"} is {@code floor(P × expected / 100)} (40% of 5 = 2), unset means 100%, a negative
 * value means 0; anything else cannot be resolved and disallows remediation.
 */
public final class MaxUnhealthy {
  private MaxUnhealthy() {}

  /** The largest number of unhealthy targets that still allows remediation, or empty when unparsable. */
  public static OptionalInt resolve(IntOrString value, int expected) {
    if (value == null) {
      return OptionalInt.of(expected);
    }
    if (value.getIntVal() != null) {
      return OptionalInt.of(Math.max(0, value.getIntVal()));
    }
    String text = value.getStrVal() == null ? "" : value.getStrVal().trim();
    try {
      if (text.endsWith("%")) {
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return OptionalInt.of(Math.max(0, percent) * expected / 100);
      }
      return OptionalInt.of(Math.max(0, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
