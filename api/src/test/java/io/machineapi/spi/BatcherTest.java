package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<List<String>> flushed = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Batcher<String, String, List<String>> batcher(Duration window, int max) {
    return new Batcher<>(window, max, group -> pool, (group, items) -> {
      flushed.add(items);
      return items.stream().map(i -> group + ":" + i).toList();
    });
  }

  @Test
  void itemsOfOneGroupArrivingWithinTheWindowShareOneFlush() throws Exception {
    Batcher<String, String, List<String>> batcher = batcher(Duration.ofMillis(300), 100);
    CompletableFuture<List<String>> a = batcher.submit("aws", "a");
    CompletableFuture<List<String>> b = batcher.submit("aws", "b");
    CompletableFuture<List<String>> c = batcher.submit("sim", "c");
    assertThat(a.get(5, TimeUnit.SECONDS)).containsExactly("aws:a", "aws:b");
    assertThat(b.get(5, TimeUnit.SECONDS)).isSameAs(a.get());
    assertThat(c.get(5, TimeUnit.SECONDS)).containsExactly("sim:c");
    assertThat(flushed).containsExactlyInAnyOrder(List.of("a", "b"), List.of("c"));
    assertThat(batcher.queuedItems()).isZero();
  }

  @Test
  void aFullBatchGoesAtOnceWithoutWaitingForTheWindow() throws Exception {
    Batcher<String, String, List<String>> batcher = batcher(Duration.ofHours(1), 2);
    CompletableFuture<List<String>> a = batcher.submit("aws", "a");
    CompletableFuture<List<String>> b = batcher.submit("aws", "b");
    assertThat(b.get(5, TimeUnit.SECONDS)).containsExactly("aws:a", "aws:b");
    assertThat(a.get(5, TimeUnit.SECONDS)).containsExactly("aws:a", "aws:b");
  }

  @Test
  void submittingNeverWaitsForAHungFlushAndOtherGroupsGoOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService hungPool = Executors.newSingleThreadExecutor();
    try {
      Batcher<String, String, String> batcher = new Batcher<>(Duration.ofMillis(10), 100,
          group -> group.equals("hung") ? hungPool : pool, (group, items) -> {
            if (group.equals("hung")) {
              release.await();
            }
            return group;
          });
      CompletableFuture<String> hung = batcher.submit("hung", "x");
      CompletableFuture<String> fine = batcher.submit("fine", "y");
      assertThat(fine.get(5, TimeUnit.SECONDS)).isEqualTo("fine");
      assertThat(hung).isNotDone();
      release.countDown();
      assertThat(hung.get(5, TimeUnit.SECONDS)).isEqualTo("hung");
    } finally {
      hungPool.shutdownNow();
    }
  }

  @Test
  void aFailedFlushFailsEveryItemOfItsBatch() {
    Batcher<String, String, String> batcher = new Batcher<>(Duration.ofMillis(10), 100, group -> pool,
        (group, items) -> {
          throw new TransientProviderException(TransientProviderException.Reason.THROTTLED, "slow down", null);
        });
    CompletableFuture<String> a = batcher.submit("aws", "a");
    CompletableFuture<String> b = batcher.submit("aws", "b");
    for (CompletableFuture<String> f : List.of(a, b)) {
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TransientProviderException.class);
    }
  }

  @Test
  void aRejectedFlushFailsItsBatchInsteadOfLosingIt() {
    pool.shutdown();
    Batcher<String, String, String> batcher = new Batcher<>(Duration.ofMillis(1), 1, group -> pool,
        (group, items) -> group);
    assertThatThrownBy(() -> batcher.submit("aws", "a").get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RejectedExecutionException.class);
  }
}
