package io.machineapi.controllers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCallsTest {
  private static final ProviderSpec SPEC = Optional::<SecretReference>empty;

  /** A provider whose calls block until released (a cloud that accepts connections and never answers). */
  static final class GatedProvider implements MachineProvider<ProviderSpec> {
    final String name;
    final CountDownLatch gate;
    final AtomicInteger creates = new AtomicInteger();
    final AtomicBoolean interrupted = new AtomicBoolean();
    final List<Integer> describeBatches = new CopyOnWriteArrayList<>();

    GatedProvider(String name, boolean open) {
      this.name = name;
      this.gate = new CountDownLatch(open ? 0 : 1);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> providerSpecKinds() {
      return Set.of(name + "Spec");
    }

    @Override
    public ProviderSpec decode(JsonNode value) {
      return SPEC;
    }

    private void pass() {
      try {
        gate.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public ProviderResult create(MachineContext machine, ProviderSpec spec) {
      creates.incrementAndGet();
      pass();
      return InstanceState.absent();
    }

    @Override
    public DescribeResult describe(List<DescribeRequest<ProviderSpec>> machines) {
      describeBatches.add(machines.size());
      pass();
      DescribeResult.Builder result = DescribeResult.builder();
      machines.forEach(m -> result.result(m.uid(), InstanceState.absent()));
      return result.build();
    }

    @Override
    public ProviderResult delete(MachineContext machine, ProviderSpec spec) {
      return InstanceState.absent();
    }
  }

  private final MeterRegistry meters = new SimpleMeterRegistry();
  private ProviderCalls calls = new ProviderCalls(new ProviderCalls.Limits(2, 2, Duration.ofSeconds(2),
      Duration.ofSeconds(30), Duration.ofMillis(50), 100), Clock.systemUTC(), meters);

  @AfterEach
  void close() {
    calls.close();
  }

  private static DecodedSpec.Target target(MachineProvider<?> provider, String uid) throws Exception {
    return new DecodedSpec.Target(MachineContext.builder("ns", "m-" + uid, uid, "c").build(),
        DecodedSpec.decode(provider, null));
  }

  @Test
  void aHungProviderAnswersInFlightAndNeverHoldsUpAnotherProvider() throws Exception {
    GatedProvider aws = new GatedProvider("aws", false);
    GatedProvider sim = new GatedProvider("sim", true);
    ProviderCalls.Outcome<ProviderResult> hung = calls.call(aws, "a1", ProviderCalls.Operation.CREATE,
        () -> aws.create(null, SPEC), () -> {});
    assertThat(hung).isInstanceOf(ProviderCalls.InFlight.class);
    assertThat(calls.describe(target(aws, "a2"), () -> {})).isInstanceOf(ProviderCalls.InFlight.class);
    for (int i = 0; i < 20; i++) {
      assertThat(calls.describe(target(sim, "s" + i), () -> {})).isInstanceOf(ProviderCalls.Done.class);
      assertThat(calls.call(sim, "s" + i, ProviderCalls.Operation.CREATE, () -> sim.create(null, SPEC), () -> {}))
          .isInstanceOf(ProviderCalls.Done.class);
    }
    aws.gate.countDown();
  }

  @Test
  void whileAProviderIsSlowCallersDoNotWaitAtAll() {
    MutableClock clock = new MutableClock();
    calls.close();
    calls = new ProviderCalls(new ProviderCalls.Limits(2, 2, Duration.ofSeconds(2), Duration.ofMinutes(1),
        Duration.ofMillis(10), 100), clock, meters);
    GatedProvider aws = new GatedProvider("aws", false);
    long start = System.nanoTime();
    calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC), () -> {});
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(3));
    start = System.nanoTime();
    ProviderCalls.Outcome<ProviderResult> next = calls.call(aws, "a2", ProviderCalls.Operation.CREATE,
        () -> aws.create(null, SPEC), () -> {});
    assertThat(next).isInstanceOf(ProviderCalls.InFlight.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    aws.gate.countDown();
  }

  @Test
  void oneCallPerMachineAndOperationAndTheAnswerWakesTheMachine() throws Exception {
    GatedProvider aws = new GatedProvider("aws", false);
    AtomicInteger wakes = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertThat(calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC),
          wakes::incrementAndGet)).isInstanceOf(ProviderCalls.InFlight.class);
    }
    assertThat(aws.creates).hasValue(1);
    aws.gate.countDown();
    await().atMost(5, TimeUnit.SECONDS).until(() -> wakes.get() > 0);
    assertThat(calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC), () -> {}))
        .isEqualTo(new ProviderCalls.Done<>(InstanceState.absent()));
    assertThat(aws.creates).hasValue(1);
    // Picked up once: the next call is a new one.
    calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC), () -> {});
    assertThat(aws.creates).hasValue(2);
  }

  @Test
  void aCallPastItsDeadlineFailsAsTransientAndItsThreadIsInterrupted() throws Exception {
    calls.close();
    calls = new ProviderCalls(new ProviderCalls.Limits(2, 2, Duration.ofMillis(50), Duration.ofMillis(300),
        Duration.ofMillis(10), 100), Clock.systemUTC(), meters);
    GatedProvider aws = new GatedProvider("aws", false);
    AtomicInteger wakes = new AtomicInteger();
    assertThat(calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC),
        wakes::incrementAndGet)).isInstanceOf(ProviderCalls.InFlight.class);
    await().atMost(5, TimeUnit.SECONDS).until(() -> wakes.get() > 0);
    ProviderCalls.Outcome<ProviderResult> late = calls.call(aws, "a1", ProviderCalls.Operation.CREATE,
        () -> aws.create(null, SPEC), () -> {});
    assertThat(late).isInstanceOfSatisfying(ProviderCalls.Failed.class, f -> {
      assertThat(f.error()).isInstanceOf(TransientProviderException.class).hasMessageContaining("no answer");
      assertThat(((TransientProviderException) f.error()).reason())
          .isEqualTo(TransientProviderException.Reason.CLOUD_UNAVAILABLE);
    });
    await().atMost(5, TimeUnit.SECONDS).untilTrue(aws.interrupted);
  }

  @Test
  void aFullQueueFailsAtOnceAsProviderBusy() {
    GatedProvider aws = new GatedProvider("aws", false);
    // 2 threads + 2 queued; the fifth call is refused.
    for (int i = 0; i < 4; i++) {
      calls.call(aws, "a" + i, ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC), () -> {});
    }
    ProviderCalls.Outcome<ProviderResult> refused = calls.call(aws, "a4", ProviderCalls.Operation.CREATE,
        () -> aws.create(null, SPEC), () -> {});
    assertThat(refused).isInstanceOfSatisfying(ProviderCalls.Failed.class,
        f -> assertThat(f.error()).hasMessageContaining("busy"));
    aws.gate.countDown();
  }

  @Test
  void describesOfOneProviderArrivingTogetherBecomeOneBatchedCall() throws Exception {
    GatedProvider sim = new GatedProvider("sim", true);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    List<ProviderCalls.Outcome<DescribeResult>> answers = new CopyOnWriteArrayList<>();
    for (String uid : List.of("a", "b", "c")) {
      Thread t = new Thread(() -> {
        try {
          answers.add(calls.describe(target(sim, uid), () -> {}));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(5000);
    }
    assertThat(answers).hasSize(3).allSatisfy(a -> assertThat(a).isInstanceOf(ProviderCalls.Done.class));
    assertThat(sim.describeBatches).containsExactly(3);
  }
}
