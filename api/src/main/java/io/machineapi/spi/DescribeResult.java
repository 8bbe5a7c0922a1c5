package io.machineapi.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer of a batched {@link MachineProvider#describe}: per Machine UID, either a {@link ProviderResult} or the
 * failure that prevented observing that Machine (e.g. its region was throttled while others answered).
 *
 * <p>A provider must answer for every requested UID; the controller treats a UID missing from both maps as a
 * provider bug and retries it with backoff ({@link #unanswered(Collection)}).
 *
 * @param results the Machines observed, by UID
 * @param failures the Machines that could not be observed, by UID; disjoint from {@code results}
 */
public record DescribeResult(Map<String, ProviderResult> results, Map<String, ProviderException> failures) {

  public DescribeResult {
    results = Map.copyOf(results);
    failures = Map.copyOf(failures);
    Set<String> both = new TreeSet<>(results.keySet());
    both.retainAll(failures.keySet());
    if (!both.isEmpty()) {
      throw new IllegalArgumentException("a Machine has both a result and a failure: " + both);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The result for a Machine UID, if it was observed. */
  public Optional<ProviderResult> resultFor(String uid) {
    return Optional.ofNullable(results.get(uid));
  }

  /** The failure for a Machine UID, if it could not be observed. */
  public Optional<ProviderException> failureFor(String uid) {
    return Optional.ofNullable(failures.get(uid));
  }

  /** The requested UIDs this result says nothing about. */
  public Set<String> unanswered(Collection<String> requestedUids) {
    Set<String> missing = new TreeSet<>(requestedUids);
    missing.removeAll(results.keySet());
    missing.removeAll(failures.keySet());
    return missing;
  }

  /** Collects answers one Machine at a time. */
  public static final class Builder {
    private final Map<String, ProviderResult> results = new LinkedHashMap<>();
    private final Map<String, ProviderException> failures = new LinkedHashMap<>();

    private Builder() {}

    public Builder result(String uid, ProviderResult result) {
      results.put(Objects.requireNonNull(uid, "uid"), Objects.requireNonNull(result, "result"));
      failures.remove(uid);
      return this;
    }

    public Builder failure(String uid, ProviderException failure) {
      failures.put(Objects.requireNonNull(uid, "uid"), Objects.requireNonNull(failure, "failure"));
      results.remove(uid);
      return this;
    }

    public DescribeResult build() {
      return new DescribeResult(results, failures);
    }
  }
}
