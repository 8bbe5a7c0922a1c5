package io.machineapi.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint (JDK HTTP server, one thread) answering GET (and HEAD) on a fixed set of paths; any other
 * path is 404. {@code machine-api run} serves its Prometheus metrics ({@code /metrics}) and its health probes
 * ({@code /healthz}, {@code /readyz}) on one each.
 */
final class HttpEndpoint implements AutoCloseable {

  /** One answer: status code, content type and body. */
  record Response(int code, String contentType, String body) {
    static Response text(int code, String body) {
      return new Response(code, "text/plain; charset=utf-8", body);
    }
  }

  private final HttpServer server;

  private HttpEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on all interfaces at {@code port} (0 = a free port) and answers each path with its supplier's response.
   *
   * @param what what is served, for the error when the port is taken ("metrics", "health probes")
   */
  static HttpEndpoint start(int port, String what, Map<String, Supplier<Response>> paths) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          Supplier<Response> handler = paths.get(exchange.getRequestURI().getPath());
          String method = exchange.getRequestMethod();
          Response response = handler == null ? Response.text(404, "not found\n")
              : !method.equals("GET") && !method.equals("HEAD") ? Response.text(405, "method not allowed\n")
              : answer(handler);
          send(exchange, response);
        }
      });
      server.start();
      return new HttpEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + what + " on port " + port + ": " + e.getMessage(), e);
    }
  }

  private static Response answer(Supplier<Response> handler) {
    try {
      return handler.get();
    } catch (RuntimeException e) {
      return Response.text(500, e.getClass().getSimpleName() + ": " + e.getMessage() + "\n");
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.code(), head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
