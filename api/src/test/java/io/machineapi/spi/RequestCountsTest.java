package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestCountsTest {

  @Test
  void countsByKeyFromManyThreads() throws InterruptedException {
    RequestCounts counts = new RequestCounts();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 1000; i++) {
      String key = i % 4 == 0 ? "RunInstances" : "DescribeInstances";
      pool.execute(() -> counts.increment(key));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(counts.count("RunInstances")).isEqualTo(250);
    assertThat(counts.count("TerminateInstances")).isZero();
    assertThat(counts.total()).isEqualTo(1000);
    assertThat(counts.snapshot()).containsExactly(java.util.Map.entry("DescribeInstances", 750L),
        java.util.Map.entry("RunInstances", 250L));
  }
}
