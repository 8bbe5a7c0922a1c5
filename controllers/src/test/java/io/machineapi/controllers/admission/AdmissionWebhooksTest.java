package io.machineapi.controllers.admission;

import static io.machineapi.controllers.admission.Reviews.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionWebhooksTest {

  private final ProviderRegistry providers = Reviews.sim();
  private final AdmissionWebhooks webhooks = AdmissionWebhooks.create(providers, SecretLookup.none(),
      Optional.of("c1"));

  @AfterEach
  void close() {
    providers.close();
  }

  private static ObjectNode review(String operation, String kind, ObjectNode object) {
    ObjectNode review = json("{apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {uid: 'u-1', "
        + "kind: {group: 'machine.openshift.io', version: 'v1beta1', kind: '" + kind + "'}, operation: '" + operation
        + "', namespace: 'ns'}}");
    ((ObjectNode) review.get("request")).set("object", object);
    return review;
  }

  @Test
  void servesOnePathPerWebhook() {
    assertThat(webhooks.paths()).containsExactlyInAnyOrder(AdmissionWebhooks.VALIDATE_MACHINE,
        AdmissionWebhooks.MUTATE_MACHINE, AdmissionWebhooks.VALIDATE_MACHINESET, AdmissionWebhooks.MUTATE_MACHINESET,
        AdmissionWebhooks.VALIDATE_CLUSTERAUTOSCALER, AdmissionWebhooks.VALIDATE_MACHINEAUTOSCALER);
  }

  @Test
  void aDenialCarriesTheUidAndAForbiddenStatusNamingTheField() {
    JsonNode answer = webhooks.review(AdmissionWebhooks.VALIDATE_MACHINE,
        review("CREATE", "Machine", json("{metadata: {name: 'm'}, spec: {}}")));
    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("u-1");
    assertThat(response.path("allowed").asBoolean(true)).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("reason").asText()).isEqualTo("Forbidden");
    assertThat(response.path("status").path("message").asText()).isEqualTo("spec.providerSpec.value: must be set");
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void aMutationCarriesABase64JsonPatchAndWarnings() {
    JsonNode answer = webhooks.review(AdmissionWebhooks.MUTATE_MACHINE, review("CREATE", "Machine",
        json("{metadata: {name: 'm'}, spec: {providerSpec: {value: {kind: 'SimMachineProviderSpec'}}}}")));
    JsonNode response = answer.path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("status")).isFalse();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    String patch = new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8);
    assertThat(patch).contains("\"op\":\"add\"").contains("/metadata/labels")
        .contains("machine.openshift.io/cluster-api-cluster").contains("sim.medium");
  }

  @Test
  void warningsAreListed() {
    JsonNode answer = webhooks.review(AdmissionWebhooks.VALIDATE_MACHINE, review("CREATE", "Machine",
        Reviews.machine("{kind: 'SimMachineProviderSpec', instanceType: 'sim.small'}")));
    assertThat(answer.path("response").path("warnings")).hasSize(1);
  }

  @Test
  void deletionsAreAllowed() {
    ObjectNode review = review("DELETE", "Machine", null);
    ((ObjectNode) review.get("request")).set("oldObject", json("{metadata: {name: 'm'}}"));
    assertThat(webhooks.review(AdmissionWebhooks.VALIDATE_MACHINE, review).path("response").path("allowed")
        .asBoolean()).isTrue();
  }

  @Test
  void anUnknownPathOrSomethingElseThanAnAdmissionReviewIsRefused() {
    assertThatThrownBy(() -> webhooks.review("/validate-nothing", review("CREATE", "Machine", json("{}"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no webhook at /validate-nothing");
    assertThatThrownBy(() -> webhooks.review(AdmissionWebhooks.VALIDATE_MACHINE, json("{kind: 'Machine'}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected kind AdmissionReview");
    assertThatThrownBy(() -> webhooks.review(AdmissionWebhooks.VALIDATE_MACHINE,
        json("{apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {operation: 'CREATE'}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no request.uid");
  }
}
