package io.machineapi.apiserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the embedded API served, by verb and resource ({@code PATCH machines/status},
 * {@code POST pods/eviction}), so benchmarks and tests can measure what a controller costs the API server
 * (writes per Machine, say). Counting is cheap and always on.
 */
public final class RequestStats {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String method, ResourcePath path, int responseCode) {
    if (responseCode >= 400) {
      return;
    }
    String resource = path.subresource() == null ? path.plural() : path.plural() + "/" + path.subresource();
    counts.computeIfAbsent(method + " " + resource, k -> new LongAdder()).increment();
  }

  /** Successful requests of {@code method} on {@code resource} (a plural, or {@code plural/subresource}). */
  public long count(String method, String resource) {
    LongAdder adder = counts.get(method + " " + resource);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * Successful writes (POST, PUT, PATCH, DELETE) to a resource and its subresources: {@code writes("machines")}
   * counts {@code PATCH machines/status} too.
   */
  public long writes(String plural) {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("GET "))
        .filter(e -> {
          String resource = e.getKey().substring(e.getKey().indexOf(' ') + 1);
          return resource.equals(plural) || resource.startsWith(plural + "/");
        })
        .mapToLong(e -> e.getValue().sum()).sum();
  }

  /** Every counter, sorted, e.g. {@code "PATCH machines/status" -> 3012}. */
  public Map<String, Long> snapshot() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((k, v) -> result.put(k, v.sum()));
    return result;
  }

  /** Starts counting from zero. */
  public void reset() {
    counts.clear();
  }
}
