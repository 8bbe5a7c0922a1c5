package io.machineapi.providers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import io.machineapi.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Catalogue, capacity, jitter, failures and throttling of the simulated cloud, with a seed and a hand-moved clock. */
class SimCloudBehaviourTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void theDefaultCatalogueHasTheUsualLadderIncludingFourCpuSixteenGib() {
    SimMachineProvider provider = provider(Map.of());

    assertThat(provider.catalog().types()).containsKeys("sim.small", "sim.medium", "sim.large", "sim.xlarge");
    assertThat(provider.catalog().find("sim.xlarge")).contains(new SimInstanceType("sim.xlarge", 4, 16384, 110));
    assertThatThrownBy(() -> provider.catalog().types().put("x", null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void capacityAnswersFromTheCatalogueIncludingConfiguredGpusAndArchitecture() throws Exception {
    SimMachineProvider provider = provider(Map.of("instanceTypes", "sim.gpu:8:65536:110:2:arm64"));

    assertThat(provider.capacity(provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.xlarge\"}")),
        ResolvedSecrets.none())).contains(new InstanceCapacity("sim.xlarge", 4, 16384, 0, "", OptionalInt.of(110),
            "amd64"));
    assertThat(provider.capacity(provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.gpu\"}")),
        ResolvedSecrets.none())).contains(new InstanceCapacity("sim.gpu", 8, 65536, 2, "nvidia.com/gpu",
            OptionalInt.of(110), "arm64"));
    assertThatThrownBy(() -> provider(Map.of("instanceTypes", "sim.gpu:8:65536:110:-1")))
        .hasMessageContaining("name:cpu:memoryMiB:maxPods[:gpus[:architecture]]");
  }

  @Test
  void extraInstanceTypesAreAddedFromConfigurationAndUnknownTypesAreInvalidSpecs() throws Exception {
    SimMachineProvider provider = provider(Map.of("instanceTypes", "sim.huge:64:262144:250"));

    assertThat(provider.catalog().find("sim.huge")).contains(new SimInstanceType("sim.huge", 64, 262144, 250));
    assertThat(provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.huge\"}")).instanceType())
        .isEqualTo("sim.huge");
    InvalidConfigurationException e = catchThrowableOfType(
        () -> provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.gigantic\"}")),
        InvalidConfigurationException.class);
    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.path()).isEqualTo("providerSpec.value.instanceType");
      assertThat(error.message()).contains("unknown instance type sim.gigantic", "sim.xlarge");
    });
    assertThat(provider.callCounts().creates()).isZero();
  }

  @Test
  void bootLatencyComesFromConfigurationWhenTheSpecSetsNoneAndJitterStaysWithinBounds() throws Exception {
    SimMachineProvider provider = provider(Map.of("bootSeconds", "2", "bootJitterSeconds", "1", "seed", "7"));
    SimMachineProviderSpec spec = provider.decode(SimMachineProviderTest.json("{}"));

    List<Duration> boots = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      boots.add(((InstanceState.Pending) provider.create(machine(i), spec)).recheckAfter());
    }

    assertThat(boots).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3)));
    assertThat(boots.stream().distinct().count()).as("jitter varies boot times").isGreaterThan(5);
    SimMachineProviderSpec explicit = provider.decode(SimMachineProviderTest.json("{\"bootSeconds\": 10}"));
    assertThat(((InstanceState.Pending) provider.create(machine(99), explicit)).recheckAfter())
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
  }

  @Test
  void theSameSeedGivesTheSameFailuresAndBootTimes() throws Exception {
    Map<String, String> config = Map.of("createFailureRate", "0.3", "throttleRate", "0.2", "bootJitterSeconds", "5",
        "seed", "42");

    assertThat(outcomes(provider(config))).isEqualTo(outcomes(provider(config)));
    assertThat(outcomes(provider(config))).isNotEqualTo(outcomes(provider(withSeed(config, "43"))));
  }

  @Test
  void failedLaunchesAreTransientLeaveNoInstanceAndAreCounted() throws Exception {
    SimMachineProvider provider = provider(Map.of("createFailureRate", "1", "seed", "1"));
    SimMachineProviderSpec spec = provider.decode(SimMachineProviderTest.json("{}"));

    TransientProviderException e = catchThrowableOfType(() -> provider.create(machine(1), spec),
        TransientProviderException.class);

    assertThat(e.reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
    assertThat(describe(provider, machine(1), spec)).isEqualTo(InstanceState.absent());
    assertThat(provider.callCounts().failedLaunches()).isEqualTo(1);
    assertThat(provider.callCounts().launches()).isZero();
  }

  @Test
  void everyKindOfCallCanBeThrottledWithAMinimumBackoff() throws Exception {
    SimMachineProvider provider = provider(Map.of("throttleRate", "1", "throttleBackoffSeconds", "3"));
    SimMachineProviderSpec spec = provider.decode(SimMachineProviderTest.json("{}"));

    for (ThrowingCall call : List.<ThrowingCall>of(() -> provider.create(machine(1), spec),
        () -> provider.describe(List.of(new DescribeRequest<>(machine(1), spec))),
        () -> provider.delete(machine(1), spec))) {
      TransientProviderException e = catchThrowableOfType(call::run, TransientProviderException.class);
      assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
      assertThat(e.minimumBackoff()).contains(Duration.ofSeconds(3));
    }
    assertThat(provider.callCounts()).isEqualTo(new SimCallCounts(1, 1, 1, 1, 0, 3, 0, 0));
  }

  @Test
  void aCapacityLimitRefusesLaunchesUntilAnInstanceIsTerminated() throws Exception {
    SimMachineProvider provider = provider(Map.of("capacity.sim.xlarge", "2", "capacityBackoffSeconds", "120",
        "shutdownSeconds", "1"));
    SimMachineProviderSpec xlarge = provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.xlarge\"}"));
    SimMachineProviderSpec small = provider.decode(SimMachineProviderTest.json("{\"instanceType\": \"sim.small\"}"));
    provider.create(machine(1), xlarge);
    provider.create(machine(2), xlarge);

    TransientProviderException full = catchThrowableOfType(() -> provider.create(machine(3), xlarge),
        TransientProviderException.class);
    assertThat(full.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(full.minimumBackoff()).contains(Duration.ofSeconds(120));
    // Other types are not limited, and a repeated create of an existing instance is no new launch.
    assertThat(provider.create(machine(4), small)).isInstanceOf(InstanceState.Pending.class);
    assertThat(provider.create(machine(1), xlarge)).isInstanceOf(InstanceState.Pending.class);

    provider.delete(machine(1), xlarge);
    assertThatThrownBy(() -> provider.create(machine(3), xlarge)).isInstanceOf(TransientProviderException.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(provider.create(machine(3), xlarge)).isInstanceOf(InstanceState.Pending.class);
    assertThat(provider.callCounts().insufficientCapacity()).isEqualTo(2);
    assertThat(provider.callCounts().launches()).isEqualTo(4);
  }

  @Test
  void concurrentCreatesForOneMachineLaunchOneInstance() throws Exception {
    SimMachineProvider provider = provider(Map.of());
    SimMachineProviderSpec spec = provider.decode(SimMachineProviderTest.json("{}"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        ids.add(pool.submit(() -> ((InstanceState) provider.create(machine(1), spec)).details().providerId()
            .orElseThrow()));
      }
      List<String> seen = new ArrayList<>();
      for (var id : ids) {
        seen.add(id.get());
      }
      assertThat(seen).hasSize(32).containsOnly(seen.get(0));
      assertThat(provider.callCounts().launches()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unusableConfigurationIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> provider(Map.of("throttleRate", "1.5"))).hasMessageContaining("sim.throttleRate");
    assertThatThrownBy(() -> provider(Map.of("capacity.sim.nope", "1")))
        .hasMessageContaining("sim.capacity.sim.nope: unknown instance type");
    assertThatThrownBy(() -> provider(Map.of("instanceTypes", "sim.bad:x:1:1")))
        .hasMessageContaining("sim.instanceTypes entry 'sim.bad:x:1:1'");
    assertThatThrownBy(() -> provider(Map.of("seed", "abc"))).hasMessageContaining("sim.seed");
  }

  /** create, describe and boot-time outcomes of 30 Machines, as text. */
  private List<String> outcomes(SimMachineProvider provider) throws Exception {
    SimMachineProviderSpec spec = provider.decode(SimMachineProviderTest.json("{}"));
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      try {
        outcomes.add(((InstanceState.Pending) provider.create(machine(i), spec)).recheckAfter().toString());
      } catch (TransientProviderException e) {
        outcomes.add(e.reason().name());
      }
    }
    return outcomes;
  }

  private static Map<String, String> withSeed(Map<String, String> config, String seed) {
    Map<String, String> copy = new HashMap<>(config);
    copy.put("seed", seed);
    return copy;
  }

  private static InstanceState describe(SimMachineProvider provider, MachineContext machine,
      SimMachineProviderSpec spec) throws Exception {
    return (InstanceState) provider.describe(List.of(new DescribeRequest<>(machine, spec))).resultFor(machine.uid())
        .orElseThrow();
  }

  private SimMachineProvider provider(Map<String, String> config) {
    SimMachineProvider provider = new SimMachineProvider();
    provider.init(new ProviderEnvironment(config, clock, Optional.empty()));
    return provider;
  }

  private static MachineContext machine(int n) {
    return MachineContext.builder("openshift-machine-api", "worker-" + n, "uid-" + n, "infra-1").build();
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }
}
