package io.machineapi.bench;

import java.util.Map;
import java.util.TreeMap;

/** Request counts by kind ({@code "PATCH machines/status" -> 3000}), as the benchmarks report them. */
final class RequestCounts {
  private RequestCounts() {}

  /** What {@code after} counts beyond {@code before}: the kinds that grew, by how much. */
  static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((kind, count) -> {
      long more = count - before.getOrDefault(kind, 0L);
      if (more > 0) {
        out.put(kind, more);
      }
    });
    return out;
  }
}
