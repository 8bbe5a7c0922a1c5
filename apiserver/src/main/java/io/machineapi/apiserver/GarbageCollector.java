package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ownerReference garbage collection. Background propagation: an object all of whose owners (by uid) are gone from
 * the store is deleted through the normal delete path, so finalizers on it hold it as on a real server. Owners that
 * are still terminating (held by a finalizer) count as present.
 *
 * <p>The finalizers {@link Propagation} puts on a terminating owner are served as kube's garbage collector does:
 * {@code orphan} — the owner's ownerReference is removed from every dependent, then the finalizer; {@code
 * foregroundDeletion} — every dependent is deleted (foreground again when it has dependents of its own), and the
 * finalizer is removed once no dependent with {@code blockOwnerDeletion: true} remains. Removing the last finalizer
 * completes the owner's deletion.
 *
 * <p>Event-driven ({@link #signal()} after writes) plus a periodic safety sweep, on one daemon thread; it talks to
 * the {@link Store} directly, never to the server over HTTP.
 */
final class GarbageCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final Store store;
  private final ResourceCatalog catalog;
  private final Duration safetySweep;
  private final Semaphore wakeUp = new Semaphore(0);
  private final OwnershipSummaries summaries = new OwnershipSummaries();
  /** Sweeps are at least this far apart, however often writes signal: collection waits 500 ms anyway. */
  static final Duration MIN_GAP = Duration.ofMillis(100);
  /** How long an owner must stay absent before its dependents are collected. */
  static final Duration CONFIRMATION = Duration.ofMillis(500);
  private final java.util.Map<String, Instant> suspects = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.time.Clock clock = java.time.Clock.systemUTC();
  private volatile boolean running = true;
  private Thread thread;

  GarbageCollector(Store store, ResourceCatalog catalog, Duration safetySweep) {
    this.store = store;
    this.catalog = catalog;
    this.safetySweep = safetySweep;
  }

  void start() {
    thread = new Thread(this::run, "apiserver-garbage-collector");
    thread.setDaemon(true);
    thread.start();
  }

  /** Something was written or deleted: sweep soon. Never blocks. */
  void signal() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void run() {
    while (running) {
      try {
        long wait = suspects.isEmpty() ? safetySweep.toMillis() : Math.min(safetySweep.toMillis(),
            CONFIRMATION.toMillis());
        if (wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          // Let a burst of writes settle into one sweep.
          Thread.sleep(MIN_GAP.toMillis());
        }
        wakeUp.drainPermits();
        // Deleting a dependent may orphan its own dependents: repeat until a pass deletes nothing.
        while (running && sweep() > 0) {
          Thread.onSpinWait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("garbage collection pass failed", e);
      }
    }
  }

  /**
   * One pass over the store; returns how many orphans it asked to delete. An object is collected only when its owners
   * were absent in two passes at least {@link #CONFIRMATION} apart: the mock's store replaces an object on update by a
   * remove and a put, so a single snapshot can miss an owner that is merely being written (which, under load, once
   * collected every Machine of a MachineSet whose status was being updated). A real garbage collector likewise
   * confirms an owner's absence with a live lookup before deleting.
   */
  int sweep() {
    List<OwnershipSummaries.Summary> objects = summaries.refresh(store.storedVersions());
    Set<String> uids = new HashSet<>();
    objects.forEach(o -> uids.add(o.uid()));
    Instant now = clock.instant();
    Set<String> stillSuspect = new HashSet<>();
    int deleted = 0;
    Map<String, List<OwnershipSummaries.Summary>> dependents = new HashMap<>();
    for (OwnershipSummaries.Summary object : objects) {
      object.ownerUids().forEach(owner -> dependents.computeIfAbsent(owner, k -> new ArrayList<>()).add(object));
    }
    for (OwnershipSummaries.Summary object : objects) {
      if (object.deleting() && object.finalizers().contains(Propagation.ORPHAN.finalizer())) {
        deleted += orphanDependents(object, dependents.getOrDefault(object.uid(), List.of()));
      } else if (object.deleting() && object.finalizers().contains(Propagation.FOREGROUND.finalizer())) {
        deleted += deleteDependents(object, dependents.getOrDefault(object.uid(), List.of()));
      }
    }
    for (OwnershipSummaries.Summary object : objects) {
      if (object.ownerUids().isEmpty() || object.deleting()) {
        continue;
      }
      boolean anyOwnerPresent = false;
      for (String owner : object.ownerUids()) {
        anyOwnerPresent |= uids.contains(owner);
      }
      if (anyOwnerPresent) {
        continue;
      }
      Instant firstSeen = suspects.computeIfAbsent(object.uid(), k -> now);
      stillSuspect.add(object.uid());
      if (Duration.between(firstSeen, now).compareTo(CONFIRMATION) >= 0 && delete(object)) {
        deleted++;
      }
    }
    suspects.keySet().retainAll(stillSuspect);
    return deleted;
  }

  /** Removes the owner's ownerReference from each dependent, then the orphan finalizer; returns writes done. */
  private int orphanDependents(OwnershipSummaries.Summary owner, List<OwnershipSummaries.Summary> dependents) {
    int written = 0;
    for (OwnershipSummaries.Summary dependent : dependents) {
      if (update(dependent, metadata -> removeIf(metadata.withArray("ownerReferences"),
          reference -> reference.path("uid").asText().equals(owner.uid()), metadata, "ownerReferences"))) {
        written++;
      }
    }
    return written + removeFinalizerOnceNone(owner, Propagation.ORPHAN, d -> true);
  }

  /**
   * Deletes the owner's dependents, then removes the foregroundDeletion finalizer once none that blocks the owner
   * remains; returns deletes and writes done.
   */
  private int deleteDependents(OwnershipSummaries.Summary owner, List<OwnershipSummaries.Summary> dependents) {
    int written = 0;
    for (OwnershipSummaries.Summary dependent : dependents) {
      if (!dependent.deleting() && delete(dependent, Propagation.FOREGROUND)) {
        written++;
      }
    }
    return written + removeFinalizerOnceNone(owner, Propagation.FOREGROUND,
        d -> d.blockingOwnerUids().contains(owner.uid()));
  }

  /**
   * Removes the policy's finalizer from the owner when no dependent matching {@code holds} is stored. Checked on a
   * fresh read under the store's lock: the sweep's snapshot may predate a dependent's last write.
   */
  private int removeFinalizerOnceNone(OwnershipSummaries.Summary owner, Propagation policy,
      Predicate<OwnershipSummaries.Summary> holds) {
    boolean removed = store.locked(() -> {
      if (OwnershipSummaries.dependentsOf(store.storedVersions(), owner.uid()).stream().anyMatch(holds)) {
        return false;
      }
      return update(owner, metadata -> removeIf(metadata.withArray("finalizers"),
          finalizer -> finalizer.asText().equals(policy.finalizer()), metadata, "finalizers"));
    });
    return removed ? 1 : 0;
  }

  /** Applies an edit to the stored object's metadata and writes it back if the edit changed it. */
  private boolean update(OwnershipSummaries.Summary object, Predicate<ObjectNode> editMetadata) {
    Optional<String> path = pathOf(object);
    if (path.isEmpty()) {
      return false;
    }
    return store.locked(() -> {
      Optional<ObjectNode> current = store.get(path.get());
      if (current.isEmpty() || !current.get().path("metadata").path("uid").asText().equals(object.uid())) {
        return false;
      }
      ObjectNode updated = current.get().deepCopy();
      if (!editMetadata.test(Writes.metadata(updated))) {
        return false;
      }
      int code = store.replace(path.get(), updated).code();
      return code == 200 || code == 201;
    });
  }

  /** Removes the matching elements; drops the field when it ends up empty. Returns whether anything was removed. */
  private static boolean removeIf(ArrayNode array, Predicate<JsonNode> match, ObjectNode metadata, String field) {
    boolean removed = false;
    for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
      if (match.test(it.next())) {
        it.remove();
        removed = true;
      }
    }
    if (array.isEmpty()) {
      metadata.remove(field);
    }
    return removed;
  }

  private boolean delete(OwnershipSummaries.Summary object) {
    return delete(object, Propagation.BACKGROUND);
  }

  private boolean delete(OwnershipSummaries.Summary object, Propagation propagation) {
    Optional<String> path = pathOf(object);
    if (path.isEmpty()) {
      LOG.debug("cannot collect {} {}: kind not served", object.kind(), object.name());
      return false;
    }
    LOG.debug("collecting orphan {}", path.get());
    int code = store.locked(() -> propagation.delete(store, path.get()).code());
    return code == 200;
  }

  private Optional<String> pathOf(OwnershipSummaries.Summary object) {
    return catalog.findByKind(object.apiVersion(), object.kind()).map(type -> {
      String prefix = type.group().isEmpty() ? "/api/" + type.version()
          : "/apis/" + type.group() + "/" + type.version();
      String namespace = type.namespaced() ? "/namespaces/" + object.namespace() : "";
      return prefix + namespace + "/" + type.plural() + "/" + object.name();
    });
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
