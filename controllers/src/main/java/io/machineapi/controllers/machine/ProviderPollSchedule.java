package io.machineapi.controllers.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each Machine's instance is next due to be observed. Reconciles triggered by other things (a Node heartbeat
 * that changed readiness, our own status write) link Nodes without calling the cloud again before then, so
 * provider calls per Machine stay low. In memory: after a restart every Machine is observed once.
 */
final class ProviderPollSchedule {
  private final Map<String, Instant> dueAt = new ConcurrentHashMap<>();

  boolean isDue(String uid, Instant now) {
    Instant due = dueAt.get(uid);
    return due == null || !now.isBefore(due);
  }

  /** Time left until {@code uid} is due (zero when due now). */
  Duration untilDue(String uid, Instant now) {
    Instant due = dueAt.get(uid);
    return due == null || !now.isBefore(due) ? Duration.ZERO : Duration.between(now, due);
  }

  void observedAt(String uid, Instant nextDue) {
    dueAt.put(uid, nextDue);
  }

  void forget(String uid) {
    dueAt.remove(uid);
  }
}
