package io.machineapi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private HttpServer upstream;
  private FaultProxy proxy;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] echo = ("upstream saw " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, echo.length);
      exchange.getResponseBody().write(echo);
      exchange.close();
    });
    upstream.start();
    proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.stop(0);
  }

  private HttpResponse<String> post(String form) throws Exception {
    return http.send(HttpRequest.newBuilder(proxy.uri().resolve("/")).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsUntilToldToFailThenAnswersTheFaultForMatchingRequestsOnly() throws Exception {
    assertThat(post("Action=RunInstances&Version=2016-11-15").body())
        .isEqualTo("upstream saw Action=RunInstances&Version=2016-11-15");

    proxy.failNext(1, r -> "RunInstances".equals(r.awsAction()),
        FaultProxy.Fault.awsError(403, "UnauthorizedOperation", "not allowed"));
    HttpResponse<String> describe = post("Version=2016-11-15&Action=DescribeInstances");
    HttpResponse<String> refused = post("Action=RunInstances&Version=2016-11-15");
    HttpResponse<String> again = post("Action=RunInstances&Version=2016-11-15");

    assertThat(describe.statusCode()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("<Code>UnauthorizedOperation</Code>", "<Message>not allowed</Message>");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(proxy.faultsAnswered()).isEqualTo(1);
    assertThat(proxy.forwarded()).isEqualTo(3);
  }

  @Test
  void failWhileLastsUntilCleared() throws Exception {
    proxy.failWhile(r -> true, FaultProxy.Fault.awsError(503, "RequestLimitExceeded", "slow down"));
    assertThat(post("Action=RunInstances").statusCode()).isEqualTo(503);
    assertThat(post("Action=RunInstances").statusCode()).isEqualTo(503);

    proxy.clear();

    assertThat(post("Action=RunInstances").statusCode()).isEqualTo(200);
    assertThat(proxy.faultsAnswered()).isEqualTo(2);
  }

  @Test
  void theActionIsReadFromTheBodyOrTheQuery() {
    assertThat(new FaultProxy.Request("POST", "/", "Version=1&Action=RunInstances").awsAction())
        .isEqualTo("RunInstances");
    assertThat(new FaultProxy.Request("GET", "/?Action=DescribeImages&Version=1", "").awsAction())
        .isEqualTo("DescribeImages");
    assertThat(new FaultProxy.Request("POST", "/", "{\"json\":true}").awsAction()).isEmpty();
  }
}
