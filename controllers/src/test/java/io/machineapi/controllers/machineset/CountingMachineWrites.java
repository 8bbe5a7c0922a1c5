package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link MachineWrites} that counts creates per {@code generateName} (total and the most in flight at once). Each
 * create is held for {@code createLatencyMillis} to stand in for a slower API server, so overlapping calls are
 * visible. With {@code visibleAfterMillis > 0} a create answers at once with the name it will have, but reaches the
 * API only that much later: a watch lagging behind writes, the stale cache that expectations guard against.
 */
final class CountingMachineWrites implements MachineWrites {
  private final MachineWrites delegate;
  private final long createLatencyMillis;
  private final long visibleAfterMillis;
  private final ScheduledExecutorService lagged = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
  /** generateNames whose creates fail (quota, an admission webhook). */
  final Set<String> refusedCreates = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  /** Machines whose owner references cannot be written (a release or adoption that keeps failing). */
  final Set<String> refusedOwnerWrites = ConcurrentHashMap.newKeySet();

  CountingMachineWrites(MachineWrites delegate, long createLatencyMillis, long visibleAfterMillis) {
    this.delegate = delegate;
    this.createLatencyMillis = createLatencyMillis;
    this.visibleAfterMillis = visibleAfterMillis;
  }

  @Override
  public Machine create(Machine machine) {
    String key = machine.getMetadata().getGenerateName();
    attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (refusedCreates.contains(key)) {
      throw new KubernetesClientException("quota exceeded (refused by the test)", 403, null);
    }
    int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    maxInFlight.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(createLatencyMillis);
      creates.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (visibleAfterMillis <= 0) {
        return delegate.create(machine);
      }
      machine.getMetadata().setName(key + UUID.randomUUID().toString().substring(0, 8));
      lagged.schedule(() -> delegate.create(machine), visibleAfterMillis, TimeUnit.MILLISECONDS);
      return machine;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.get(key).decrementAndGet();
    }
  }

  @Override
  public void delete(Machine machine) {
    delegate.delete(machine);
  }

  @Override
  public void setOwnerReferences(Machine machine, List<OwnerReference> ownerReferences) {
    if (refusedOwnerWrites.contains(machine.getMetadata().getName())) {
      throw new KubernetesClientException("refused by the test", 409, null);
    }
    delegate.setOwnerReferences(machine, ownerReferences);
  }

  void close() {
    lagged.shutdownNow();
  }

  int creates(String setName) {
    return creates.getOrDefault(setName + "-", new AtomicInteger()).get();
  }

  /** Create calls made, failed ones included. */
  int attempts(String setName) {
    return attempts.getOrDefault(setName + "-", new AtomicInteger()).get();
  }

  int maxInFlight(String setName) {
    return maxInFlight.getOrDefault(setName + "-", new AtomicInteger()).get();
  }
}
