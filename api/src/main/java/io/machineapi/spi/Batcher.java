package io.machineapi.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Coalesces calls that arrive at about the same time into one call per group, without blocking anyone: the first
 * item of a group opens a short window, every item of the same group arriving within it joins, and one
 * {@link Flush} answers them all (a full batch goes at once). Callers get a {@link CompletableFuture} and decide
 * themselves how long to wait for it. The flush runs on the executor the batcher was given, so a slow or hung cloud
 * occupies that executor's threads only, never a caller's or another group's timer.
 *
 * <p>The one batching helper of the project: the controller batches {@code describe} calls per provider with it, and
 * providers batch their own read-only rechecks (the AWS provider's termination checks) with it.
 *
 * @param <G> what a batch is per (a provider, a cloud client): items of different groups never share a call
 * @param <I> one caller's item
 * @param <R> the answer of one flush, shared by every item of the batch
 */
public final class Batcher<G, I, R> {

  /** Answers one batch. */
  @FunctionalInterface
  public interface Flush<G, I, R> {
    /**
     * @param group the batch's group
     * @param items the batch, in arrival order (may hold duplicates)
     */
    R flush(G group, List<I> items) throws Exception;
  }

  private record Queued<I, R>(I item, CompletableFuture<R> answer) {}

  private final Duration window;
  private final int maxBatch;
  private final Function<? super G, ? extends Executor> executors;
  private final Flush<G, I, R> flush;
  private final Map<G, List<Queued<I, R>>> queued = new HashMap<>();

  /**
   * @param window how long the first item of a batch waits for others
   * @param maxBatch a batch this large is flushed at once
   * @param executors runs a group's flushes (bounded: a rejected flush fails its batch)
   */
  public Batcher(Duration window, int maxBatch, Function<? super G, ? extends Executor> executors,
      Flush<G, I, R> flush) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    this.window = Objects.requireNonNull(window, "window");
    this.maxBatch = maxBatch;
    this.executors = Objects.requireNonNull(executors, "executors");
    this.flush = Objects.requireNonNull(flush, "flush");
  }

  /** Adds {@code item} to the next batch of {@code group}; the future completes with that batch's answer. */
  public CompletableFuture<R> submit(G group, I item) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    List<Queued<I, R>> full = null;
    boolean first;
    synchronized (this) {
      List<Queued<I, R>> batch = queued.computeIfAbsent(group, g -> new ArrayList<>());
      first = batch.isEmpty();
      batch.add(new Queued<>(item, answer));
      if (batch.size() >= maxBatch) {
        full = queued.remove(group);
      }
    }
    if (full != null) {
      run(group, full);
    } else if (first) {
      // The window's timer (the JDK's shared delayer thread) only hands the batch over to the executor; it never
      // runs a call itself.
      CompletableFuture.delayedExecutor(window.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
          .execute(() -> flushQueued(group));
    }
    return answer;
  }

  /** Items queued and not yet handed to a flush (for tests and metrics). */
  public synchronized int queuedItems() {
    return queued.values().stream().mapToInt(List::size).sum();
  }

  private void flushQueued(G group) {
    List<Queued<I, R>> batch;
    synchronized (this) {
      batch = queued.remove(group);
    }
    if (batch != null && !batch.isEmpty()) {
      run(group, batch);
    }
  }

  private void run(G group, List<Queued<I, R>> batch) {
    try {
      executors.apply(group).execute(() -> answer(group, batch));
    } catch (RejectedExecutionException e) {
      batch.forEach(q -> q.answer().completeExceptionally(e));
    }
  }

  private void answer(G group, List<Queued<I, R>> batch) {
    try {
      R result = flush.flush(group, batch.stream().map(Queued::item).toList());
      batch.forEach(q -> q.answer().complete(result));
    } catch (Exception | Error e) {
      batch.forEach(q -> q.answer().completeExceptionally(e));
      if (e instanceof Error error) {
        throw error;
      }
    }
  }
}
