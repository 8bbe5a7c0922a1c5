package io.machineapi.apiserver;

import static io.machineapi.apiserver.ObjectMetaValidationTest.LABEL_MSG;
import static io.machineapi.apiserver.ObjectMetaValidationTest.LABEL_VALUE_MSG;
import static io.machineapi.apiserver.ObjectMetaValidationTest.SUBDOMAIN_MSG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Metadata validation through the embedded API: 422 Invalid Statuses worded like kube-apiserver's. */
class ObjectMetaValidationApiTest extends ApiServerTestBase {

  private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

  @Test
  void customResourceWithUnderscoreInNameIs422AndNotStored() {
    Answer answer = send("POST", WIDGETS, "application/json", widgetJson("infra-worker_Zone", 1));
    assertThat(answer.code()).isEqualTo(422);
    JsonNode status = answer.body();
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText()).isEqualTo("Widget.example.com \"infra-worker_Zone\" is invalid: "
        + "metadata.name: Invalid value: \"infra-worker_Zone\": " + SUBDOMAIN_MSG);
    JsonNode cause = status.path("details").path("causes").get(0);
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(cause.path("field").asText()).isEqualTo("metadata.name");
    assertThat(get(WIDGETS + "/infra-worker_Zone").code()).isEqualTo(404);
  }

  @Test
  void namespaceNameMustBeLabel() {
    Answer answer = send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team.a\"}}");
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("message").asText()).isEqualTo(
        "Namespace \"team.a\" is invalid: metadata.name: Invalid value: \"team.a\": " + LABEL_MSG);
  }

  @Test
  void badLabelValueIsRejectedOnUpdate() {
    assertThat(createWidget("mv1", 1).code()).isEqualTo(201);
    Answer answer = send("PATCH", WIDGETS + "/mv1", "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"zone\":\"eu_\"}}}");
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("message").asText()).isEqualTo(
        "Widget.example.com \"mv1\" is invalid: metadata.labels: Invalid value: \"eu_\": " + LABEL_VALUE_MSG);
    assertThat(get(WIDGETS + "/mv1").body().path("metadata").has("labels")).isFalse();
  }
}
