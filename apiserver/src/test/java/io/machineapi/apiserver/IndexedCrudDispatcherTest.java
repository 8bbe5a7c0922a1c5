package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index must answer exactly what fabric8's scan answers: the same sequence of writes goes to an indexed and a
 * plain dispatcher, and every object path reads the same from both after every step.
 */
class IndexedCrudDispatcherTest {

  private static final String CM_A = "/api/v1/namespaces/a/configmaps/same";
  private static final String CM_B = "/api/v1/namespaces/b/configmaps/same";
  private static final String NODE = "/api/v1/nodes/n1";
  private static final String WIDGET = "/apis/example.com/v1/namespaces/a/widgets/w1";
  private static final String OTHER_GROUP_WIDGET = "/apis/other.example.com/v1/namespaces/a/widgets/w1";
  private static final List<String> PATHS = List.of(CM_A, CM_B, NODE, WIDGET, OTHER_GROUP_WIDGET,
      "/api/v1/namespaces/a/configmaps/absent", "/api/v1/nodes/absent");

  private final IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
  private final KubernetesCrudDispatcher plain = new KubernetesCrudDispatcher(List.of());

  @Test
  void answersLikeTheScanThroughCreatesUpdatesLabelChangesFinalizersAndDeletes() {
    both("POST", "/api/v1/namespaces/a/configmaps", configMap("a", "same", "{\"tier\":\"x\"}", "[]"));
    both("POST", "/api/v1/namespaces/b/configmaps", configMap("b", "same", "{}", "[]"));
    both("POST", "/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}");
    both("POST", "/apis/example.com/v1/namespaces/a/widgets", widget("example.com/v1"));
    assertThat(indexed.indexed()).isEqualTo(4);

    both("PUT", CM_A, configMap("a", "same", "{\"tier\":\"y\",\"extra\":\"1\"}", "[]"));
    both("PATCH", CM_B, "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"p\":\"q\"}}]");
    both("POST", "/apis/other.example.com/v1/namespaces/a/widgets", widget("other.example.com/v1"));
    both("PUT", CM_A, configMap("a", "same", "{}", "[\"example.com/hold\"]"));
    both("DELETE", CM_A, null);
    JsonNode held = Store.parse(Store.bodyOf(indexed.handleGet(CM_A)));
    assertThat(held.path("metadata").path("deletionTimestamp").isMissingNode()).isFalse();
    both("PUT", CM_A, configMap("a", "same", "{}", "[]").replace("\"metadata\":{",
        "\"metadata\":{\"deletionTimestamp\":\"" + held.path("metadata").path("deletionTimestamp").asText() + "\","));
    both("DELETE", CM_A, null);
    both("DELETE", NODE, null);
    both("DELETE", WIDGET, null);

    assertThat(indexed.handleGet(CM_A).code()).isEqualTo(404);
    assertThat(indexed.handleGet(CM_B).code()).isEqualTo(200);
    assertThat(indexed.handleGet(OTHER_GROUP_WIDGET).code()).isEqualTo(200);
    assertThat(indexed.indexed()).isEqualTo(2);
  }

  @Test
  void aCreateOfAnExistingObjectIsRefusedAsByTheScan() {
    both("POST", "/api/v1/namespaces/a/configmaps", configMap("a", "same", "{}", "[]"));
    MockResponse again = both("POST", "/api/v1/namespaces/a/configmaps", configMap("a", "same", "{}", "[]"));
    assertThat(again.code()).isEqualTo(409);
  }

  private MockResponse both(String method, String path, String body) {
    MockResponse fromIndexed = indexed.dispatch(request(method, path, body));
    MockResponse fromPlain = plain.dispatch(request(method, path, body));
    assertThat(fromIndexed.code()).as(method + " " + path).isEqualTo(fromPlain.code());
    for (String read : PATHS) {
      MockResponse a = indexed.handleGet(read);
      MockResponse b = plain.handleGet(read);
      assertThat(a.code()).as("GET " + read + " after " + method + " " + path).isEqualTo(b.code());
      if (a.code() == 200) {
        assertThat(comparable(a)).as("GET " + read + " after " + method + " " + path).isEqualTo(comparable(b));
      }
    }
    return fromIndexed;
  }

  /** The body without the timestamps each dispatcher stamps itself. */
  private static String comparable(MockResponse response) {
    JsonNode body = Store.parse(Store.bodyOf(response));
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("metadata")).remove(
        List.of("creationTimestamp", "deletionTimestamp", "uid"));
    return body.toString();
  }

  private static RecordedRequest request(String method, String path, String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String contentType = method.equals("PATCH") ? "application/json-patch+json" : "application/json";
    return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
        Headers.builder().set("Content-Type", contentType).build(), new Buffer(bytes));
  }

  private static String configMap(String namespace, String name, String labels, String finalizers) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + namespace + "\",\"labels\":" + labels + ",\"finalizers\":" + finalizers + "},\"data\":{\"k\":\"v\"}}";
  }

  private static String widget(String apiVersion) {
    return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\","
        + "\"namespace\":\"a\"}}";
  }
}
