package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedCallsTest {

  @Test
  void neverMoreThanMaxInFlightAtOnce() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch firstWave = new CountDownLatch(4);
    try (BoundedCalls calls = new BoundedCalls(4)) {
      int ok = calls.all(IntStream.range(0, 20).boxed().toList(), i -> {
        max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        firstWave.countDown();
        try {
          // Hold each call until four are running together, so the bound is actually reached.
          return firstWave.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return false;
        } finally {
          inFlight.decrementAndGet();
        }
      });
      assertThat(ok).isEqualTo(20);
    }
    assertThat(max.get()).isEqualTo(4);
  }

  @Test
  void slowStartDoublesBatchesUpToTheBound() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (BoundedCalls bounded = new BoundedCalls(5)) {
      assertThat(bounded.slowStart(20, () -> {
        calls.incrementAndGet();
        return true;
      })).isEqualTo(20);
    }
    assertThat(calls.get()).isEqualTo(20);
  }

  @Test
  void slowStartOfMoreCallsThanThirtyTwoDoublingsCompletes() throws Exception {
    // The batch size stays at the bound instead of doubling on past Integer.MAX_VALUE (it used to overflow after
    // 31 batches: any set creating more than ~2,500 Machines at a bound of 100 failed).
    AtomicInteger calls = new AtomicInteger();
    try (BoundedCalls bounded = new BoundedCalls(2)) {
      assertThat(bounded.slowStart(200, () -> {
        calls.incrementAndGet();
        return true;
      })).isEqualTo(200);
    }
    assertThat(calls.get()).isEqualTo(200);
  }

  @Test
  void slowStartStopsAfterTheFirstBatchWithAFailure() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (BoundedCalls bounded = new BoundedCalls(8)) {
      // Batches 1, 2, 4: the 4th call overall (first of the third batch) fails; that batch still finishes.
      int ok = bounded.slowStart(50, () -> calls.incrementAndGet() != 4);
      assertThat(ok).isEqualTo(6);
    }
    assertThat(calls.get()).isEqualTo(7);
  }

  @Test
  void anExceptionCountsAsAFailure() throws Exception {
    try (BoundedCalls bounded = new BoundedCalls(2)) {
      assertThat(bounded.all(List.of(1, 2, 3), i -> {
        if (i == 2) {
          throw new IllegalStateException("boom");
        }
        return true;
      })).isEqualTo(2);
    }
  }
}
