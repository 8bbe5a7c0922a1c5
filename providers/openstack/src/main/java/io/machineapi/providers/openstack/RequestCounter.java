package io.machineapi.providers.openstack;

import io.machineapi.spi.RequestCounts;
import java.util.Locale;

/**
 * Counts the HTTP requests this provider sends, by OpenStack service ({@link Service}, keys {@code keystone},
 * {@code compute}, {@code image}, {@code network}), for tests and the benchmark. Every call the provider makes
 * through {@link OpenstackCalls} is one HTTP request (no pagination is followed: the lists asked for are filtered to
 * a cluster or a name); a re-authentication that OpenStack4j's connector does by itself after a 401 is not seen here.
 */
public final class RequestCounter extends RequestCounts {

  /** The OpenStack services this provider talks to. */
  public enum Service {
    KEYSTONE, COMPUTE, IMAGE, NETWORK;

    /** The counting key: the service's name in lower case. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  void increment(Service service) {
    increment(service.key());
  }

  public long count(Service service) {
    return count(service.key());
  }
}
