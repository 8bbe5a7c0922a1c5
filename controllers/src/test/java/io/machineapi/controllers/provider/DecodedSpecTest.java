package io.machineapi.controllers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeProvider provider = new FakeProvider("fake", "FakeMachineProviderSpec");
  private final MachineProvider<?> unknownTypeProvider = provider;

  @Test
  void decodesOnceAndCreatesWithTheSameSpec() throws Exception {
    DecodedSpec<?> decoded = DecodedSpec.decode(unknownTypeProvider, spec("ami-1"));

    InstanceState state = (InstanceState) decoded.create(machine("uid-1"));

    assertThat(decoded.spec().userDataSecret()).isEmpty();
    assertThat(state.details().providerId()).contains("fake:///ami-1");
  }

  @Test
  void decodeErrorsComeFromTheProvider() {
    assertThatThrownBy(() -> DecodedSpec.decode(unknownTypeProvider, JSON.createObjectNode()))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage("providerSpec.value.image: must be set");
  }

  @Test
  void describesManyMachinesInOneProviderCall() throws Exception {
    DescribeResult result = DecodedSpec.describe(List.of(
        new DecodedSpec.Target(machine("uid-1"), DecodedSpec.decode(provider, spec("a"))),
        new DecodedSpec.Target(machine("uid-2"), DecodedSpec.decode(provider, spec("b")))));

    assertThat(provider.lastDescribe).hasSize(2);
    assertThat(provider.lastDescribe.get(1).spec().image()).isEqualTo("b");
    assertThat(result.unanswered(List.of("uid-1", "uid-2"))).isEmpty();
  }

  @Test
  void aBatchMayNotMixProviders() throws Exception {
    FakeProvider other = new FakeProvider("other", "Other");

    assertThatThrownBy(() -> DecodedSpec.describe(List.of(
        new DecodedSpec.Target(machine("uid-1"), DecodedSpec.decode(provider, spec("a"))),
        new DecodedSpec.Target(machine("uid-2"), DecodedSpec.decode(other, spec("b"))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mixes providers fake and other");
  }

  @Test
  void progressTokenIsStoredUnderTheProvidersFieldAndRemovedWhenDone() {
    ObjectNode current = JSON.createObjectNode().put("instanceId", "vm-1");
    MachineProvider<?> vsphere = new FakeProvider("vsphere", "VSphereMachineProviderSpec") {
      @Override
      public String progressTokenField() {
        return "taskRef";
      }
    };

    JsonNode withTask = ProgressTokenField.merge(current,
        InstanceDetails.builder().progressToken("task-42").build(), vsphere);
    assertThat(withTask.get("taskRef").asText()).isEqualTo("task-42");
    assertThat(withTask.get("instanceId").asText()).isEqualTo("vm-1");
    assertThat(ProgressTokenField.read(withTask, vsphere)).contains("task-42");
    assertThat(current.has("taskRef")).as("the current status object is not modified").isFalse();

    JsonNode done = ProgressTokenField.merge(withTask, InstanceDetails.none(), vsphere);
    assertThat(done.has("taskRef")).isFalse();
    assertThat(ProgressTokenField.read(done, vsphere)).isEmpty();
  }

  @Test
  void reportedProviderStatusReplacesTheCurrentOneAndNothingIsWrittenWhenNothingIsKnown() {
    ObjectNode current = JSON.createObjectNode().put("old", true);
    ObjectNode reported = JSON.createObjectNode().put("instanceState", "running");

    JsonNode merged = ProgressTokenField.merge(current, InstanceDetails.builder().providerStatus(reported)
        .progressToken("claim").build(), provider);

    assertThat(merged.has("old")).isFalse();
    assertThat(merged.get("progressToken").asText()).isEqualTo("claim");
    assertThat(ProgressTokenField.merge(null, InstanceDetails.none(), provider)).isNull();
  }

  private static JsonNode spec(String image) {
    return JSON.createObjectNode().put("kind", "FakeMachineProviderSpec").put("image", image);
  }

  private static MachineContext machine(String uid) {
    return MachineContext.builder("ns", "m-" + uid, uid, "infra").build();
  }
}
