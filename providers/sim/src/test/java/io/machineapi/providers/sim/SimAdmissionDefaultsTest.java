package io.machineapi.providers.sim;

import static io.machineapi.providers.sim.SimMachineProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** What the admission webhook gets from the sim provider: defaults to write into the spec, and warnings. */
class SimAdmissionDefaultsTest {

  private final SimMachineProvider provider = new SimMachineProvider();

  @Test
  void defaultsAreTheDecodersDefaultsWrittenOut() throws Exception {
    JsonNode value = json("""
        {"kind": "SimMachineProviderSpec", "region": "sim-west"}""");
    JsonNode defaulted = provider.defaults(value);
    assertThat(defaulted.path("instanceType").asText()).isEqualTo("sim.medium");
    assertThat(defaulted.path("region").asText()).isEqualTo("sim-west");
    assertThat(defaulted.path("zone").asText()).isEqualTo("sim-westa");
    assertThat(defaulted.has("userDataSecret")).isFalse();
    assertThat(value.has("instanceType")).as("the argument is not changed").isFalse();
    SimMachineProviderSpec decoded = provider.decode(defaulted);
    assertThat(decoded).isEqualTo(provider.decode(value));
  }

  @Test
  void valuesThatAreSetAreKeptAndNonObjectsAreReturnedAsTheyAre() throws Exception {
    JsonNode value = json("""
        {"kind": "SimMachineProviderSpec", "instanceType": "sim.large", "region": "r", "zone": "rb"}""");
    assertThat(provider.defaults(value)).isEqualTo(value);
    JsonNode text = json("\"just text\"");
    assertThat(provider.defaults(text)).isSameAs(text);
    assertThat(provider.defaults(null)).isNull();
  }

  @Test
  void smallInstanceTypesWarn() throws Exception {
    assertThat(provider.warnings(provider.decode(json("""
        {"instanceType": "sim.small"}""")))).containsExactly(
        "providerSpec.value.instanceType: sim.small has 1 CPU, fewer than the recommended 2");
    assertThat(provider.warnings(provider.decode(json("{}")))).isEmpty();
  }
}
