package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> send(HttpEndpoint endpoint, String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersItsPathsExactlyAndNothingElse() throws Exception {
    try (HttpEndpoint endpoint = HttpEndpoint.start(0, "probes", Map.of(
        "/readyz", () -> HttpEndpoint.Response.text(503, "starting"),
        "/healthz", () -> HttpEndpoint.Response.text(200, "ok"),
        "/broken", () -> {
          throw new IllegalStateException("no state");
        }))) {
      HttpResponse<String> ready = send(endpoint, "GET", "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("starting");
      assertThat(ready.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
      assertThat(send(endpoint, "GET", "/healthz?verbose").body()).isEqualTo("ok");
      assertThat(send(endpoint, "HEAD", "/healthz").statusCode()).isEqualTo(200);
      assertThat(send(endpoint, "GET", "/healthzz").statusCode()).isEqualTo(404);
      assertThat(send(endpoint, "GET", "/").statusCode()).isEqualTo(404);
      assertThat(send(endpoint, "POST", "/healthz").statusCode()).isEqualTo(405);
      HttpResponse<String> broken = send(endpoint, "GET", "/broken");
      assertThat(broken.statusCode()).isEqualTo(500);
      assertThat(broken.body()).contains("IllegalStateException: no state");
    }
  }

  @Test
  void aPortInUseIsReportedWithWhatWasToBeServed() {
    try (HttpEndpoint first = HttpEndpoint.start(0, "metrics", Map.of())) {
      assertThatThrownBy(() -> HttpEndpoint.start(first.port(), "health probes", Map.of()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot serve health probes on port " + first.port());
    }
  }
}
