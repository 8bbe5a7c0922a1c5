package io.machineapi.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a test peer (moto for EC2) that forwards every request, except those a test chose to
 * answer with a fault instead: an EC2 error such as {@code RequestLimitExceeded} or {@code UnauthorizedOperation},
 * for the next few matching requests or until {@link #clear()}. Point the client under test at {@link #uri()}.
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(moto)) {
 *   proxy.failWhile(r -> "RunInstances".equals(r.awsAction()),
 *       FaultProxy.Fault.awsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
 *   ...
 *   proxy.clear();
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
      "upgrade");

  /** One request as the proxy received it. */
  public record Request(String method, String path, String body) {
    /** The AWS query-protocol action ({@code Action=RunInstances} in the form body or the query), or "". */
    public String awsAction() {
      String query = URI.create(path).getRawQuery();
      for (String form : new String[] {body, query == null ? "" : query}) {
        for (String pair : form.split("&")) {
          if (pair.startsWith("Action=")) {
            return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
          }
        }
      }
      return "";
    }
  }

  /** The answer given instead of forwarding. */
  public record Fault(int status, String contentType, String body) {
    public Fault {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    /** An error answer in the AWS query protocol's format (EC2): {@code code} is what the SDK reports. */
    public static Fault awsError(int status, String code, String message) {
      return new Fault(status, "text/xml", "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
          + "</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>");
    }
  }

  private record Rule(Predicate<Request> when, Fault fault, AtomicInteger remaining) {}

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient forward = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<Rule> rule = new AtomicReference<>();
  private final AtomicInteger faults = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();

  private FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /** A proxy on a free port of 127.0.0.1 forwarding to {@code upstream}, started. */
  public static FaultProxy start(URI upstream) throws IOException {
    FaultProxy proxy = new FaultProxy(upstream);
    proxy.server.start();
    return proxy;
  }

  /** Where clients should send their requests. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code fault} instead of forwarding the next {@code times} requests {@code when} matches. */
  public FaultProxy failNext(int times, Predicate<Request> when, Fault fault) {
    rule.set(new Rule(Objects.requireNonNull(when, "when"), Objects.requireNonNull(fault, "fault"),
        new AtomicInteger(times)));
    return this;
  }

  /** Answers {@code fault} instead of forwarding every request {@code when} matches, until {@link #clear()}. */
  public FaultProxy failWhile(Predicate<Request> when, Fault fault) {
    return failNext(Integer.MAX_VALUE, when, fault);
  }

  /** Forwards every request from now on. */
  public void clear() {
    rule.set(null);
  }

  /** Requests answered with a fault so far. */
  public int faultsAnswered() {
    return faults.get();
  }

  /** Requests forwarded so far. */
  public int forwarded() {
    return forwarded.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          new String(body, StandardCharsets.UTF_8));
      Rule r = rule.get();
      if (r != null && r.when().test(request) && r.remaining().getAndDecrement() > 0) {
        faults.incrementAndGet();
        byte[] error = r.fault().body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", r.fault().contentType());
        exchange.sendResponseHeaders(r.fault().status(), error.length == 0 ? -1 : error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      HttpRequest.Builder req = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofSeconds(30))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((k, v) -> {
        if (!NOT_FORWARDED.contains(k.toLowerCase())) {
          v.forEach(value -> req.header(k, value));
        }
      });
      try {
        HttpResponse<byte[]> resp = forward.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        forwarded.incrementAndGet();
        resp.headers().firstValue("content-type").ifPresent(ct -> exchange.getResponseHeaders().add("Content-Type",
            ct));
        exchange.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
        exchange.getResponseBody().write(resp.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
