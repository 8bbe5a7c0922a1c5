package io.machineapi.autoscaler.loop;

import io.machineapi.controllers.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the autoscaler's passes run, on one thread (passes never overlap): the first at once; then every interval
 * after the last pass (the periodic scan); and a batching window after a {@link #wake()} — further wake-ups within
 * the window join that pass, as Karpenter batches pending pods. A pass that throws is logged as a warning and retried
 * after the interval; while passes keep failing the wait doubles (up to {@link #MAX_BACKOFF}, or the interval when
 * that is longer) and wake-ups are ignored until a pass succeeds again. Nothing a pass throws stops the schedule.
 */
final class PassScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PassScheduler.class);
  /** The longest wait between failing passes (or the interval, when that is longer). */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** How long {@link #close()} waits for a running pass. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

  private final Runnable pass;
  private final Duration interval;
  private final Duration batchWindow;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> nextScan;
  private ScheduledFuture<?> wakeUp;
  private int failures;
  private boolean closed;

  PassScheduler(String thread, Runnable pass, Duration interval, Duration batchWindow) {
    this.pass = pass;
    this.interval = interval;
    this.batchWindow = batchWindow;
    this.executor = DaemonThreads.scheduler(thread);
  }

  /** Runs the first pass now, then on schedule. */
  void start() {
    scheduleScan(Duration.ZERO);
  }

  /** Something worth a pass happened: one runs after the batching window, unless one is due or passes fail. */
  synchronized void wake() {
    if (closed || failures > 0 || wakeUp != null) {
      return;
    }
    wakeUp = executor.schedule(this::run, batchWindow.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Passes that failed in a row. */
  synchronized int failures() {
    return failures;
  }

  private synchronized void scheduleScan(Duration delay) {
    if (closed) {
      return;
    }
    if (nextScan != null) {
      nextScan.cancel(false);
    }
    nextScan = executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    synchronized (this) {
      // This pass serves any wake-up due: wake-ups from now on start a new batch.
      if (wakeUp != null) {
        wakeUp.cancel(false);
        wakeUp = null;
      }
    }
    boolean ok = false;
    try {
      pass.run();
      ok = true;
    } catch (RuntimeException e) {
      if (isClosed()) {
        LOG.debug("Autoscaler pass ended by close: {}", e.toString());
      } else {
        LOG.warn("Autoscaler pass failed (retried later): {}", e.toString());
        LOG.debug("Autoscaler pass failure", e);
      }
    } finally {
      Duration next;
      synchronized (this) {
        failures = ok ? 0 : failures + 1;
        next = delayAfter(failures, interval);
      }
      scheduleScan(next);
    }
  }

  /** The wait before the next scan: the interval, doubled for each failure after the first, up to the cap. */
  static Duration delayAfter(int failures, Duration interval) {
    if (failures <= 1) {
      return interval;
    }
    Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
    Duration d = interval.multipliedBy(1L << Math.min(failures - 1, 20));
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** Cancels what is scheduled and waits (up to {@code CLOSE_WAIT}) for a running pass to end. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Autoscaler pass still running {} after close", CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
