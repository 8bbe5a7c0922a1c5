package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.controllers.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PeriodicPassTest {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicPassTest.class);

  @Test
  void aFailedPassIsFollowedByTheNextOne() {
    AtomicInteger calls = new AtomicInteger();
    try (PeriodicPass pass = PeriodicPass.start("test-failing", Duration.ofMillis(10), () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("boom");
    }, LOG)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 3);
    }
  }

  @Test
  void theFirstCallComesAfterTheFirstDelayOnTheNamedThread() {
    AtomicInteger calls = new AtomicInteger();
    String[] thread = {null};
    try (PeriodicPass pass = PeriodicPass.start("test-first", Duration.ZERO, Duration.ofHours(1), () -> {
      thread[0] = Thread.currentThread().getName();
      calls.incrementAndGet();
    }, LOG)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
      assertThat(thread[0]).isEqualTo("test-first");
    }
  }

  @Test
  void closingAPassOnASharedExecutorStopsOnlyThatPass() throws Exception {
    ScheduledExecutorService shared = DaemonThreads.scheduler("test-shared");
    try {
      AtomicInteger stopped = new AtomicInteger();
      AtomicInteger kept = new AtomicInteger();
      PeriodicPass first = PeriodicPass.on(shared, "first", Duration.ofMillis(10), stopped::incrementAndGet, LOG);
      PeriodicPass second = PeriodicPass.on(shared, "second", Duration.ofMillis(10), kept::incrementAndGet, LOG);
      await().atMost(Duration.ofSeconds(5)).until(() -> stopped.get() > 0 && kept.get() > 0);

      first.close();
      // The close ran after any call of the first pass in progress: a marker task on the one thread orders them.
      shared.submit(() -> { }).get(5, TimeUnit.SECONDS);
      int stoppedAt = stopped.get();
      int keptAt = kept.get();

      await().atMost(Duration.ofSeconds(5)).until(() -> kept.get() >= keptAt + 3);
      assertThat(stopped.get()).isEqualTo(stoppedAt);
      assertThat(shared.isShutdown()).isFalse();
      second.close();
    } finally {
      shared.shutdownNow();
    }
  }
}
