package io.machineapi.controllers.machineset;

import io.machineapi.controllers.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API calls in parallel with at most {@code maxInFlight} in flight, on one pool shared by every
 * MachineSet reconcile, so the bound also holds across sets. Each call reports success; an exception counts as a
 * failure. Idle threads time out, so the pool costs nothing between scale-ups.
 */
public final class BoundedCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedCalls.class);
  /** Longest wait for one call (the client's own request timeout normally ends it first). */
  private static final long CALL_DEADLINE_SECONDS = 60;
  private final int maxInFlight;
  private final ThreadPoolExecutor pool;

  public BoundedCalls(int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.pool = new ThreadPoolExecutor(maxInFlight, maxInFlight, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.numbered("machineset-call"));
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Makes {@code count} identical calls in batches of 1, 2, 4, … (each at most {@code maxInFlight}), stopping after
   * the first batch with a failure, as Kubernetes' ReplicaSet does: a set whose creates all fail (quota, an
   * admission webhook) then makes one failed call per pass instead of hundreds.
   *
   * @return how many calls succeeded
   */
  public int slowStart(int count, BooleanSupplier call) throws InterruptedException {
    int done = 0;
    int succeeded = 0;
    int batch = 1;
    while (done < count) {
      int size = Math.min(Math.min(batch, maxInFlight), count - done);
      List<Integer> items = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        items.add(i);
      }
      int ok = all(items, i -> call.getAsBoolean());
      succeeded += ok;
      done += size;
      if (ok < size) {
        break;
      }
      batch = Math.min(batch * 2, maxInFlight);
    }
    return succeeded;
  }

  /**
   * Calls {@code call} once per item, in parallel with at most {@code maxInFlight} in flight, and waits for all.
   *
   * @return how many calls succeeded
   */
  public <T> int all(List<T> items, Predicate<T> call) throws InterruptedException {
    List<Future<Boolean>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> call.test(item)));
    }
    int ok = 0;
    for (Future<Boolean> future : futures) {
      try {
        if (future.get(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
          ok++;
        }
      } catch (TimeoutException e) {
        future.cancel(true);
        LOG.warn("A MachineSet API call had no answer within {} s; counted as failed", CALL_DEADLINE_SECONDS);
      } catch (ExecutionException e) {
        // The call's own handler reports the failures it expects; anything else escaping it is logged here.
        LOG.warn("A MachineSet API call failed unexpectedly: {}", String.valueOf(e.getCause()), e.getCause());
      }
    }
    return ok;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
