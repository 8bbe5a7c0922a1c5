package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a real server's store gives every object: etcd's list order, random UIDs, no null namespace. */
class StoredMetadataTest extends ApiServerTestBase {

  @Test
  void listsComeInKeyOrderNamespaceThenName() {
    for (String namespace : List.of("order-b", "order-a", "order-a-x")) {
      send("POST", "/api/v1/namespaces", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace + "\"}}");
    }
    for (String key : List.of("order-b/c2", "order-a/c9", "order-a-x/c1", "order-a/c10", "order-b/c1")) {
      String[] parts = key.split("/");
      send("POST", "/api/v1/namespaces/" + parts[0] + "/configmaps", "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + parts[1] + "\"}}");
    }

    List<String> all = new ArrayList<>();
    get("/api/v1/configmaps").body().path("items").forEach(item -> {
      String namespace = item.at("/metadata/namespace").asText();
      if (namespace.startsWith("order-")) {
        all.add(namespace + "/" + item.at("/metadata/name").asText());
      }
    });
    // etcd compares the keys as bytes: "order-a-x/" before "order-a/" ('-' < '/'), "c10" before "c9".
    assertThat(all).containsExactly("order-a-x/c1", "order-a/c10", "order-a/c9", "order-b/c1", "order-b/c2");
    List<String> namespaces = new ArrayList<>();
    get("/api/v1/namespaces").body().path("items").forEach(n -> namespaces.add(n.at("/metadata/name").asText()));
    assertThat(namespaces).isSorted();
  }

  @Test
  void uidsAreRandomUuidsInTheAnswerAndTheStore() {
    JsonNode first = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"uid-1\"}}").body();
    JsonNode second = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"uid-2\"}}").body();

    String uid = first.at("/metadata/uid").asText();
    assertThat(UUID.fromString(uid).version()).isEqualTo(4);
    assertThat(uid).doesNotStartWith("00000000-");
    assertThat(get("/api/v1/namespaces/default/configmaps/uid-1").body().at("/metadata/uid").asText())
        .isEqualTo(uid);
    assertThat(second.at("/metadata/uid").asText()).isNotEqualTo(uid).doesNotStartWith("00000000-");
    JsonNode dryRun = send("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"uid-3\"}}").body();
    assertThat(UUID.fromString(dryRun.at("/metadata/uid").asText()).version()).isEqualTo(4);
  }

  @Test
  void clusterScopedObjectsCarryNoNamespaceKeyAfterUpdatesNorInWatchEvents() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(server.url().replace("http", "ws") + "/api/v1/nodes?watch=true"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                events.add(data.toString());
                webSocket.request(1);
                return null;
              }
            }).get();
    try {
      send("POST", "/api/v1/nodes", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ns-less\"}}");
      JsonNode patched = send("PATCH", "/api/v1/nodes/ns-less", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}").body();
      JsonNode status = send("PATCH", "/api/v1/nodes/ns-less/status", "application/merge-patch+json",
          "{\"status\":{\"phase\":\"Running\"}}").body();
      JsonNode replaced = send("PUT", "/api/v1/nodes/ns-less", "application/json",
          Store.asJson(get("/api/v1/nodes/ns-less").body())).body();

      for (JsonNode answer : List.of(patched, status, replaced, get("/api/v1/nodes/ns-less").body())) {
        assertThat(answer.path("metadata").has("namespace")).as("%s", answer).isFalse();
      }
      assertThat(send("POST", "/api/v1/namespaces/default/nodes", "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ns-less-2\"}}").code())
          .as("a cluster-scoped kind has no namespaced path").isEqualTo(404);
      get("/api/v1/nodes").body().path("items")
          .forEach(node -> assertThat(node.path("metadata").has("namespace")).isFalse());
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(e -> e.contains("ns-less")).count(),
          count -> count >= 4);
      assertThat(events).filteredOn(e -> e.contains("ns-less")).allSatisfy(e ->
          assertThat(Store.parse(e).at("/object/metadata").has("namespace")).as(e).isFalse());
    } finally {
      socket.abort();
    }
  }
}
