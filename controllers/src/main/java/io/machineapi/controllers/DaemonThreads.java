package io.machineapi.controllers;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the project makes the threads of its executors: daemon threads (none keeps the JVM running on its own) with a
 * name that tells in a thread dump what they do.
 */
public final class DaemonThreads {

  private DaemonThreads() {
  }

  /** Daemon threads all named {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, … in the order they are made. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One daemon thread named {@code name} running scheduled tasks. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  /**
   * A bounded pool of {@code threads} daemon threads named {@code name-1}, {@code name-2}, …; at most {@code queue}
   * tasks wait, and a full queue rejects.
   */
  public static ExecutorService bounded(String name, int threads, int queue) {
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        numbered(name));
  }
}
