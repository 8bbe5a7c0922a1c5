package io.machineapi.controllers.machine;

import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces the {@code describe} calls of Machines reconciled at about the same time into one batched
 * {@link MachineProvider#describe} per provider: the first request opens a short window, every request of the same
 * provider arriving within it joins, and one call answers them all (or a full batch goes at once). With many Machines
 * polling, the cloud sees one request per batch instead of one per Machine. The caller waits for the window plus the
 * describe call, never for a slow cloud operation (describe only reads).
 */
final class DescribeBatcher {
  private record Queued(DecodedSpec.Target target, CompletableFuture<DescribeResult> answer) {}

  private final Duration window;
  private final int maxBatch;
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "machine-describe-batcher");
    t.setDaemon(true);
    return t;
  });
  private final Map<MachineProvider<?>, List<Queued>> queued = new HashMap<>();

  DescribeBatcher(Duration window, int maxBatch) {
    this.window = window;
    this.maxBatch = maxBatch;
  }

  /** Describes one Machine as part of the next batch of its provider. */
  DescribeResult describe(DecodedSpec.Target target) throws TransientProviderException {
    MachineProvider<?> provider = target.decoded().provider();
    CompletableFuture<DescribeResult> answer = new CompletableFuture<>();
    boolean full;
    synchronized (this) {
      List<Queued> batch = queued.computeIfAbsent(provider, p -> new ArrayList<>());
      if (batch.isEmpty()) {
        flusher.schedule(() -> flush(provider), window.toNanos(), TimeUnit.NANOSECONDS);
      }
      batch.add(new Queued(target, answer));
      full = batch.size() >= maxBatch;
    }
    if (full) {
      flusher.execute(() -> flush(provider));
    }
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientProviderException(TransientProviderException.Reason.OTHER, "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransientProviderException t) {
        throw t;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void flush(MachineProvider<?> provider) {
    List<Queued> batch;
    synchronized (this) {
      batch = queued.remove(provider);
    }
    if (batch == null || batch.isEmpty()) {
      return;
    }
    try {
      DescribeResult result = DecodedSpec.describe(batch.stream().map(Queued::target).toList());
      batch.forEach(q -> q.answer().complete(result));
    } catch (TransientProviderException | RuntimeException e) {
      batch.forEach(q -> q.answer().completeExceptionally(e));
    }
  }
}
