package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

  @Test
  void theSimulationOptionsBecomeSimProviderSettingsAndExplicitSettingsWin() {
    SandboxOptions options = new SandboxOptions(0, 2, 0.5, 0.1, 0.05, OptionalLong.of(9),
        SandboxOptions.defaults().nodes(), false, Map.of(), true, Set.of())
        .withProviderConfig(Map.of("sim.capacity.sim.xlarge", "10", "sim.bootSeconds", "7"));

    assertThat(options.providerConfiguration()).containsEntry("sim.bootSeconds", "7")
        .containsEntry("sim.bootJitterSeconds", "0.5").containsEntry("sim.createFailureRate", "0.1")
        .containsEntry("sim.throttleRate", "0.05").containsEntry("sim.seed", "9")
        .containsEntry("sim.capacity.sim.xlarge", "10");
    assertThat(SandboxOptions.defaults().providerConfiguration()).doesNotContainKey("sim.seed")
        .containsEntry("sim.bootSeconds", "3.0");
  }
}
