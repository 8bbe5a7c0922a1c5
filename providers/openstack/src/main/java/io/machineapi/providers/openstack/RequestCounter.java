package io.machineapi.providers.openstack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the HTTP requests this provider sends, by OpenStack service ({@link Service}), for tests and the benchmark.
 * Every call the provider makes through {@link OpenstackCalls} is one HTTP request (no pagination is followed: the
 * lists asked for are filtered to a cluster or a name). OpenStack4j's connector re-authenticates by itself after a
 * 401 and retries once: that authentication is counted when its new token is adopted, the retried request is not.
 */
public final class RequestCounter {

  /** The OpenStack services this provider talks to. */
  public enum Service {
    KEYSTONE, COMPUTE, IMAGE, NETWORK
  }

  private final Map<Service, LongAdder> counts = new ConcurrentHashMap<>();

  void increment(Service service) {
    counts.computeIfAbsent(service, k -> new LongAdder()).increment();
  }

  public long count(Service service) {
    LongAdder a = counts.get(service);
    return a == null ? 0 : a.sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<Service, Long> snapshot() {
    Map<Service, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
