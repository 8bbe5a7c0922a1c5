package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class StatusWritesTest extends ApiServerTestBase {

  @Test
  void statusWriteWithQueryStringIsAStatusWrite() {
    createWidget("q1", 1);
    Answer answer = send("PATCH", widgetPath("q1") + "/status?fieldManager=me", "application/merge-patch+json",
        "{\"status\":{\"phase\":\"Ready\"}}");
    assertThat(answer.code()).isEqualTo(200);
    assertThat(get(widgetPath("q1")).body().path("status").path("phase").asText()).isEqualTo("Ready");

    ObjectNode widget = (ObjectNode) get(widgetPath("q1")).body();
    ((ObjectNode) widget.path("status")).put("phase", "Put");
    assertThat(send("PUT", widgetPath("q1") + "/status?fieldManager=me", "application/json", widget.toString())
        .code()).isEqualTo(200);
    assertThat(get(widgetPath("q1")).body().path("status").path("phase").asText()).isEqualTo("Put");
  }

  @Test
  void statusPutWithStaleResourceVersionIsAConflict() {
    createWidget("q2", 1);
    ObjectNode stale = (ObjectNode) get(widgetPath("q2")).body();
    send("PATCH", widgetPath("q2"), "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}");
    stale.putObject("status").put("phase", "Stale");
    Answer answer = send("PUT", widgetPath("q2") + "/status", "application/json", stale.toString());
    assertThat(answer.code()).isEqualTo(409);
    assertThat(answer.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(get(widgetPath("q2")).body().has("status")).isFalse();
  }

  @Test
  void mainPutWithStaleResourceVersionHasReasonConflict() {
    createWidget("q3", 1);
    ObjectNode stale = (ObjectNode) get(widgetPath("q3")).body();
    send("PATCH", widgetPath("q3"), "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}");
    ((ObjectNode) stale.path("spec")).put("replicas", 5);
    Answer answer = send("PUT", widgetPath("q3"), "application/json", stale.toString());
    assertThat(answer.code()).isEqualTo(409);
    assertThat(answer.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(answer.body().path("message").asText()).contains("widgets.example.com \"q3\"");
  }

  @Test
  void fabric8UpdateStatusWithStaleVersionFails() {
    client.pods().resource(new PodBuilder().withNewMetadata().withName("sp").endMetadata()
        .withNewSpec().addNewContainer().withName("a").withImage("a").endContainer().endSpec().build()).create();
    var stale = client.pods().withName("sp").get();
    client.pods().withName("sp").edit(p -> new PodBuilder(p).editMetadata().addToLabels("x", "y").endMetadata()
        .build());
    stale.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    assertThatThrownBy(() -> client.pods().resource(stale).updateStatus())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    var fresh = client.pods().withName("sp").get();
    fresh.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    client.pods().resource(fresh).updateStatus();
    assertThat(client.pods().withName("sp").get().getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void createConflictIsAlreadyExists() {
    createWidget("dup", 1);
    Answer answer = createWidget("dup", 1);
    assertThat(answer.code()).isEqualTo(409);
    assertThat(answer.body().path("reason").asText()).isEqualTo("AlreadyExists");
  }

  @Test
  void listsHaveTypedKinds() {
    createWidget("typed", 1);
    JsonNode widgets = get("/apis/example.com/v1/namespaces/default/widgets").body();
    assertThat(widgets.path("kind").asText()).isEqualTo("WidgetList");
    assertThat(widgets.path("apiVersion").asText()).isEqualTo("example.com/v1");
    assertThat(get("/api/v1/pods").body().path("kind").asText()).isEqualTo("PodList");
    assertThat(get("/api/v1/namespaces").body().path("kind").asText()).isEqualTo("NamespaceList");
  }

  @Test
  void generateNameGetsARandomSuffix() {
    Answer answer = send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"generateName\":\"gen-\"}}");
    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.body().path("metadata").path("name").asText()).matches("gen-[a-z0-9]{5}");
  }
}
