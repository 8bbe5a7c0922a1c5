package io.machineapi.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running command alive until the process is told to stop (Ctrl-C, SIGTERM, or the end of the JVM),
 * then closes its resources in reverse order. Reads no terminal and no stdin, so it also runs as
 * {@code machine-api sandbox </dev/null &}.
 */
final class Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private Shutdown() {}

  /** Blocks until the JVM shuts down; the resources are closed by the shutdown hook, last first. */
  static void awaitSignal(String what, AutoCloseable... resources) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping {}", what);
      for (int i = resources.length - 1; i >= 0; i--) {
        try {
          resources[i].close();
        } catch (Exception e) {
          LOG.warn("Error while stopping {}: {}", what, e.toString());
        }
      }
      closed.countDown();
    }, "machine-api-shutdown"));
    // The hook runs on SIGINT/SIGTERM; this thread just has to stay alive (non-daemon) until then.
    closed.await();
  }
}
