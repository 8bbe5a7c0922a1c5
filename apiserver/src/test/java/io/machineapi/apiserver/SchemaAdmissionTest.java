package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SchemaAdmissionTest extends ApiServerTestBase {

  private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

  @Test
  void createIsDefaultedAndPruned() {
    Answer answer = send("POST", WIDGETS, "application/json", """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"sa1"},
         "spec":{"unknown":"x","template":{"free":"form"}}}
        """);
    assertThat(answer.code()).isEqualTo(201);
    JsonNode spec = get(widgetPath("sa1")).body().path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(1);
    assertThat(spec.path("size").asText()).isEqualTo("small");
    assertThat(spec.has("unknown")).isFalse();
    assertThat(spec.path("template").path("free").asText()).isEqualTo("form");
  }

  @Test
  void invalidCreateIs422WithRealServerWording() {
    Answer answer = send("POST", WIDGETS, "application/json", widgetJson("sa2", -1));
    assertThat(answer.code()).isEqualTo(422);
    JsonNode status = answer.body();
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    // Two errors, as on a real server: the schema's minimum and the scale subresource's replicas check.
    assertThat(status.path("message").asText()).isEqualTo("Widget.example.com \"sa2\" is invalid: [spec.replicas: "
        + "Invalid value: -1: spec.replicas in body should be greater than or equal to 0, .spec.replicas: "
        + "Invalid value: -1: should be a non-negative integer]");
    JsonNode cause = status.path("details").path("causes").get(0);
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(cause.path("field").asText()).isEqualTo("spec.replicas");
    assertThat(cause.path("message").asText()).startsWith("Invalid value: -1");
    assertThat(get(widgetPath("sa2")).code()).isEqualTo(404);
  }

  @Test
  void enumAndPatternAreEnforcedOnPatchAndPut() {
    createWidget("sa3", 1);
    Answer badEnum = send("PATCH", widgetPath("sa3"), "application/merge-patch+json",
        "{\"spec\":{\"size\":\"huge\"}}");
    assertThat(badEnum.code()).isEqualTo(422);
    assertThat(badEnum.body().path("details").path("causes").get(0).path("reason").asText())
        .isEqualTo("FieldValueNotSupported");
    ObjectNode widget = (ObjectNode) get(widgetPath("sa3")).body();
    ((ObjectNode) widget.path("spec")).put("colour", "Not-Lower");
    Answer badPattern = send("PUT", widgetPath("sa3"), "application/json", widget.toString());
    assertThat(badPattern.code()).isEqualTo(422);
    assertThat(badPattern.body().path("details").path("causes").get(0).path("field").asText())
        .isEqualTo("spec.colour");
    assertThat(get(widgetPath("sa3")).body().path("spec").path("size").asText()).isEqualTo("small");
  }

  @Test
  void statusWritesAreValidated() {
    createWidget("sa4", 1);
    Answer answer = send("PATCH", widgetPath("sa4") + "/status", "application/merge-patch+json",
        "{\"status\":{\"replicas\":\"many\"}}");
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("details").path("causes").get(0).path("field").asText())
        .isEqualTo("status.replicas");
    assertThat(get(widgetPath("sa4")).body().has("status")).isFalse();
  }

  @Test
  void scaleBelowMinimumIsRejectedBySchemaToo() {
    createWidget("sa5", 2);
    assertThat(send("PATCH", widgetPath("sa5") + "/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":-3}}").code()).isEqualTo(422);
    assertThat(get(widgetPath("sa5")).body().path("spec").path("replicas").asInt()).isEqualTo(2);
  }
}
