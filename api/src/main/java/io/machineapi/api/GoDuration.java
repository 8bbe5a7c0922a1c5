package io.machineapi.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Go's duration syntax ({@code time.ParseDuration}) as the machine.openshift.io CRDs use it: a sequence of
 * decimal numbers with units {@code ns, us, µs, ms, s, m, h} ({@code 300s}, {@code 1h30m}, {@code 1.5m}), or
 * {@code 0}.
 */
public final class GoDuration {
  /**
   * The accepted syntax as a regular expression (anchored; usable as a CRD {@code pattern}): {@code 0}, or one or
   * more decimal numbers (an integer part, a fraction, or both) each followed by a unit. Go also accepts a sign; a
   * negative duration means nothing for any field that holds one here, so it is refused.
   */
  public static final String PATTERN = "^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$";
  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]*)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException naming the text when it is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\": expected a Go duration such as 300s, "
          + "5m or 1h30m");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
    }
    return Duration.ofNanos(nanos.longValueExact());
  }
}
