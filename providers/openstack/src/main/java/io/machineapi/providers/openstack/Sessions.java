package io.machineapi.providers.openstack;

import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.ProviderException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.client.IOSClientBuilder;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * Keystone v3 tokens, one per credential ({@link CloudConfig#key()}, a hash of the clouds.yaml entry), shared by
 * every thread until shortly before they expire. A thread that needs a client binds the shared token to itself with
 * {@link OSFactory#clientFromToken} (OpenStack4j keeps its session per thread; binding sends nothing). Concurrent
 * callers that find no valid token wait for the one authentication in flight for that credential. The service
 * catalogue of the token decides the endpoints, with the clouds.yaml's interface (default public) and region.
 */
final class Sessions {
  /** Refresh this long before expiry (or at 90 % of a shorter lifetime). */
  static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  private record Cached(Token token, Instant refreshAt) {}

  private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Config> configs = new ConcurrentHashMap<>();
  private final Clock clock;
  private final RequestCounter counter;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  Sessions(Clock clock, RequestCounter counter, Duration connectTimeout, Duration readTimeout) {
    this.clock = clock;
    this.counter = counter;
    this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
  }

  /** The cached token of this credential, authenticating once when there is none or it is about to expire. */
  Token token(CloudConfig cloud) throws ProviderException {
    Cached c = tokens.get(cloud.key());
    if (c != null && clock.instant().isBefore(c.refreshAt())) {
      return c.token();
    }
    synchronized (locks.computeIfAbsent(cloud.key(), k -> new Object())) {
      c = tokens.get(cloud.key());
      if (c != null && clock.instant().isBefore(c.refreshAt())) {
        return c.token();
      }
      Token token = authenticate(cloud);
      remember(cloud, token);
      return token;
    }
  }

  /** Forgets {@code stale} (Keystone refused it), so the next {@link #token} authenticates again. */
  void invalidate(CloudConfig cloud, Token stale) {
    tokens.computeIfPresent(cloud.key(), (k, c) -> c.token().getId().equals(stale.getId()) ? null : c);
  }

  /** Adopts a token OpenStack4j's connector fetched by itself after a 401 (seen on the thread's session). */
  void adopt(CloudConfig cloud, Token used, Token current) {
    if (current != null && used != null && !current.getId().equals(used.getId())) {
      counter.increment(Service.KEYSTONE);
      remember(cloud, current);
    }
  }

  private void remember(CloudConfig cloud, Token token) {
    Instant now = clock.instant();
    Instant expires = token.getExpires() == null ? now.plus(Duration.ofHours(1)) : token.getExpires().toInstant();
    Duration lifetime = Duration.between(now, expires);
    Duration margin = lifetime.dividedBy(10).compareTo(REFRESH_BEFORE) < 0 ? lifetime.dividedBy(10) : REFRESH_BEFORE;
    tokens.put(cloud.key(), new Cached(token, expires.minus(margin)));
  }

  /** A client on the calling thread for {@code token} (no request is sent). */
  OSClientV3 bind(CloudConfig cloud, Token token) {
    OSClientV3 client = OSFactory.clientFromToken(token, facing(cloud), config(cloud));
    if (cloud.region() != null) {
      client.useRegion(cloud.region());
    }
    return client;
  }

  private Token authenticate(CloudConfig cloud) throws ProviderException {
    counter.increment(Service.KEYSTONE);
    try {
      IOSClientBuilder.V3 b = OSFactory.builderV3().endpoint(cloud.authUrl()).withConfig(config(cloud))
          .perspective(facing(cloud));
      if (cloud.username() != null) {
        b = b.credentials(cloud.username(), cloud.password(), cloud.userDomainId() != null
            ? Identifier.byId(cloud.userDomainId()) : Identifier.byName(or(cloud.userDomainName(), "Default")));
      } else {
        b = b.credentials(cloud.userId(), cloud.password());
      }
      Identifier domain = cloud.projectDomainId() != null ? Identifier.byId(cloud.projectDomainId())
          : Identifier.byName(or(cloud.projectDomainName(), "Default"));
      if (cloud.projectId() != null) {
        b = b.scopeToProject(Identifier.byId(cloud.projectId()));
      } else if (cloud.projectName() != null) {
        b = b.scopeToProject(Identifier.byName(cloud.projectName()), domain);
      }
      return b.authenticate().getToken();
    } catch (RuntimeException e) {
      // OpenStack4j's authentication messages name the user and URL at most, never the password.
      throw OpenstackErrors.classify(e, "Keystone authentication for cloud " + cloud.cloudName());
    }
  }

  private static String or(String a, String b) {
    return a == null ? b : a;
  }

  static Facing facing(CloudConfig cloud) {
    return switch (cloud.interfaceName()) {
      case "internal" -> Facing.INTERNAL;
      case "admin" -> Facing.ADMIN;
      default -> Facing.PUBLIC;
    };
  }

  private Config config(CloudConfig cloud) {
    return configs.computeIfAbsent(cloud.key(), k -> {
      Config c = Config.newConfig().withConnectionTimeout(connectTimeoutMillis).withReadTimeout(readTimeoutMillis);
      if (!cloud.verify()) {
        c = c.withSSLVerificationDisabled();
      } else if (cloud.caCert().isPresent()) {
        c = c.withSSLContext(sslContext(cloud.caCert().get()));
      }
      return c;
    });
  }

  /** Trusts exactly the certificates of the Secret's {@code cacert} PEM bundle. */
  static SSLContext sslContext(String pem) {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cacert of the clouds Secret is not a PEM certificate bundle", e);
    }
  }
}
