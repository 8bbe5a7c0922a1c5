package io.machineapi.autoscaler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassSchedulerTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void aPassThatThrowsIsRetriedAndTheScheduleGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    Runnable pass = () -> {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("boom " + calls.get());
      }
    };
    try (PassScheduler s = new PassScheduler("test", pass, Duration.ofMillis(50), LONG)) {
      s.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 4);
      assertThat(s.failures()).isZero();
    }
  }

  @Test
  void wakeUpsWithinTheBatchingWindowMakeOnePass() {
    AtomicInteger calls = new AtomicInteger();
    try (PassScheduler s = new PassScheduler("test", calls::incrementAndGet, LONG, Duration.ofMillis(300))) {
      s.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 1);
      for (int i = 0; i < 5; i++) {
        s.wake();
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 2);
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 2);
      s.wake();
      await().atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 3);
    }
  }

  @Test
  void wakeUpsWaitForASuccessWhilePassesFail() {
    AtomicInteger calls = new AtomicInteger();
    Runnable pass = () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("API down");
    };
    try (PassScheduler s = new PassScheduler("test", pass, LONG, Duration.ofMillis(10))) {
      s.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> s.failures() == 1);
      s.wake();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> calls.get() == 1);
    }
  }

  @Test
  void theWaitDoublesWhilePassesKeepFailingUpToTheCap() {
    Duration i = Duration.ofSeconds(10);
    assertThat(PassScheduler.delayAfter(0, i)).isEqualTo(i);
    assertThat(PassScheduler.delayAfter(1, i)).isEqualTo(i);
    assertThat(PassScheduler.delayAfter(2, i)).isEqualTo(Duration.ofSeconds(20));
    assertThat(PassScheduler.delayAfter(4, i)).isEqualTo(Duration.ofSeconds(80));
    assertThat(PassScheduler.delayAfter(40, i)).isEqualTo(PassScheduler.MAX_BACKOFF);
    assertThat(PassScheduler.delayAfter(3, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
  }
}
