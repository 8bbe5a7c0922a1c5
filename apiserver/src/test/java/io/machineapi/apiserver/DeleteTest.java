package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DeleteTest extends ApiServerTestBase {

  @Test
  void deleteReturnsTheObjectAndMissingIs404WithNotFound() {
    createWidget("d1", 1);
    Answer answer = send("DELETE", widgetPath("d1"), "application/json", "{\"propagationPolicy\":\"Foreground\"}");
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().path("metadata").path("name").asText()).isEqualTo("d1");
    assertThat(get(widgetPath("d1")).code()).isEqualTo(404);
    Answer missing = send("DELETE", widgetPath("d1"), null, null);
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body().path("reason").asText()).isEqualTo("NotFound");
    assertThat(missing.body().path("message").asText()).isEqualTo("widgets.example.com \"d1\" not found");
  }

  @Test
  void finalizerHoldsDeletionUntilRemovedByMergePatch() {
    send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"d2\","
            + "\"finalizers\":[\"example.com/hold\"]}}");
    JsonNode deleted = send("DELETE", widgetPath("d2"), null, null).body();
    assertThat(deleted.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    assertThat(get(widgetPath("d2")).code()).isEqualTo(200);
    send("PATCH", widgetPath("d2"), "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(get(widgetPath("d2")).code()).isEqualTo(404);
  }

  @Test
  void deleteCollectionHonoursLabelSelector() {
    send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"dc1\","
            + "\"labels\":{\"batch\":\"one\"}}}");
    send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"dc2\","
            + "\"labels\":{\"batch\":\"two\"}}}");
    Answer answer = send("DELETE", "/apis/example.com/v1/namespaces/default/widgets?labelSelector=batch%20in%20(one)",
        null, null);
    assertThat(answer.code()).isEqualTo(200);
    assertThat(get(widgetPath("dc1")).code()).isEqualTo(404);
    assertThat(get(widgetPath("dc2")).code()).isEqualTo(200);
  }

  @Test
  void unknownCustomGroupIs404() {
    assertThat(get("/apis/nothing.example.org/v1/namespaces/default/things").code()).isEqualTo(404);
    assertThat(send("POST", "/apis/nothing.example.org/v1/namespaces/default/things", "application/json",
        "{\"apiVersion\":\"nothing.example.org/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"t\"}}").code())
        .isEqualTo(404);
  }
}
