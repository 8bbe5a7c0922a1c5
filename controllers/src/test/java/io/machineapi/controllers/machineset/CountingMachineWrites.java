package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link MachineWrites} that counts creates per {@code generateName} (total and the most in flight at once). Each
 * create is held for {@code createLatencyMillis} to stand in for a slower API server, so overlapping calls are
 * visible.
 */
final class CountingMachineWrites implements MachineWrites {
  private final MachineWrites delegate;
  private final long createLatencyMillis;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();

  CountingMachineWrites(MachineWrites delegate, long createLatencyMillis) {
    this.delegate = delegate;
    this.createLatencyMillis = createLatencyMillis;
  }

  @Override
  public Machine create(Machine machine) {
    String key = machine.getMetadata().getGenerateName();
    int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    maxInFlight.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(createLatencyMillis);
      Machine created = delegate.create(machine);
      creates.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return created;
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
    delegate.setOwnerReferences(machine, ownerReferences);
  }

  int creates(String setName) {
    return creates.getOrDefault(setName + "-", new AtomicInteger()).get();
  }

  int maxInFlight(String setName) {
    return maxInFlight.getOrDefault(setName + "-", new AtomicInteger()).get();
  }
}
