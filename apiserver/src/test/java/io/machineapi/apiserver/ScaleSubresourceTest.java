package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ScaleSubresourceTest extends ApiServerTestBase {

  @Test
  void getReturnsScaleFromTheCrdReplicaPaths() {
    createWidget("s1", 2);
    send("PATCH", widgetPath("s1") + "/status", "application/merge-patch+json",
        "{\"status\":{\"replicas\":1,\"selector\":\"app=s1\"}}");
    Answer answer = get(widgetPath("s1") + "/scale");
    assertThat(answer.code()).isEqualTo(200);
    JsonNode scale = answer.body();
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.path("metadata").path("name").asText()).isEqualTo("s1");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(1);
    assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=s1");
  }

  @Test
  void putChangesOnlySpecReplicasAndKeepsTheObject() {
    createWidget("s2", 1);
    JsonNode scale = get(widgetPath("s2") + "/scale").body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) scale.path("spec")).put("replicas", 5);
    Answer answer = send("PUT", widgetPath("s2") + "/scale", "application/json", scale.toString());
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().path("spec").path("replicas").asInt()).isEqualTo(5);
    JsonNode widget = get(widgetPath("s2")).body();
    assertThat(widget.path("kind").asText()).isEqualTo("Widget");
    assertThat(widget.path("spec").path("replicas").asInt()).isEqualTo(5);
    assertThat(widget.path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void putWithStaleResourceVersionIsAConflict() {
    createWidget("s3", 1);
    JsonNode scale = get(widgetPath("s3") + "/scale").body();
    send("PATCH", widgetPath("s3"), "application/merge-patch+json", "{\"spec\":{\"size\":\"large\"}}");
    ((com.fasterxml.jackson.databind.node.ObjectNode) scale.path("spec")).put("replicas", 4);
    Answer answer = send("PUT", widgetPath("s3") + "/scale", "application/json", scale.toString());
    assertThat(answer.code()).isEqualTo(409);
    assertThat(answer.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(get(widgetPath("s3")).body().path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void mergeAndJsonPatchesChangeReplicas() {
    createWidget("s4", 1);
    assertThat(send("PATCH", widgetPath("s4") + "/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":3}}").code()).isEqualTo(200);
    assertThat(get(widgetPath("s4")).body().path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(send("PATCH", widgetPath("s4") + "/scale", "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":7}]").code()).isEqualTo(200);
    assertThat(get(widgetPath("s4")).body().path("spec").path("replicas").asInt()).isEqualTo(7);
  }

  @Test
  void fabric8ScaleWorks() {
    createWidget("s5", 1);
    var widgets = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
    widgets.withName("s5").scale(4);
    assertThat(widgets.withName("s5").get().get("spec", "replicas").toString()).isEqualTo("4");
  }

  @Test
  void missingObjectIs404AndKindWithoutScaleIs404() {
    assertThat(get(widgetPath("absent") + "/scale").code()).isEqualTo(404);
    assertThat(send("PUT", widgetPath("absent") + "/scale", "application/json",
        "{\"spec\":{\"replicas\":1}}").code()).isEqualTo(404);
    assertThat(get("/apis/example.com/v1/namespaces/default/widgets").body().path("items").toString())
        .doesNotContain("absent");
    send("POST", "/apis/example.com/v1/gadgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"g-scale\"}}");
    assertThat(get("/apis/example.com/v1/gadgets/g-scale/scale").code()).isEqualTo(404);
  }

  @Test
  void negativeReplicasAreInvalid() {
    createWidget("s6", 1);
    Answer answer = send("PATCH", widgetPath("s6") + "/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":-1}}");
    assertThat(answer.code()).isEqualTo(422);
    assertThat(get(widgetPath("s6")).body().path("spec").path("replicas").asInt()).isEqualTo(1);
  }
}
