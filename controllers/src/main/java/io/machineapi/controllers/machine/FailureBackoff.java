package io.machineapi.controllers.machine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-Machine exponential backoff for transient failures: {@code initial · 2^(n-1)} capped at {@code max}, never
 * shorter than a provider's {@code minimumBackoff}. A success resets it. Kept in memory: after a restart a Machine
 * starts again from the initial delay, which is what a work queue does too.
 */
final class FailureBackoff {
  private final Duration initial;
  private final Duration max;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  FailureBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records one more failure of {@code uid} and returns how long to wait before the next attempt. */
  Duration next(String uid, Optional<Duration> minimum) {
    int n = failures.merge(uid, 1, Integer::sum);
    Duration exponential = n > 30 ? max : initial.multipliedBy(1L << (n - 1));
    Duration delay = exponential.compareTo(max) > 0 ? max : exponential;
    return minimum.filter(m -> m.compareTo(delay) > 0).orElse(delay);
  }

  /** Consecutive failures recorded for {@code uid}. */
  int failures(String uid) {
    return failures.getOrDefault(uid, 0);
  }

  void reset(String uid) {
    failures.remove(uid);
  }
}
