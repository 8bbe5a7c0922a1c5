package io.machineapi.sandbox;

import io.machineapi.controllers.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * How the sandbox runs a periodic pass (its stand-ins for the rest of a cluster, its progress reports, the emulated
 * kubelets' heartbeats): the pass is called at a fixed delay; a failed pass is logged and the next one runs as
 * planned. A pass runs on a daemon thread of its own, or on an executor shared with other work when many passes
 * must not cost a thread each. Closing stops the pass (and its own thread).
 */
public final class PeriodicPass implements AutoCloseable {
  private final ScheduledFuture<?> schedule;
  /** The pass's own executor, or null when it runs on one its caller owns. */
  private final ScheduledExecutorService ownExecutor;

  private PeriodicPass(ScheduledFuture<?> schedule, ScheduledExecutorService ownExecutor) {
    this.schedule = schedule;
    this.ownExecutor = ownExecutor;
  }

  /** Starts calling {@code pass} every {@code interval} (first call after one interval) on thread {@code name}. */
  public static PeriodicPass start(String name, Duration interval, Runnable pass, Logger log) {
    return start(name, interval, interval, pass, log);
  }

  /** Starts calling {@code pass} after {@code firstDelay}, then every {@code interval}, on thread {@code name}. */
  public static PeriodicPass start(String name, Duration firstDelay, Duration interval, Runnable pass, Logger log) {
    ScheduledExecutorService executor = DaemonThreads.scheduler(name);
    return new PeriodicPass(schedule(executor, name, firstDelay, interval, pass, log), executor);
  }

  /**
   * Starts calling {@code pass} every {@code interval} (first call after one interval) on {@code executor}, which
   * the caller owns and shuts down; closing this pass only cancels it. {@code name} appears in the log of a failure.
   */
  public static PeriodicPass on(ScheduledExecutorService executor, String name, Duration interval, Runnable pass,
      Logger log) {
    return new PeriodicPass(schedule(executor, name, interval, interval, pass, log), null);
  }

  private static ScheduledFuture<?> schedule(ScheduledExecutorService executor, String name, Duration firstDelay,
      Duration interval, Runnable pass, Logger log) {
    return executor.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        log.warn("{} pass failed: {}", name, e.toString());
      }
    }, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    schedule.cancel(false);
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }
}
