package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded server with the test CRDs per test class, a fabric8 client and raw HTTP helpers. */
abstract class ApiServerTestBase {

  static EmbeddedApiServer server;
  static KubernetesClient client;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startServer() {
    server = EmbeddedApiServer.start(0);
    server.installCrds(TestCrds.all());
    client = server.client();
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  /** An HTTP answer: status code, parsed JSON body (an empty object for an empty body) and Warning headers. */
  record Answer(int code, JsonNode body, String contentType, java.util.List<String> warnings) {
  }

  static Answer get(String path) {
    return send("GET", path, null, null, null);
  }

  static Answer get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  static Answer send(String method, String path, String contentType, String body) {
    return send(method, path, contentType, body, null);
  }

  static Answer send(String method, String path, String contentType, String body, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isBlank() ? Serialization.jsonMapper().createObjectNode()
          : Serialization.jsonMapper().readTree(response.body());
      return new Answer(response.statusCode(), json,
          response.headers().firstValue("Content-Type").orElse(""), response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String widgetJson(String name, int replicas) {
    return """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"%s"},"spec":{"replicas":%d}}
        """.formatted(name, replicas);
  }

  static Answer createWidget(String name, int replicas) {
    return send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
        widgetJson(name, replicas));
  }

  static String widgetPath(String name) {
    return "/apis/example.com/v1/namespaces/default/widgets/" + name;
  }
}
