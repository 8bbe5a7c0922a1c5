package io.machineapi.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void namedThreadsAreDaemonsWithTheName() {
    ThreadFactory factory = DaemonThreads.named("worker");
    Thread first = factory.newThread(() -> { });
    Thread second = factory.newThread(() -> { });
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.getName()).isEqualTo("worker");
    assertThat(second.getName()).isEqualTo("worker");
  }

  @Test
  void numberedThreadsCountFromOne() {
    ThreadFactory factory = DaemonThreads.numbered("call");
    assertThat(factory.newThread(() -> { }).getName()).isEqualTo("call-1");
    Thread second = factory.newThread(() -> { });
    assertThat(second.getName()).isEqualTo("call-2");
    assertThat(second.isDaemon()).isTrue();
  }

  @Test
  void schedulerRunsOnItsNamedDaemonThread() throws Exception {
    ScheduledExecutorService scheduler = DaemonThreads.scheduler("ticker");
    try {
      Thread thread = scheduler.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
      assertThat(thread.getName()).isEqualTo("ticker");
      assertThat(thread.isDaemon()).isTrue();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void boundedPoolRejectsWhenItsQueueIsFull() throws Exception {
    ExecutorService pool = DaemonThreads.bounded("pool", 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try {
      pool.execute(() -> {
        running.countDown();
        awaitQuietly(release);
      });
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      pool.execute(() -> { });
      assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
