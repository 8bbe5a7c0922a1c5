package io.machineapi.sandbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * How the sandbox's stand-ins for the rest of a cluster run: one daemon thread per stand-in calling its pass at a
 * fixed delay; a failed pass is logged and the next one runs as planned. Closing stops the thread.
 */
public final class PeriodicPass implements AutoCloseable {
  private final ScheduledExecutorService executor;

  private PeriodicPass(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Starts calling {@code pass} every {@code interval} (first call after one interval) on thread {@code name}. */
  public static PeriodicPass start(String name, Duration interval, Runnable pass, Logger log) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        log.warn("{} pass failed: {}", name, e.toString());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return new PeriodicPass(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
