package io.machineapi.api.machine.v1beta1;

/** Go duration syntax as the CRDs validate it (e.g. {@code 300s}, {@code 1h30m}, {@code 1.5m}). */
public final class Durations {
  /** A Go duration with at least one unit. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";
  /** A Go duration, or {@code 0} (used where zero disables a check). */
  public static final String PATTERN_OR_ZERO = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";

  private Durations() {}
}
