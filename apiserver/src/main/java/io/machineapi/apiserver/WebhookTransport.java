package io.machineapi.apiserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * POSTs AdmissionReview bodies over HTTPS, as kube-apiserver's webhook client does: the server certificate must chain
 * to the webhook's {@code clientConfig.caBundle} (the JDK's default roots when it is empty) and name the host the
 * webhook is addressed by — the URL's host, or {@code <service>.<namespace>.svc} for a service reference, even when
 * the connection goes to an override address. Each call has a deadline; failures are reported in Go's wording where
 * a user would see them ({@code connect: connection refused}, {@code x509: certificate signed by unknown authority},
 * {@code context deadline exceeded}).
 */
final class WebhookTransport {

  /** A call that did not produce a response body (kube-apiserver's {@code ErrCallingWebhook} reason). */
  static final class CallFailure extends Exception {
    CallFailure(String message) {
      super(message);
    }
  }

  private record ClientKey(String caBundle, String verifiedHost) {
  }

  /** One client per (CA, expected host): each has its own SSLContext; there are few webhooks. */
  private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * Starts a POST of {@code body} to {@code target}.
   *
   * @param target       where to connect (for a service reference, the override address)
   * @param verifiedHost the name the server certificate must carry
   * @param caBundle     the base64 PEM bundle of the webhook configuration, empty for the default roots
   * @param timeout      the deadline of the whole call
   * @return the pending response
   * @throws CallFailure when the CA bundle cannot be used
   */
  CompletableFuture<HttpResponse<byte[]>> post(URI target, String verifiedHost, String caBundle, byte[] body,
      Duration timeout) throws CallFailure {
    HttpClient client = client(new ClientKey(caBundle, verifiedHost));
    HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Waits for a call started by {@link #post} until {@code timeout}, cancelling it then.
   *
   * @param shownUrl the URL as the error message names it ({@code Post "https://...?timeout=10s"})
   */
  static byte[] await(CompletableFuture<HttpResponse<byte[]>> call, String shownUrl, Duration timeout)
      throws CallFailure {
    String prefix = "failed to call webhook: Post \"" + shownUrl + "\": ";
    try {
      HttpResponse<byte[]> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() < 200 || response.statusCode() > 299) {
        throw new CallFailure("the server responded with the status code " + response.statusCode()
            + " but did not return more information");
      }
      return response.body();
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new CallFailure(prefix + "context deadline exceeded");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      throw new CallFailure(prefix + "context canceled");
    } catch (ExecutionException e) {
      throw new CallFailure(prefix + describe(e.getCause(), URI.create(shownUrl)));
    }
  }

  private HttpClient client(ClientKey key) throws CallFailure {
    HttpClient existing = clients.get(key);
    if (existing != null) {
      return existing;
    }
    SSLContext context = sslContext(key.caBundle(), key.verifiedHost());
    return clients.computeIfAbsent(key, k -> HttpClient.newBuilder().sslContext(context)
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build());
  }

  /** Go-worded reasons for the usual failures; the exception's own message otherwise. */
  private static String describe(Throwable failure, URI url) {
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof HttpTimeoutException) {
        return "context deadline exceeded";
      }
      if (cause instanceof ConnectException) {
        return "dial tcp " + url.getHost() + ":" + url.getPort() + ": connect: connection refused";
      }
      if (cause instanceof SSLHandshakeException || cause instanceof CertificateException) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("x509:")) {
          return "tls: failed to verify certificate: " + message.substring(message.indexOf("x509:"));
        }
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
      }
      cause = cause.getCause();
    }
    return String.valueOf(failure);
  }

  private static SSLContext sslContext(String caBundle, String verifiedHost) throws CallFailure {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caBundle == null || caBundle.isEmpty()) {
        factory.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (java.security.cert.Certificate certificate : certificates(caBundle)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
          throw new CallFailure("unable to load root certificates: unable to parse bytes as PEM block");
        }
        factory.init(store);
      }
      X509TrustManager chain = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new HostTrust(chain, verifiedHost)}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new CallFailure("unable to load root certificates: " + e.getMessage());
    }
  }

  private static Collection<? extends java.security.cert.Certificate> certificates(String caBundle)
      throws CallFailure, CertificateException {
    byte[] pem;
    try {
      pem = Base64.getMimeDecoder().decode(caBundle);
    } catch (IllegalArgumentException e) {
      throw new CallFailure("unable to load root certificates: illegal base64 data");
    }
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
  }

  /**
   * Checks the server's chain against the CA and its subject alternative names against the expected host (Go checks
   * SANs only, with a {@code *.} wildcard for the leftmost label). Being an extended trust manager, it replaces the
   * JDK's own host check, which would compare with the address connected to.
   */
  private static final class HostTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chain;
    private final String host;

    HostTrust(X509TrustManager chain, String host) {
      this.chain = chain;
      this.host = host;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
      try {
        chain.checkServerTrusted(certificates, authType);
      } catch (CertificateException e) {
        throw new CertificateException("x509: certificate signed by unknown authority", e);
      }
      if (!names(certificates[0], host)) {
        throw new CertificateException("x509: certificate is valid for " + String.join(", ",
            sans(certificates[0])) + ", not " + host);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(certificates, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }

  /** Whether {@code certificate} names {@code host} (an IP address SAN for an address, a DNS SAN otherwise). */
  static boolean names(X509Certificate certificate, String host) throws CertificateException {
    boolean address = isAddress(host);
    Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
    if (entries == null) {
      return false;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      String value = String.valueOf(entry.get(1));
      if (address && type == 7 && sameAddress(value, host)) {
        return true;
      }
      if (!address && type == 2 && dnsMatches(value.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> sans(X509Certificate certificate) throws CertificateException {
    Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
    return entries == null ? List.of() : entries.stream().map(e -> String.valueOf(e.get(1))).toList();
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b.replace("[", "").replace("]", "")));
    } catch (IOException e) {
      return false;
    }
  }
}
