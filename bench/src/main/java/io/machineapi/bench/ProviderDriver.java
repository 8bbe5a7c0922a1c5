package io.machineapi.bench;

import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.TransientProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives one provider through the calls the Machine controller makes for many Machines, for the provider benchmarks:
 * creates in waves of {@value #WAVE} (a batched describe finds the wave absent right before its creates, which run in
 * parallel), create or describe again after each Pending until Running, deletes 10 at a time until gone, each
 * transient failure retried as the controller would (and counted).
 *
 * @param <S> the provider's spec type
 */
final class ProviderDriver<S extends ProviderSpec> {
  /** Machines created (and deleted) at once. */
  static final int WAVE = 10;

  private final MachineProvider<S> provider;
  private final S spec;
  private final AtomicInteger retried = new AtomicInteger();

  ProviderDriver(MachineProvider<S> provider, S spec) {
    this.provider = provider;
    this.spec = spec;
  }

  /** Transient failures retried since the last call of this method. */
  int retriedSinceLast() {
    return retried.getAndSet(0);
  }

  /**
   * Creates every Machine's instance in waves: one batched describe of the wave, then its creates in parallel, each
   * repeated after {@code Pending.recheckAfter} while {@code untilRunning} and the answer is Pending (providers whose
   * create carries the work forward, like vSphere's task chain).
   *
   * @return the Machines as the controller holds them after the last answer
   */
  List<MachineContext> createAll(List<MachineContext> fresh, boolean untilRunning) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WAVE);
    try {
      List<MachineContext> out = new ArrayList<>();
      for (int from = 0; from < fresh.size(); from += WAVE) {
        List<MachineContext> wave = fresh.subList(from, Math.min(fresh.size(), from + WAVE));
        provider.describe(wave.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
        List<Future<MachineContext>> futures = new ArrayList<>();
        for (MachineContext m : wave) {
          futures.add(pool.submit(() -> {
            MachineContext held = m;
            ProviderResult r = retrying(() -> provider.create(m, spec));
            held = holding(held, (InstanceState) r);
            while (untilRunning && r instanceof InstanceState.Pending pending) {
              Thread.sleep(pending.recheckAfter().toMillis());
              MachineContext now = held;
              r = retrying(() -> provider.create(now, spec));
              held = holding(held, (InstanceState) r);
            }
            return held;
          }));
        }
        for (Future<MachineContext> f : futures) {
          out.add(f.get());
        }
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Provisions every Machine as the Machine controller does with a provider whose work goes on across calls
   * (vSphere's clone, then power-on): each round one batched describe of the Machines not yet Running, then a create
   * (in parallel, with the progress token the controller holds) for every one answered Absent, then a pause of
   * {@code intervalMillis}; until all are Running.
   */
  Polled provision(List<MachineContext> fresh, long intervalMillis, int maxRounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WAVE);
    try {
      java.util.Map<String, MachineContext> held = new java.util.LinkedHashMap<>();
      fresh.forEach(m -> held.put(m.uid(), m));
      java.util.Set<String> running = new java.util.HashSet<>();
      for (int round = 1; ; round++) {
        List<MachineContext> open = held.values().stream().filter(m -> !running.contains(m.uid())).toList();
        DescribeResult r = provider.describe(open.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
        List<Future<MachineContext>> creates = new ArrayList<>();
        for (MachineContext m : open) {
          ProviderResult answer = r.resultFor(m.uid()).orElse(null);
          if (answer instanceof InstanceState.Running s) {
            running.add(m.uid());
            held.put(m.uid(), holding(m, s));
          } else if (answer instanceof InstanceState.Absent) {
            creates.add(pool.submit(() -> holding(m, (InstanceState) retrying(() -> provider.create(m, spec)))));
          } else if (answer instanceof InstanceState s) {
            held.put(m.uid(), holding(m, s));
          }
        }
        for (Future<MachineContext> f : creates) {
          MachineContext m = f.get();
          held.put(m.uid(), m);
        }
        if (running.size() == held.size()) {
          return new Polled(round, List.copyOf(held.values()));
        }
        if (round == maxRounds) {
          throw new IllegalStateException(running.size() + " of " + held.size() + " instances running after "
              + round + " rounds");
        }
        Thread.sleep(intervalMillis);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Batched describes of all {@code machines}, every {@code intervalMillis}, until all are Running. */
  Polled pollUntilRunning(List<MachineContext> machines, long intervalMillis, int maxPolls) throws Exception {
    List<DescribeRequest<S>> batch = machines.stream().map(m -> new DescribeRequest<>(m, spec)).toList();
    for (int polls = 1; ; polls++) {
      DescribeResult r = provider.describe(batch);
      long running = machines.stream().filter(m -> r.resultFor(m.uid()).orElse(null)
          instanceof InstanceState.Running).count();
      if (running == machines.size()) {
        return new Polled(polls, machines.stream().map(m -> holding(m, (InstanceState) r.resultFor(m.uid())
            .orElseThrow())).toList());
      }
      if (polls == maxPolls) {
        throw new IllegalStateException(running + " of " + machines.size() + " instances running after " + polls
            + " polls");
      }
      Thread.sleep(intervalMillis);
    }
  }

  /** How many polls it took, and the Machines as the controller then holds them. */
  record Polled(int polls, List<MachineContext> machines) {}

  /**
   * Deletes every Machine's instance, 10 at a time, repeating each delete after the provider's recheck delay (as the
   * controller does) until it is gone.
   */
  void deleteAll(List<MachineContext> machines) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WAVE);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (MachineContext m : machines) {
        futures.add(pool.submit(() -> {
          MachineContext held = m;
          ProviderResult r = retrying(() -> provider.delete(m, spec));
          while (r instanceof InstanceState.Terminating terminating) {
            Thread.sleep(terminating.recheckAfter().toMillis());
            held = holding(held, terminating);
            MachineContext now = held;
            r = retrying(() -> provider.delete(now, spec));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The Machine as the controller holds it after this answer: its providerID and providerStatus once given, and the
   * answer's progress token.
   */
  static MachineContext holding(MachineContext m, InstanceState s) {
    MachineContext.Builder b = MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
        .labels(m.labels()).secrets(m.secrets());
    s.details().providerId().or(m::providerId).ifPresent(b::providerId);
    s.details().providerStatus().or(m::providerStatus).ifPresent(b::providerStatus);
    // An answer without a token removes the stored one, as the controller does.
    s.details().progressToken().ifPresent(b::progressToken);
    return b.build();
  }

  private interface Call {
    ProviderResult call() throws ProviderException;
  }

  private ProviderResult retrying(Call call) throws ProviderException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (TransientProviderException e) {
        if (attempt == 5) {
          throw e;
        }
        retried.incrementAndGet();
        System.err.println("retrying after " + e.reason() + ": " + e.getMessage());
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
