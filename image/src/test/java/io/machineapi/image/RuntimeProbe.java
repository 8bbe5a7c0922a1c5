package io.machineapi.image;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Run by {@link ImageIT} inside the unpacked image with the image's own Java runtime: exercises what the operator
 * needs of that runtime beyond what {@code machine-api version} touches, and prints one line per finding:
 * <ul>
 *   <li>{@code https STATUS BODY PROTOCOL}: an HTTPS server (com.sun.net.httpserver) and the JDK HTTP client talk
 *       TLS with an EC key (the kind a Kubernetes API server or a cloud endpoint presents);</li>
 *   <li>{@code cacerts N}: the runtime's default trust store holds N CA certificates;</li>
 *   <li>{@code memory BYTES}: com.sun.management's operating-system bean works (Micrometer's JVM metrics).</li>
 * </ul>
 * Arguments: a PKCS12 key store holding key and certificate for 127.0.0.1, and its password.
 */
public final class RuntimeProbe {

  private RuntimeProbe() {
  }

  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      keys.load(in, password);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(keys);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);

    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
      URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      System.out.println("https " + response.statusCode() + " " + response.body() + " "
          + response.sslSession().map(SSLSession::getProtocol).orElse("none"));
    } finally {
      server.stop(0);
    }

    TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    System.out.println("cacerts " + ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers().length);

    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("memory " + os.getTotalMemorySize());
  }
}
