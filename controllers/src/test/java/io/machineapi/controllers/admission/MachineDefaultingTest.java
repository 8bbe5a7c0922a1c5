package io.machineapi.controllers.admission;

import static io.machineapi.controllers.admission.Reviews.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MachineDefaultingTest {

  private static final String LABEL = "machine.openshift.io/cluster-api-cluster";
  private final ProviderRegistry providers = Reviews.sim();
  private final ProviderSpecAdmission specs = new ProviderSpecAdmission(providers, SecretLookup.none());

  @AfterEach
  void close() {
    providers.close();
  }

  private static ObjectNode bareMachine() {
    return json("{metadata: {name: 'm1'}, spec: {providerSpec: {value: {kind: 'SimMachineProviderSpec', "
        + "region: 'sim-west'}}}}");
  }

  @Test
  void theClusterLabelAndTheProvidersDefaultsArePatchedIn() {
    ObjectNode machine = bareMachine();
    AdmissionResponse response = new MachineDefaulting(specs, new ClusterIdLabel(Optional.of("c-42")))
        .admit(Reviews.create("Machine", "ns", machine));
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).isEmpty();
    JsonNode result = Reviews.patched(machine, response);
    assertThat(result.path("metadata").path("labels").path(LABEL).asText()).isEqualTo("c-42");
    JsonNode value = result.path("spec").path("providerSpec").path("value");
    assertThat(value.path("instanceType").asText()).isEqualTo("sim.medium");
    assertThat(value.path("region").asText()).as("a value that is set is kept").isEqualTo("sim-west");
    assertThat(value.path("zone").asText()).isEqualTo("sim-westa");
    assertThat(response.patch().toString()).contains("/metadata/labels");
  }

  @Test
  void anExistingClusterLabelIsKept() {
    ObjectNode machine = bareMachine();
    ((ObjectNode) machine.get("metadata")).putObject("labels").put(LABEL, "mine");
    AdmissionResponse response = new MachineDefaulting(specs, new ClusterIdLabel(Optional.of("c-42")))
        .admit(Reviews.create("Machine", "ns", machine));
    assertThat(Reviews.patched(machine, response).path("metadata").path("labels").path(LABEL).asText())
        .isEqualTo("mine");
  }

  @Test
  void withoutAClusterIdTheLabelIsNotDefaultedAndTheResponseWarns() {
    ObjectNode machine = bareMachine();
    AdmissionResponse response = new MachineDefaulting(specs, new ClusterIdLabel(Optional.empty()))
        .admit(Reviews.create("Machine", "ns", machine));
    assertThat(response.allowed()).isTrue();
    assertThat(Reviews.patched(machine, response).path("metadata").has("labels")).isFalse();
    assertThat(response.warnings()).singleElement().asString()
        .startsWith("metadata.labels[" + LABEL + "]: not set, and the operator has no --cluster-id");
  }

  @Test
  void nothingToDefaultGivesNoPatch() {
    ObjectNode machine = json("{metadata: {name: 'm1', labels: {'" + LABEL + "': 'c'}}, spec: {providerSpec: {value: "
        + "{kind: 'SimMachineProviderSpec', instanceType: 'sim.large', region: 'r', zone: 'ra'}}}}");
    AdmissionResponse response = new MachineDefaulting(specs, new ClusterIdLabel(Optional.of("c")))
        .admit(Reviews.create("Machine", "ns", machine));
    assertThat(response.patch()).isNull();
  }

  @Test
  void kindsNoEnabledProviderServesAndUpdatesAreNotDefaulted() {
    ObjectNode azure = json("{metadata: {name: 'm1', labels: {'" + LABEL + "': 'c'}}, spec: {providerSpec: {value: "
        + "{kind: 'AzureMachineProviderSpec'}}}}");
    MachineDefaulting webhook = new MachineDefaulting(specs, new ClusterIdLabel(Optional.of("c")));
    assertThat(webhook.admit(Reviews.create("Machine", "ns", azure)).patch()).isNull();
    assertThat(webhook.admit(Reviews.update("Machine", "ns", bareMachine(), bareMachine())).patch()).isNull();
  }
}
