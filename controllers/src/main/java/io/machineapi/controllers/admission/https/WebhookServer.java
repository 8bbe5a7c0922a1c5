package io.machineapi.controllers.admission.https;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.machineapi.controllers.DaemonThreads;
import io.machineapi.controllers.admission.AdmissionWebhooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhooks over HTTPS (JDK {@link HttpsServer}): POST of an AdmissionReview to one of
 * {@link AdmissionWebhooks#paths()}, answered with an AdmissionReview. Requests run on the server's own threads,
 * never a reconcile thread, and each has a deadline: a webhook that has not answered by then gets HTTP 504, and the
 * API server applies the configuration's {@code failurePolicy}. A body that is not an AdmissionReview gets 400.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Larger than any AdmissionReview of an object the API server stores (objects are at most about 1.5 MiB). */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  public static final int THREADS = 4;

  private final HttpsServer server;
  private final ExecutorService connections;
  private final ExecutorService handlers;

  private WebhookServer(HttpsServer server, ExecutorService connections, ExecutorService handlers) {
    this.server = server;
    this.connections = connections;
    this.handlers = handlers;
  }

  /**
   * Listens on all interfaces at {@code port} (0 = a free one).
   *
   * @param deadline how long one webhook may take
   */
  public static WebhookServer start(int port, SSLContext tls, AdmissionWebhooks webhooks, Duration deadline) {
    ExecutorService connections = DaemonThreads.bounded("webhook-http", THREADS, 64);
    ExecutorService handlers = DaemonThreads.bounded("webhook", THREADS, 64);
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(port), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      server.setExecutor(connections);
      server.createContext("/", exchange -> {
        try (exchange) {
          answer(exchange, webhooks, handlers, deadline);
        }
      });
      server.start();
      return new WebhookServer(server, connections, handlers);
    } catch (IOException e) {
      connections.shutdownNow();
      handlers.shutdownNow();
      throw new UncheckedIOException("cannot serve the admission webhooks on port " + port + ": " + e.getMessage(),
          e);
    }
  }

  private static void answer(HttpExchange exchange, AdmissionWebhooks webhooks, ExecutorService handlers,
      Duration deadline) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!webhooks.paths().contains(path)) {
      send(exchange, 404, "text/plain; charset=utf-8", "no webhook at " + path + "\n");
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      send(exchange, 405, "text/plain; charset=utf-8", "POST an AdmissionReview\n");
      return;
    }
    JsonNode review;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        send(exchange, 413, "text/plain; charset=utf-8", "body larger than " + MAX_BODY_BYTES + " bytes\n");
        return;
      }
      review = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      send(exchange, 400, "text/plain; charset=utf-8", "not JSON: " + e.getOriginalMessage() + "\n");
      return;
    }
    CompletableFuture<JsonNode> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> webhooks.review(path, review), handlers);
    } catch (RejectedExecutionException e) {
      send(exchange, 503, "text/plain; charset=utf-8", "too many webhook requests at once\n");
      return;
    }
    try {
      JsonNode response = answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      send(exchange, 200, "application/json", JSON.writeValueAsString(response));
    } catch (TimeoutException e) {
      answer.cancel(true);
      LOG.warn("Webhook {} did not answer within {}", path, deadline);
      send(exchange, 504, "text/plain; charset=utf-8", "the webhook did not answer within " + deadline + "\n");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException) {
        send(exchange, 400, "text/plain; charset=utf-8", cause.getMessage() + "\n");
      } else {
        LOG.error("Webhook {} failed", path, cause);
        send(exchange, 500, "text/plain; charset=utf-8", "webhook failed: " + cause + "\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, "text/plain; charset=utf-8", "shutting down\n");
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    connections.shutdownNow();
    handlers.shutdownNow();
  }
}
