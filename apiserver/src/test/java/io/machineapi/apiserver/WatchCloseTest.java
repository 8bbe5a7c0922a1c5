package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away from a watch while events are being sent to it (a controller process stopped in the
 * middle of a scale-down) must not stall the API for anyone else. fabric8's watch listener waits for its send thread
 * when the socket ends, on the server's only event loop, while a send in progress needs that loop: the whole API
 * used to stall for up to a minute. Nor may a write served while a watch closes fail (500) for it.
 */
class WatchCloseTest extends ApiServerTestBase {

  @Test
  void watchesClosedWhileEventsAreSentDoNotStallOtherRequests() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    AtomicReference<Throwable> writeFailed = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        while (writing.get()) {
          int n = written.get() + 1;
          client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
              .withName("busy-" + n).addToLabels("busy", "yes").endMetadata().addToData("n", "" + n).build())
              .create();
          written.set(n);
        }
      } catch (RuntimeException e) {
        writeFailed.set(e);
      }
    }, "writer");
    writer.start();
    try {
      for (int round = 0; round < 20; round++) {
        WebSocket watch = http.newWebSocketBuilder().buildAsync(URI.create(server.url().replace("http", "ws")
            + "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=busy%3Dyes"),
            new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        int before = written.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> writeFailed.get() != null || written.get() >= before + 5);
        assertThat(writeFailed.get()).as("a write while watches open and close").isNull();
        watch.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/api/v1/namespaces/default/configmaps/busy-1")).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(took).as("GET right after watch %d closed", round).isLessThan(Duration.ofSeconds(5));
      }
    } finally {
      writing.set(false);
      writer.join(30_000);
    }
    assertThat(writeFailed.get()).as("a write while watches open and close").isNull();
  }
}
