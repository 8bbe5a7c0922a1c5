package io.machineapi.providers.openstack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded Caffeine cache of OpenStack lookups (flavors, images, networks, security groups, server groups,
 * extensions), entries expiring {@code ttl} after they were loaded, keyed by credential and query. A missing entry
 * is loaded once while concurrent callers wait for it (single flight: a scale-up of ten Machines resolves the image
 * once and creates a server group once); a failed load is not cached.
 */
final class Lookups {

  /** A lookup that fails as the SPI says. */
  interface Loader<V> {
    V load() throws ProviderException;
  }

  private final Cache<Object, Object> cache;

  Lookups(Clock clock, Duration ttl) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(2_000)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  @SuppressWarnings("unchecked")
  <V> V get(Object key, Loader<V> loader) throws ProviderException {
    try {
      return (V) cache.get(key, k -> {
        try {
          return loader.load();
        } catch (ProviderException e) {
          throw new Failed(e);
        }
      });
    } catch (Failed f) {
      throw f.failure;
    }
  }

  /** Forgets every entry of one credential (keys are lists whose second element is the credential's key). */
  void invalidateCredential(String credential) {
    cache.asMap().keySet().removeIf(k -> k instanceof List<?> l && l.size() > 1 && credential.equals(l.get(1)));
  }

  private static final class Failed extends RuntimeException {
    final ProviderException failure;

    Failed(ProviderException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
