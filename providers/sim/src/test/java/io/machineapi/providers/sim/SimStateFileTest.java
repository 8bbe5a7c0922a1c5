package io.machineapi.providers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code stateFile}, the simulated cloud outlives the provider instance (and the process). */
class SimStateFileTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @TempDir
  Path dir;

  @Test
  void aRestartedProviderFindsTheInstanceCreatedBeforeAndDoesNotLaunchAnother() throws Exception {
    Path state = dir.resolve("cloud.json");
    SimMachineProvider first = provider(state);
    SimMachineProviderSpec spec = first.decode(new ObjectMapper().readTree("""
        {"apiVersion": "machine.sandbox.machine-api.io/v1alpha1", "kind": "SimMachineProviderSpec",
         "bootSeconds": 5}"""));
    MachineContext machine = MachineContext.builder("ns", "m-0", "uid-0", "cluster").build();
    InstanceState created = (InstanceState) first.create(machine, spec);
    MachineContext other = MachineContext.builder("ns", "m-1", "uid-1", "cluster").build();
    InstanceState second = (InstanceState) first.create(other, spec);
    assertThat(Files.exists(state)).isTrue();

    SimMachineProvider restarted = provider(state);
    clock.advance(Duration.ofSeconds(6));
    InstanceState again = (InstanceState) restarted.create(machine, spec);

    assertThat(again.kind()).isEqualTo(InstanceState.Kind.RUNNING);
    assertThat(again.details().providerId()).isEqualTo(created.details().providerId());
    assertThat(again.details().addresses()).isEqualTo(created.details().addresses());
    // A new Machine after the restart gets a new id and address, not one already taken.
    MachineContext third = MachineContext.builder("ns", "m-2", "uid-2", "cluster").build();
    InstanceState fresh = (InstanceState) restarted.create(third, spec);
    assertThat(fresh.details().providerId()).isNotIn(created.details().providerId(), second.details().providerId());
    assertThat(fresh.details().addresses()).doesNotContainAnyElementsOf(created.details().addresses());
  }

  @Test
  void terminationIsPersistedToo() throws Exception {
    Path state = dir.resolve("cloud.json");
    SimMachineProvider first = provider(state);
    SimMachineProviderSpec spec = first.decode(new ObjectMapper().readTree("""
        {"apiVersion": "machine.sandbox.machine-api.io/v1alpha1", "kind": "SimMachineProviderSpec"}"""));
    MachineContext machine = MachineContext.builder("ns", "m-0", "uid-0", "cluster").build();
    first.create(machine, spec);
    first.delete(machine, spec);

    clock.advance(Duration.ofSeconds(10));
    InstanceState after = (InstanceState) provider(state).delete(machine, spec);
    assertThat(after.kind()).isEqualTo(InstanceState.Kind.GONE);
  }

  private SimMachineProvider provider(Path state) {
    SimMachineProvider provider = new SimMachineProvider();
    provider.init(new ProviderEnvironment(Map.of("stateFile", state.toString(), "shutdownSeconds", "1"), clock,
        Optional.empty()));
    return provider;
  }
}
