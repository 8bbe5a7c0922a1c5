package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
  void orphanByQueryParameterOrLegacyOrphanDependentsKeepsDependents() {
    String ownerUid = createWidget("dq-owner", 1).body().path("metadata").path("uid").asText();
    createDependents("dq", "dq-owner", ownerUid);
    assertThat(send("DELETE", widgetPath("dq-owner") + "?propagationPolicy=Orphan", null, null).code())
        .isEqualTo(200);
    awaitDependentsOrphaned("dq");

    String legacyUid = createWidget("dl-owner", 1).body().path("metadata").path("uid").asText();
    createDependents("dl", "dl-owner", legacyUid);
    assertThat(send("DELETE", widgetPath("dl-owner"), "application/json",
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"orphanDependents\":true}").code()).isEqualTo(200);
    awaitDependentsOrphaned("dl");
  }

  @Test
  void foregroundInTheBodyHoldsTheOwnerUntilItsDependentsAreGone() {
    String ownerUid = createWidget("df-owner", 1).body().path("metadata").path("uid").asText();
    createDependents("df", "df-owner", ownerUid);
    JsonNode answer = send("DELETE", widgetPath("df-owner"), "application/json",
        "{\"propagationPolicy\":\"Foreground\"}").body();
    assertThat(answer.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    assertThat(answer.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(get(widgetPath("df-owner")).code()).isEqualTo(404);
      assertThat(get(configMapPath("df-a")).code()).isEqualTo(404);
      assertThat(get(configMapPath("df-b")).code()).isEqualTo(404);
    });
  }

  @Test
  void anUnknownPropagationPolicyIs422() {
    createWidget("du", 1);
    Answer answer = send("DELETE", widgetPath("du") + "?propagationPolicy=Sideways", null, null);
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("message").asText()).contains("Unsupported value: \"Sideways\"");
    assertThat(get(widgetPath("du")).code()).isEqualTo(200);
  }

  private static void createDependents(String prefix, String owner, String ownerUid) {
    for (String suffix : new String[] {"-a", "-b"}) {
      assertThat(send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + prefix + suffix
              + "\",\"ownerReferences\":[{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"name\":\""
              + owner + "\",\"uid\":\"" + ownerUid + "\",\"blockOwnerDeletion\":true}]}}").code()).isEqualTo(201);
    }
  }

  private static void awaitDependentsOrphaned(String prefix) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(get(widgetPath(prefix + "-owner")).code()).isEqualTo(404);
      for (String suffix : new String[] {"-a", "-b"}) {
        Answer dependent = get(configMapPath(prefix + suffix));
        assertThat(dependent.code()).isEqualTo(200);
        assertThat(dependent.body().path("metadata").has("ownerReferences")).isFalse();
      }
    });
  }

  private static String configMapPath(String name) {
    return "/api/v1/namespaces/default/configmaps/" + name;
  }

  @Test
  void unknownCustomGroupIs404() {
    assertThat(get("/apis/nothing.example.org/v1/namespaces/default/things").code()).isEqualTo(404);
    assertThat(send("POST", "/apis/nothing.example.org/v1/namespaces/default/things", "application/json",
        "{\"apiVersion\":\"nothing.example.org/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"t\"}}").code())
        .isEqualTo(404);
  }
}
