package io.machineapi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Proves the path from {@code ./test.sh} to a test: the peer that test.sh started is reachable at the URL the test
 * JVM receives. Skipped (loudly) outside test.sh, failed under {@code CI=true} when moto is missing.
 */
class TestPeerWiringTest {

  @Test
  void motoStartedByTestShAnswersAtTheUrlTheTestsReceive() throws Exception {
    URI moto = PeerAssumptions.requirePeer("moto");

    HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(moto.resolve("/moto-api/")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }
}
