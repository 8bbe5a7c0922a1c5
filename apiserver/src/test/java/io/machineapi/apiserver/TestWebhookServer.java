package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An HTTPS admission webhook for tests: a self-signed certificate generated at start (SANs {@code 127.0.0.1},
 * {@code localhost} and the given DNS names), a handler per test that turns an AdmissionReview request into its
 * {@code response}, and the reviews received.
 */
final class TestWebhookServer implements AutoCloseable {

  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final HttpsServer server;
  private final X509Certificate certificate;
  private final List<JsonNode> reviews = new CopyOnWriteArrayList<>();
  private volatile Function<JsonNode, ObjectNode> handler = request -> allow();
  private volatile Duration delay = Duration.ZERO;

  TestWebhookServer(String... dnsNames) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    certificate = selfSigned(keys, dnsNames);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "test".toCharArray();
    store.setKeyEntry("webhook", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      try (exchange) {
        JsonNode review = JSON.readTree(exchange.getRequestBody());
        reviews.add(review);
        pause();
        ObjectNode response = handler.apply(review.path("request"));
        response.put("uid", review.path("request").path("uid").asText());
        ObjectNode answer = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
            .put("kind", "AdmissionReview");
        answer.set("response", response);
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException | RuntimeException e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.start();
  }

  private void pause() {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis()); // plays a slow webhook; the API's deadline is what is tested
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static X509Certificate selfSigned(KeyPair keys, String... dnsNames) throws Exception {
    X500Name subject = new X500Name("CN=test-webhook");
    Instant now = Instant.now();
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    for (String dns : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  /** The certificate as a webhook configuration's {@code caBundle}: base64 of its PEM. */
  String caBundle() {
    return caBundleOf(certificate);
  }

  static String caBundleOf(X509Certificate certificate) {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The caBundle of another, unrelated self-signed certificate (a wrong CA). */
  static String unrelatedCaBundle() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return caBundleOf(selfSigned(generator.generateKeyPair()));
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String path) {
    return "https://127.0.0.1:" + port() + path;
  }

  /** Answers each review's request with what {@code handler} returns ({@code uid} is added). */
  void answer(Function<JsonNode, ObjectNode> handler) {
    this.handler = handler;
  }

  /** Waits this long before answering. */
  void delay(Duration delay) {
    this.delay = delay;
  }

  /** The AdmissionReview bodies received so far. */
  List<JsonNode> reviews() {
    return List.copyOf(reviews);
  }

  void reset() {
    reviews.clear();
    handler = request -> allow();
    delay = Duration.ZERO;
  }

  static ObjectNode allow() {
    return JSON.createObjectNode().put("allowed", true);
  }

  static ObjectNode deny(int code, String message) {
    ObjectNode response = JSON.createObjectNode().put("allowed", false);
    ObjectNode status = response.putObject("status");
    if (code != 0) {
      status.put("code", code);
    }
    status.put("message", message);
    return response;
  }

  /** A response with a base64 JSON patch. */
  static ObjectNode patch(String jsonPatch) {
    return allow().put("patchType", "JSONPatch")
        .put("patch", Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
