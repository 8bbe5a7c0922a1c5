package io.machineapi.providers.sim;

import static io.machineapi.providers.sim.SimMachineProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.SecretReference;
import org.junit.jupiter.api.Test;

class SimSpecDecoderTest {

  private final SimSpecDecoder decoder = new SimSpecDecoder();

  @Test
  void anEmptySpecGetsTheDefaults() throws Exception {
    SimMachineProviderSpec spec = decoder.decode(json("""
        {"apiVersion": "machine.sandbox.machine-api.io/v1alpha1", "kind": "SimMachineProviderSpec"}"""));

    assertThat(spec.instanceType()).isEqualTo("sim.medium");
    assertThat(spec.region()).isEqualTo("sim-region-1");
    assertThat(spec.zone()).isEqualTo("sim-region-1a");
    assertThat(spec.bootTime()).isEmpty();
    assertThat(spec.userDataSecret()).isEmpty();
  }

  @Test
  void userDataSecretIsInTheMachineNamespace() throws Exception {
    SimMachineProviderSpec spec = decoder.decode(json("""
        {"userDataSecret": {"name": "worker-user-data"}}"""));

    assertThat(spec.userDataSecret()).contains(SecretReference.inMachineNamespace("worker-user-data"));
  }

  @Test
  void everyInvalidFieldIsReportedWithItsPath() {
    InvalidConfigurationException e = catchThrowableOfType(() -> decoder.decode(json("""
        {"instanceType": "Sim Large", "region": "west", "zone": "east-1a", "bootSeconds": 7200,
         "userDataSecret": {}}""")), InvalidConfigurationException.class);

    assertThat(e.errors()).extracting(FieldError::path).containsExactly(
        "providerSpec.value.instanceType", "providerSpec.value.zone", "providerSpec.value.bootSeconds",
        "providerSpec.value.userDataSecret.name");
    assertThat(e.getMessage()).contains("must be a zone of region west");
  }

  @Test
  void unknownFieldsAreTyposNotDefaults() {
    InvalidConfigurationException e = catchThrowableOfType(() -> decoder.decode(json("""
        {"bootSecond": 5}""")), InvalidConfigurationException.class);

    assertThat(e).hasMessage("providerSpec.value.bootSecond: unknown field");
  }

  @Test
  void aStringBootTimeIsAWrongType() {
    InvalidConfigurationException e = catchThrowableOfType(() -> decoder.decode(json("""
        {"bootSeconds": "five"}""")), InvalidConfigurationException.class);

    assertThat(e).hasMessage("providerSpec.value.bootSeconds: expected an integer, got \"five\"");
  }
}
