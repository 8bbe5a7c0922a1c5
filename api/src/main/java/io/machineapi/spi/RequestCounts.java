package io.machineapi.spi;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests a provider sent to its cloud, counted by a key of the provider's choosing (an EC2 operation, an OpenStack
 * service), for tests and benchmarks. Thread-safe; counting costs one {@link LongAdder} increment.
 */
public class RequestCounts {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one request under {@code key}. */
  public void increment(String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** Requests counted under {@code key} so far. */
  public long count(String key) {
    LongAdder a = counts.get(key);
    return a == null ? 0 : a.sum();
  }

  /** Requests counted under every key so far. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The counts so far, by key in alphabetical order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
