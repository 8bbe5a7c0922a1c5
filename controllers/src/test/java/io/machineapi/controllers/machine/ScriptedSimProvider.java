package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.providers.sim.SimMachineProviderSpec;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.NotYet;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.TransientProviderException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sim provider with a script on top: counts calls per Machine name, throws queued failures from create, and can
 * make an instance "vanish" (describe answers Gone, as when someone terminated it in the cloud console).
 */
final class ScriptedSimProvider implements MachineProvider<SimMachineProviderSpec> {
  private final SimMachineProvider sim = new SimMachineProvider();
  final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
  final Map<String, byte[]> userDataSeen = new ConcurrentHashMap<>();
  final Set<String> vanished = ConcurrentHashMap.newKeySet();
  /** The size of every describe batch, in call order. */
  final List<Integer> describeBatches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Deque<Exception>> createFailures = new ConcurrentHashMap<>();

  private final Map<String, AtomicInteger> notYetCreates = new ConcurrentHashMap<>();

  /** The next {@code times} create calls for {@code machine} answer NotYet. */
  void notYet(String machine, int times) {
    notYetCreates.put(machine, new AtomicInteger(times));
  }

  /** The next create calls for {@code machine} throw these, in order. */
  void failCreates(String machine, Exception... failures) {
    createFailures.computeIfAbsent(machine, k -> new ArrayDeque<>()).addAll(List.of(failures));
  }

  int creates(String machine) {
    return creates.getOrDefault(machine, new AtomicInteger()).get();
  }

  @Override
  public String name() {
    return sim.name();
  }

  @Override
  public Set<String> providerSpecKinds() {
    return sim.providerSpecKinds();
  }

  @Override
  public void init(ProviderEnvironment environment) {
    sim.init(environment);
  }

  @Override
  public SimMachineProviderSpec decode(JsonNode value) throws InvalidConfigurationException {
    return sim.decode(value);
  }

  @Override
  public ProviderResult create(MachineContext machine, SimMachineProviderSpec spec) throws ProviderException {
    creates.computeIfAbsent(machine.name(), k -> new AtomicInteger()).incrementAndGet();
    machine.secrets().userData().ifPresent(bytes -> userDataSeen.put(machine.name(), bytes));
    Deque<Exception> queued = createFailures.get(machine.name());
    Exception next;
    synchronized (this) {
      next = queued == null ? null : queued.poll();
    }
    if (next instanceof ProviderException p) {
      throw p;
    }
    if (next instanceof RuntimeException r) {
      throw r;
    }
    AtomicInteger waits = notYetCreates.get(machine.name());
    if (waits != null && waits.getAndDecrement() > 0) {
      return new NotYet(java.time.Duration.ofMillis(300), "a free simulated host");
    }
    return sim.create(machine, spec);
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<SimMachineProviderSpec>> machines)
      throws TransientProviderException {
    describeBatches.add(machines.size());
    DescribeResult real = sim.describe(machines);
    DescribeResult.Builder result = DescribeResult.builder();
    for (DescribeRequest<SimMachineProviderSpec> request : machines) {
      if (vanished.contains(request.machine().name())) {
        result.result(request.uid(), new InstanceState.Gone(
            real.resultFor(request.uid()).map(r -> ((InstanceState) r).details()).orElseThrow()));
      } else {
        real.resultFor(request.uid()).ifPresent(r -> result.result(request.uid(), r));
      }
    }
    return result.build();
  }

  @Override
  public ProviderResult delete(MachineContext machine, SimMachineProviderSpec spec) throws ProviderException {
    deletes.computeIfAbsent(machine.name(), k -> new AtomicInteger()).incrementAndGet();
    return sim.delete(machine, spec);
  }

  @Override
  public void close() {
    sim.close();
  }
}
