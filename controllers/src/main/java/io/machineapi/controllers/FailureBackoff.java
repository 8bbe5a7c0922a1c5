package io.machineapi.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-Machine exponential backoff for transient failures: {@code initial · 2^(n-1)} capped at {@code max}, never
 * shorter than a provider's {@code minimumBackoff}. A success resets it. Kept in memory: after a restart a Machine
 * starts again from the initial delay, which is what a work queue does too.
 *
 * <p>A provider's minimum (no capacity, a quota, a throttled account) is also a hold: a pass woken early by some
 * other event must not call the cloud again before it ends. Plain exponential delays are not held, so a fix (a
 * Secret created, a spec edited) is acted on at once.
 */
public final class FailureBackoff {
  private final Duration initial;
  private final Duration max;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

  public FailureBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records one more failure of {@code uid} and returns how long to wait before the next attempt. */
  public Duration next(String uid, Optional<Duration> minimum) {
    int n = failures.merge(uid, 1, Integer::sum);
    Duration exponential = n > 30 ? max : initial.multipliedBy(1L << (n - 1));
    Duration delay = exponential.compareTo(max) > 0 ? max : exponential;
    return minimum.filter(m -> m.compareTo(delay) > 0).orElse(delay);
  }

  /** Records that no call for {@code uid} should be made before {@code until}. */
  public void hold(String uid, Instant until) {
    heldUntil.put(uid, until);
  }

  /** What is left of a hold recorded for {@code uid}, if any. */
  public Optional<Duration> held(String uid, Instant now) {
    Instant until = heldUntil.get(uid);
    if (until == null || !until.isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, until));
  }

  /** Consecutive failures recorded for {@code uid}. */
  public int failures(String uid) {
    return failures.getOrDefault(uid, 0);
  }

  public void reset(String uid) {
    failures.remove(uid);
    heldUntil.remove(uid);
  }
}
