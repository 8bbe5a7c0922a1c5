package io.machineapi.controllers.admission;

import static io.machineapi.controllers.admission.Reviews.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MachineSetAdmissionTest {

  private static final String LABEL = "machine.openshift.io/cluster-api-cluster";
  private final ProviderRegistry providers = Reviews.sim();
  private final ProviderSpecAdmission specs = new ProviderSpecAdmission(providers, SecretLookup.none());
  private final MachineSetValidation validation = new MachineSetValidation(specs);

  @AfterEach
  void close() {
    providers.close();
  }

  private static ObjectNode set(String selector, String templateLabels, String providerSpecValue) {
    return json("{metadata: {name: 'workers', namespace: 'ns'}, spec: {replicas: 1, "
        + (selector == null ? "" : "selector: " + selector + ", ")
        + "template: {metadata: {labels: " + templateLabels + "}, spec: {providerSpec: {value: " + providerSpecValue
        + "}}}}}");
  }

  private static ObjectNode valid() {
    return set("{matchLabels: {set: 'workers'}}", "{set: 'workers', role: 'w'}", Reviews.SIM_SPEC);
  }

  private AdmissionResponse create(ObjectNode set) {
    return validation.admit(Reviews.create("MachineSet", "ns", set));
  }

  @Test
  void aSelectorMatchingTheTemplateLabelsIsAllowed() {
    assertThat(create(valid()).allowed()).isTrue();
    assertThat(create(set("{matchExpressions: [{key: 'set', operator: 'In', values: ['workers', 'x']}]}",
        "{set: 'workers'}", Reviews.SIM_SPEC)).allowed()).isTrue();
  }

  @Test
  void aSelectorThatDoesNotMatchTheTemplateLabelsIsRefused() {
    AdmissionResponse response = create(set("{matchLabels: {set: 'other'}}", "{set: 'workers'}", Reviews.SIM_SPEC));
    assertThat(response.allowed()).isFalse();
    assertThat(response.message()).startsWith("spec.template.metadata.labels: must match spec.selector (set=other)");
  }

  @Test
  void aMissingEmptyOrInvalidSelectorIsRefused() {
    assertThat(create(set(null, "{set: 'workers'}", Reviews.SIM_SPEC)).message())
        .isEqualTo("spec.selector: must be set");
    assertThat(create(set("{}", "{set: 'workers'}", Reviews.SIM_SPEC)).message())
        .startsWith("spec.selector: must not be empty");
    assertThat(create(set("{matchExpressions: [{key: 'set', operator: 'Near'}]}", "{set: 'workers'}",
        Reviews.SIM_SPEC)).message()).startsWith("spec.selector: invalid: ");
  }

  @Test
  void theSelectorIsImmutable() {
    ObjectNode changed = valid();
    ((ObjectNode) changed.path("spec").path("selector").path("matchLabels")).put("role", "w");
    AdmissionResponse response = validation.admit(Reviews.update("MachineSet", "ns", valid(), changed));
    assertThat(response.allowed()).isFalse();
    assertThat(response.message()).isEqualTo("spec.selector: field is immutable");
    ObjectNode scaled = valid();
    ((ObjectNode) scaled.get("spec")).put("replicas", 5);
    assertThat(validation.admit(Reviews.update("MachineSet", "ns", valid(), scaled)).allowed()).isTrue();
  }

  @Test
  void theTemplatesProviderSpecIsValidatedByItsProviderWithTheTemplatePath() {
    AdmissionResponse response = create(set("{matchLabels: {set: 'w'}}", "{set: 'w'}",
        "{kind: 'SimMachineProviderSpec', bootSeconds: 4000}"));
    assertThat(response.allowed()).isFalse();
    assertThat(response.message())
        .isEqualTo("spec.template.spec.providerSpec.value.bootSeconds: must be between 0 and 3600");
    assertThat(create(set("{matchLabels: {set: 'w'}}", "{set: 'w'}", "null")).message())
        .isEqualTo("spec.template.spec.providerSpec.value: must be set");
  }

  @Test
  void anUpdateThatOnlyRemovesFinalizersIsAllowedWhateverTheStoredSetHolds() {
    ObjectNode broken = set("{matchLabels: {set: 'other'}}", "{set: 'workers'}", "{kind: 'SimMachineProviderSpec', "
        + "bootSeconds: -5}");
    ((ObjectNode) broken.get("metadata")).putArray("finalizers").add("f");
    ObjectNode released = broken.deepCopy();
    ((ObjectNode) released.get("metadata")).putArray("finalizers");
    assertThat(validation.admit(Reviews.update("MachineSet", "ns", broken, released)).allowed()).isTrue();
  }

  @Test
  void defaultingLabelsTheSetAndItsTemplateAndDefaultsTheTemplatesProviderSpec() {
    ObjectNode set = set("{matchLabels: {set: 'w'}}", "{set: 'w'}", "{kind: 'SimMachineProviderSpec'}");
    AdmissionResponse response = new MachineSetDefaulting(new MachineDefaulting(specs, new ClusterIdLabel(Optional.of("c-7"))))
        .admit(Reviews.create("MachineSet", "ns", set));
    JsonNode result = Reviews.patched(set, response);
    assertThat(result.path("metadata").path("labels").path(LABEL).asText()).isEqualTo("c-7");
    assertThat(result.path("spec").path("template").path("metadata").path("labels").path(LABEL).asText())
        .isEqualTo("c-7");
    assertThat(result.path("spec").path("template").path("metadata").path("labels").path("set").asText())
        .isEqualTo("w");
    assertThat(result.path("spec").path("template").path("spec").path("providerSpec").path("value")
        .path("instanceType").asText()).isEqualTo("sim.medium");
    assertThat(create((ObjectNode) result).allowed()).as("the defaulted set still validates").isTrue();
  }

  @Test
  void defaultingWithoutAClusterIdWarnsAboutTheTemplate() {
    ObjectNode set = set("{matchLabels: {set: 'w'}}", "{set: 'w'}", Reviews.SIM_SPEC);
    AdmissionResponse response = new MachineSetDefaulting(new MachineDefaulting(specs, new ClusterIdLabel(Optional.empty())))
        .admit(Reviews.create("MachineSet", "ns", set));
    assertThat(response.warnings()).singleElement().asString()
        .startsWith("spec.template.metadata.labels[" + LABEL + "]: not set");
  }
}
