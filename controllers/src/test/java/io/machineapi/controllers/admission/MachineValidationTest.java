package io.machineapi.controllers.admission;

import static io.machineapi.controllers.admission.Reviews.json;
import static io.machineapi.controllers.admission.Reviews.machine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MachineValidationTest {

  private final ProviderRegistry providers = Reviews.sim();
  private final List<String> lookedUp = new ArrayList<>();
  private Optional<Boolean> secretExists = Optional.of(true);
  private final MachineValidation webhook = new MachineValidation(new ProviderSpecAdmission(providers,
      (namespace, name) -> {
        lookedUp.add(namespace + "/" + name);
        return secretExists;
      }));

  @AfterEach
  void close() {
    providers.close();
  }

  private AdmissionResponse create(ObjectNode machine) {
    return webhook.admit(Reviews.create("Machine", "ns", machine));
  }

  @Test
  void aValidSpecOfAnEnabledProviderIsAllowed() {
    AdmissionResponse response = create(machine(Reviews.SIM_SPEC));
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).isEmpty();
  }

  @Test
  void aMissingProviderSpecValueIsRefusedWithItsPath() {
    AdmissionResponse response = create(json("{metadata: {name: 'm1'}, spec: {providerSpec: {}}}"));
    assertThat(response.allowed()).isFalse();
    assertThat(response.code()).isEqualTo(403);
    assertThat(response.message()).isEqualTo("spec.providerSpec.value: must be set");
  }

  @Test
  void aMissingKindIsRefusedNamingTheKindsServed() {
    AdmissionResponse response = create(machine("{instanceType: 'sim.medium'}"));
    assertThat(response.allowed()).isFalse();
    assertThat(response.message()).startsWith("spec.providerSpec.value.kind: must be set")
        .contains("SimMachineProviderSpec (provider sim)");
  }

  @Test
  void aMalformedSpecIsRefusedWithEveryFieldPathTheProviderReports() {
    AdmissionResponse response = create(machine("{kind: 'SimMachineProviderSpec', bootSeconds: -1, region: 'A!'}"));
    assertThat(response.allowed()).isFalse();
    assertThat(response.message()).contains("spec.providerSpec.value.bootSeconds: must be between 0 and 3600")
        .contains("spec.providerSpec.value.region:");
  }

  @Test
  void aSpecTheProviderCannotBindIsRefusedWithThePath() {
    AdmissionResponse response = create(machine("{kind: 'SimMachineProviderSpec', bootSeconds: 'soon'}"));
    assertThat(response.message()).startsWith("spec.providerSpec.value.bootSeconds: expected an integer");
  }

  @Test
  void theProvidersWarningsComeBackWithTheSpecPath() {
    AdmissionResponse response = create(machine("{kind: 'SimMachineProviderSpec', instanceType: 'sim.small'}"));
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).containsExactly(
        "spec.providerSpec.value.instanceType: sim.small has 1 CPU, fewer than the recommended 2");
  }

  @Test
  void aMissingUserDataSecretIsAWarningNotARefusal() {
    secretExists = Optional.of(false);
    AdmissionResponse response = create(machine(
        "{kind: 'SimMachineProviderSpec', userDataSecret: {name: 'worker-user-data'}}"));
    assertThat(response.allowed()).isTrue();
    assertThat(lookedUp).containsExactly("ns/worker-user-data");
    assertThat(response.warnings()).containsExactly("spec.providerSpec.value.userDataSecret: the user-data Secret "
        + "ns/worker-user-data does not exist; the Machine waits for it");
  }

  @Test
  void aSecretLookupWithoutAnAnswerWarnsAboutNothing() {
    secretExists = Optional.empty();
    AdmissionResponse response = create(machine(
        "{kind: 'SimMachineProviderSpec', userDataSecret: {name: 'worker-user-data'}}"));
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).isEmpty();
  }

  @Test
  void aKindOfAProviderThatIsNotEnabledIsAllowedNamingTheProvider() {
    try (ProviderRegistry simOnly = ProviderRegistry.of(List.of(new SimMachineProvider(), new DisabledAws()),
        List.of("sim"), ProviderEnvironment.defaults())) {
      MachineValidation withAws = new MachineValidation(new ProviderSpecAdmission(simOnly, SecretLookup.none()));
      AdmissionResponse response = withAws.admit(Reviews.create("Machine", "ns",
          machine("{kind: 'AWSMachineProviderConfig'}")));
      assertThat(response.allowed()).isTrue();
      assertThat(response.warnings()).singleElement().asString()
          .contains("No enabled provider serves providerSpec kind AWSMachineProviderConfig")
          .contains("aws").endsWith("spec.providerSpec.value was not validated");
    }
  }

  @Test
  void aKindNoProviderOfThisBuildServesIsAllowedSayingSo() {
    AdmissionResponse response = create(machine("{kind: 'AzureMachineProviderSpec'}"));
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).singleElement().asString()
        .startsWith("No provider in this build serves providerSpec kind AzureMachineProviderSpec");
  }

  @Test
  void anUpdateThatKeepsTheStoredProviderSpecIsNotRevalidated() {
    ObjectNode invalid = machine("{kind: 'SimMachineProviderSpec', bootSeconds: -1}");
    ObjectNode labelled = invalid.deepCopy();
    ((ObjectNode) labelled.path("metadata").path("labels")).put("team", "a");
    assertThat(webhook.admit(Reviews.update("Machine", "ns", invalid, labelled)).allowed()).isTrue();
    ObjectNode edited = invalid.deepCopy();
    ((ObjectNode) edited.path("spec").path("providerSpec").path("value")).put("bootSeconds", -2);
    assertThat(webhook.admit(Reviews.update("Machine", "ns", invalid, edited)).allowed()).isFalse();
  }

  @Test
  void anUpdateThatOnlyRemovesFinalizersIsNeverBlocked() {
    ObjectNode stored = json("{metadata: {name: 'm1', resourceVersion: '5', deletionTimestamp: '2026-01-01T00:00:00Z',"
        + " finalizers: ['machine.machine.openshift.io', 'other']}, spec: {lifecycleHooks: {preDrain: []}}}");
    ObjectNode updated = stored.deepCopy();
    ((ObjectNode) updated.get("metadata")).putArray("finalizers").add("other");
    ((ObjectNode) updated.get("metadata")).put("resourceVersion", "6");
    assertThat(webhook.admit(Reviews.update("Machine", "ns", stored, updated)).allowed()).isTrue();
    assertThat(FinalizerRemoval.only(Reviews.update("Machine", "ns", stored, updated))).isTrue();

    ObjectNode alsoEdited = updated.deepCopy();
    ((ObjectNode) alsoEdited.get("spec")).putObject("providerSpec");
    assertThat(FinalizerRemoval.only(Reviews.update("Machine", "ns", stored, alsoEdited))).isFalse();
    assertThat(webhook.admit(Reviews.update("Machine", "ns", stored, alsoEdited)).allowed()).isFalse();
    assertThat(FinalizerRemoval.only(Reviews.update("Machine", "ns", stored, stored.deepCopy()))).isFalse();
  }

  private static ObjectNode withHooks(boolean deleting, String preDrain, String preTerminate) {
    ObjectNode m = machine(Reviews.SIM_SPEC);
    if (deleting) {
      ((ObjectNode) m.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    }
    ((ObjectNode) m.get("spec")).set("lifecycleHooks", json("{preDrain: " + preDrain + ", preTerminate: "
        + preTerminate + "}"));
    return m;
  }

  @Test
  void lifecycleHooksMayOnlyBeRemovedOnceTheMachineIsBeingDeleted() {
    String one = "[{name: 'drain-hook', owner: 'team-a'}]";
    String two = "[{name: 'drain-hook', owner: 'team-a'}, {name: 'new-hook', owner: 'team-b'}]";
    String changed = "[{name: 'drain-hook', owner: 'team-c'}]";
    AdmissionResponse added = webhook.admit(Reviews.update("Machine", "ns", withHooks(true, one, "[]"),
        withHooks(true, two, "[]")));
    assertThat(added.allowed()).isFalse();
    assertThat(added.message()).isEqualTo("spec.lifecycleHooks.preDrain: Forbidden: hooks may only be removed once "
        + "the Machine is being deleted; added or changed: new-hook (owner team-b)");
    AdmissionResponse ownerChanged = webhook.admit(Reviews.update("Machine", "ns", withHooks(true, "[]", one),
        withHooks(true, "[]", changed)));
    assertThat(ownerChanged.message()).startsWith("spec.lifecycleHooks.preTerminate: Forbidden")
        .contains("drain-hook (owner team-c)");
    assertThat(webhook.admit(Reviews.update("Machine", "ns", withHooks(true, two, one), withHooks(true, one, "[]")))
        .allowed()).isTrue();
    assertThat(webhook.admit(Reviews.update("Machine", "ns", withHooks(false, one, "[]"),
        withHooks(false, two, changed))).allowed()).isTrue();
  }
}
