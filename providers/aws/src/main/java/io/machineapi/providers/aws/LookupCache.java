package io.machineapi.providers.aws;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The provider's one cache of cloud lookups (filters resolved to ids, a load balancer's target groups): a bounded
 * Caffeine cache whose entries expire {@code ttl} after they were loaded. A missing entry is loaded once: concurrent
 * callers asking for the same key wait for the one call in flight instead of each sending their own (single
 * flight). A failed load caches nothing.
 *
 * @param <K> a value key (records), never an identity
 */
final class LookupCache<K, V> {

  /** A lookup that may fail as the SPI says. */
  interface Load<V> {
    V get() throws ProviderException;
  }

  private final Cache<K, V> cache;

  LookupCache(Clock clock, Duration ttl, long maxEntries) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  /** The cached value, else {@code load}'s answer (cached when it succeeds). */
  V get(K key, Load<V> load) throws ProviderException {
    try {
      return cache.get(key, k -> {
        try {
          return load.get();
        } catch (ProviderException e) {
          throw new LoadFailed(e);
        }
      });
    } catch (LoadFailed e) {
      throw e.failure;
    }
  }

  /** Carries a loader's checked failure through the cache. */
  private static final class LoadFailed extends RuntimeException {
    final ProviderException failure;

    LoadFailed(ProviderException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }
}
