package io.machineapi.controllers.machineset;

import io.machineapi.api.machine.v1beta1.Machine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * ReplicaSet-style expectations, in memory: the Machine creates and deletes a MachineSet has issued but its informer
 * has not shown yet. While any is pending the set does not create or delete, so a second reconcile reading a stale
 * cache never creates twice (Cluster API style; replaces OpenShift's 10 s cache poll).
 *
 * <p>Entries are tracked by Machine name (known once the create returns, since names come from
 * {@code generateName}). They are settled three ways: informer events ({@link #observe}, {@link #gone}); a check
 * against the cache at reconcile time ({@link #pending}), which covers an event that arrived before the entry was
 * recorded; and expiry after {@code ttl}, so a lost event can delay the set by at most that long.
 */
public final class Expectations {
  /** Default lifetime of an unsettled expectation, as Kubernetes' ReplicaSet controller uses. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private enum Kind { CREATE, DELETE }

  private record Entry(String setKey, Kind kind, Instant issuedAt) {}

  private final Map<String, Entry> byMachine = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  public Expectations(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  public void expectCreate(String setKey, String namespace, String machineName) {
    byMachine.put(key(namespace, machineName), new Entry(setKey, Kind.CREATE, clock.instant()));
  }

  public void expectDelete(String setKey, String namespace, String machineName) {
    byMachine.put(key(namespace, machineName), new Entry(setKey, Kind.DELETE, clock.instant()));
  }

  /**
   * An informer showed {@code machine} (added or updated): its creation is seen; a deletionTimestamp settles a
   * delete.
   */
  public void observe(Machine machine) {
    String key = key(machine.getMetadata().getNamespace(), machine.getMetadata().getName());
    byMachine.computeIfPresent(key, (k, e) ->
        e.kind() == Kind.CREATE || machine.getMetadata().getDeletionTimestamp() != null ? null : e);
  }

  /** A write that was expected failed: nothing will be observed for {@code machineName}. */
  public void cancel(String namespace, String machineName) {
    byMachine.remove(key(namespace, machineName));
  }

  /** An informer showed {@code machine} deleted: whatever was expected of it is settled. */
  public void gone(Machine machine) {
    byMachine.remove(key(machine.getMetadata().getNamespace(), machine.getMetadata().getName()));
  }

  /**
   * How many creates and deletes of {@code setKey} are still unsettled, after settling those the cache already
   * reflects and dropping expired ones.
   *
   * @param cached looks a Machine up by name in the set's namespace in the informer cache
   */
  public int pending(String setKey, Function<String, Optional<Machine>> cached) {
    Instant expiredBefore = clock.instant().minus(ttl);
    int pending = 0;
    for (Map.Entry<String, Entry> e : byMachine.entrySet()) {
      Entry entry = e.getValue();
      if (!entry.setKey().equals(setKey)) {
        continue;
      }
      String name = e.getKey().substring(e.getKey().indexOf('/') + 1);
      Optional<Machine> machine = cached.apply(name);
      boolean settled = switch (entry.kind()) {
        case CREATE -> machine.isPresent();
        case DELETE -> machine.isEmpty() || machine.get().getMetadata().getDeletionTimestamp() != null;
      };
      if (settled || entry.issuedAt().isBefore(expiredBefore)) {
        byMachine.remove(e.getKey(), entry);
      } else {
        pending++;
      }
    }
    return pending;
  }

  /** Drops everything expected of a MachineSet (it is being deleted). */
  public void forget(String setKey) {
    byMachine.values().removeIf(e -> e.setKey().equals(setKey));
  }
}
