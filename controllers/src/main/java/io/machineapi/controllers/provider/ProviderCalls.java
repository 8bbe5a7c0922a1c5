package io.machineapi.controllers.provider;

import io.machineapi.controllers.DaemonThreads;
import io.machineapi.spi.Batcher;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call the Machine controller makes to a provider goes through here, so a slow or dead cloud never stalls
 * other work:
 * <ul>
 *   <li><b>One bounded executor per provider.</b> A provider's calls run on its own threads with a bounded queue; a
 *       hung EC2 endpoint occupies the {@code aws} threads only, never the reconcile threads or the {@code sim}
 *       provider's. A full queue fails the call at once as a transient "provider busy".</li>
 *   <li><b>A deadline on every call.</b> A call without an answer after {@code deadline} fails as transient
 *       ({@code CLOUD_UNAVAILABLE}); its thread is interrupted.</li>
 *   <li><b>A reconcile never waits long.</b> The caller waits at most {@code waitBudget} for the answer (nothing at
 *       all while the provider is slow, i.e. has a call running longer than that), then gets {@link InFlight} and
 *       requeues; when the answer arrives, {@code wake} runs, so the Machine is reconciled again at once and picks
 *       the answer up.</li>
 *   <li><b>Single flight per Machine and operation.</b> While a Machine's create (or delete, or describe) runs, no
 *       second one starts for it, even after its deadline passed, until the first has really ended.</li>
 *   <li><b>Describes are batched</b> per provider with {@link Batcher}, one {@link MachineProvider#describe} per
 *       batch, on the provider's executor.</li>
 *   <li><b>Every call is measured</b> ({@link CloudCallMetrics}): its duration and outcome per provider and
 *       operation, and the queued and running calls per provider.</li>
 * </ul>
 */
public final class ProviderCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);

  /** What a Machine asks its provider; {@code CAPACITY} is a MachineSet's instance-type capacity. */
  public enum Operation { DESCRIBE, CREATE, DELETE, CAPACITY }

  /** A provider call's body. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws ProviderException;
  }

  /** The answer, if it came within the wait budget. */
  public sealed interface Outcome<T> {}

  /** The call answered. */
  public record Done<T>(T value) implements Outcome<T> {}

  /** The call failed (a provider exception, a provider bug, the deadline, the provider's queue full). */
  public record Failed<T>(Exception error) implements Outcome<T> {}

  /**
   * The call is still running; the Machine is woken when it ends, and should requeue after {@code recheckAfter} as a
   * backstop.
   */
  public record InFlight<T>(Duration recheckAfter, Duration running) implements Outcome<T> {}

  /** Sizes and times. */
  public record Limits(int threadsPerProvider, int queuePerProvider, Duration waitBudget, Duration deadline,
      Duration describeWindow, int describeMaxBatch) {
    public Limits {
      if (threadsPerProvider < 1 || queuePerProvider < 1 || describeMaxBatch < 1) {
        throw new IllegalArgumentException("threads, queue and batch size must be at least 1");
      }
      Objects.requireNonNull(waitBudget, "waitBudget");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(describeWindow, "describeWindow");
    }

    /** 16 threads and 10,000 queued calls per provider, wait up to 2 s, deadline 2 min, 20 ms describe window. */
    public static Limits defaults() {
      return new Limits(16, 10_000, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofMillis(20), 200);
    }
  }

  private record Key(String uid, Operation operation) {}

  /** One call: its answer (bounded by the deadline) and whether its thread has really finished. */
  private static final class Entry {
    final CompletableFuture<Object> answer = new CompletableFuture<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    final Instant started;
    final String provider;

    Entry(Instant started, String provider) {
      this.started = started;
      this.provider = provider;
    }
  }

  private final Limits limits;
  private final Clock clock;
  private final Map<String, ThreadPoolExecutor> executors = new ConcurrentHashMap<>();
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Set<Entry>> unanswered = new ConcurrentHashMap<>();
  private final Batcher<MachineProvider<?>, DecodedSpec.Target, DescribeResult> describes;
  private final CloudCallMetrics metrics;

  /**
   * @param meters where the calls' metrics go
   */
  public ProviderCalls(Limits limits, Clock clock, MeterRegistry meters) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = new CloudCallMetrics(Objects.requireNonNull(meters, "meters"));
    this.describes = new Batcher<>(limits.describeWindow(), limits.describeMaxBatch(), this::describeExecutor,
        this::describeBatch);
  }

  /**
   * Runs {@code call} for Machine {@code uid} on {@code provider}'s executor, or joins the one already running.
   *
   * @param wake run once when an answer arrives that the caller has not waited for
   */
  public <T> Outcome<T> call(MachineProvider<?> provider, String uid, Operation operation, Call<T> call,
      Runnable wake) {
    return join(provider, new Key(uid, operation), entry -> start(provider, entry, call, operation), wake);
  }

  /** {@link MachineProvider#describe} of one Machine, batched with other Machines of the same provider. */
  public Outcome<DescribeResult> describe(DecodedSpec.Target target, Runnable wake) {
    MachineProvider<?> provider = target.decoded().provider();
    return join(provider, new Key(target.machine().uid(), Operation.DESCRIBE), entry -> {
      describes.submit(provider, target).whenComplete((result, error) -> {
        complete(entry, result, error);
        entry.finished.complete(null);
      });
      deadline(entry, null);
    }, wake);
  }

  /** Joins the call running for {@code key}, or starts one with {@code starter}; then waits within the budget. */
  private <T> Outcome<T> join(MachineProvider<?> provider, Key key, Consumer<Entry> starter, Runnable wake) {
    AtomicReference<Entry> started = new AtomicReference<>();
    Entry entry = entries.computeIfAbsent(key, k -> {
      started.set(new Entry(clock.instant(), provider.name()));
      return started.get();
    });
    if (started.get() == entry) {
      running(entry);
      starter.accept(entry);
    }
    return await(key, entry, provider, wake);
  }

  /**
   * The answered value, or the failure rethrown as the provider threw it.
   *
   * @throws IllegalStateException for an {@link InFlight} outcome
   */
  public static <T> T value(Outcome<T> outcome) throws ProviderException {
    if (outcome instanceof Done<T> done) {
      return done.value();
    }
    if (outcome instanceof Failed<T> failed) {
      if (failed.error() instanceof ProviderException p) {
        throw p;
      }
      if (failed.error() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(failed.error());
    }
    throw new IllegalStateException("no answer yet: " + outcome);
  }

  /** Forgets a deleted Machine's answers (a call still running ends unobserved). */
  public void forget(String uid) {
    for (Operation operation : Operation.values()) {
      entries.remove(new Key(uid, operation));
    }
  }

  private <T> void start(MachineProvider<?> provider, Entry entry, Call<T> call, Operation operation) {
    AtomicReference<Thread> runner = new AtomicReference<>();
    Timer.Sample sample = metrics.start();
    try {
      executorFor(provider).execute(() -> {
        runner.set(Thread.currentThread());
        try {
          complete(entry, call.call(), null);
        } catch (Exception e) {
          complete(entry, null, e);
        } finally {
          runner.set(null);
          entry.finished.complete(null);
          Thread.interrupted();
        }
      });
    } catch (RejectedExecutionException e) {
      metrics.busy(provider.name(), operation);
      complete(entry, null, new TransientProviderException(TransientProviderException.Reason.OTHER,
          "provider " + provider.name() + " is busy: " + limits.queuePerProvider() + " calls already queued", e));
      entry.finished.complete(null);
      return;
    }
    deadline(entry, runner);
    // The answer, or the deadline's TimeoutException, settles the call exactly once.
    entry.answer.whenComplete((value, error) -> metrics.ended(sample, provider.name(), operation, unwrap(error)));
  }

  /** A batch of describes is one provider call: measured as one, with a deadline of its own for the metric. */
  private DescribeResult describeBatch(MachineProvider<?> provider, List<DecodedSpec.Target> targets)
      throws TransientProviderException {
    CompletableFuture<Object> settled = new CompletableFuture<>();
    Timer.Sample sample = metrics.start();
    settled.orTimeout(limits.deadline().toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) ->
        metrics.ended(sample, provider.name(), Operation.DESCRIBE, unwrap(error)));
    try {
      DescribeResult result = DecodedSpec.describe(targets);
      settled.complete(result);
      return result;
    } catch (RuntimeException | TransientProviderException e) {
      settled.completeExceptionally(e);
      throw e;
    }
  }

  /** The provider's executor, counting a refused describe batch as a busy call. */
  private Executor describeExecutor(MachineProvider<?> provider) {
    ThreadPoolExecutor executor = executorFor(provider);
    return command -> {
      try {
        executor.execute(command);
      } catch (RejectedExecutionException e) {
        metrics.busy(provider.name(), Operation.DESCRIBE);
        throw e;
      }
    };
  }

  private void deadline(Entry entry, AtomicReference<Thread> runner) {
    entry.answer.orTimeout(limits.deadline().toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
      if (unwrap(error) instanceof TimeoutException && runner != null) {
        Thread thread = runner.get();
        if (thread != null) {
          thread.interrupt();
        }
      }
    });
  }

  private static void complete(Entry entry, Object value, Throwable error) {
    if (error == null) {
      entry.answer.complete(value);
    } else {
      entry.answer.completeExceptionally(unwrap(error));
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Outcome<T> await(Key key, Entry entry, MachineProvider<?> provider, Runnable wake) {
    Duration budget = slow(provider.name()) ? Duration.ZERO : limits.waitBudget();
    try {
      Object value = entry.answer.get(budget.toNanos(), TimeUnit.NANOSECONDS);
      release(key, entry);
      return new Done<>((T) value);
    } catch (TimeoutException notYet) {
      entry.answer.whenComplete((v, e) -> wake.run());
      Duration running = Duration.between(entry.started, clock.instant());
      Duration left = limits.deadline().minus(running);
      return new InFlight<>(left.isNegative() ? Duration.ofSeconds(1) : left.plusSeconds(1), running);
    } catch (ExecutionException e) {
      release(key, entry);
      return new Failed<>(failure(unwrap(e), provider, key.operation()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new InFlight<>(Duration.ofSeconds(1), Duration.between(entry.started, clock.instant()));
    }
  }

  /**
   * An answered call is picked up once; the next call starts afresh, unless the thread of a call that missed its
   * deadline is still running (then the entry stays, answered, and the next caller waits for the thread to end).
   */
  private void release(Key key, Entry entry) {
    if (entry.finished.isDone()) {
      entries.remove(key, entry);
    } else {
      entry.finished.whenComplete((v, e) -> entries.remove(key, entry));
    }
  }

  private Exception failure(Throwable error, MachineProvider<?> provider, Operation operation) {
    if (error instanceof TimeoutException) {
      return new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE,
          "no answer from provider " + provider.name() + " to " + operation.name().toLowerCase() + " within "
              + limits.deadline().toSeconds() + " s", null);
    }
    if (error instanceof Exception e) {
      return e;
    }
    return new IllegalStateException("provider " + provider.name() + " failed: " + error, error);
  }

  /** Tracks an unanswered call of its provider until it answers (or misses its deadline). */
  private void running(Entry entry) {
    Set<Entry> calls = unanswered.computeIfAbsent(entry.provider, p -> ConcurrentHashMap.newKeySet());
    calls.add(entry);
    entry.answer.whenComplete((v, e) -> calls.remove(entry));
  }

  /** A provider is slow while one of its calls has run longer than the wait budget without an answer. */
  private boolean slow(String provider) {
    Instant overdue = clock.instant().minus(limits.waitBudget());
    for (Entry entry : unanswered.getOrDefault(provider, Set.of())) {
      if (entry.started.isBefore(overdue)) {
        return true;
      }
    }
    return false;
  }

  private ThreadPoolExecutor executorFor(MachineProvider<?> provider) {
    return executors.computeIfAbsent(provider.name(), name -> {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(limits.threadsPerProvider(), limits.threadsPerProvider(), 30,
          TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.queuePerProvider()),
          DaemonThreads.numbered("provider-" + name));
      pool.allowCoreThreadTimeOut(true);
      metrics.executor(name, pool);
      return pool;
    });
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public void close() {
    executors.values().forEach(ThreadPoolExecutor::shutdownNow);
    metrics.close();
    if (!entries.isEmpty()) {
      LOG.debug("{} provider calls still tracked at shutdown", entries.size());
    }
  }
}
