package io.machineapi.providers.openstack;

import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.ProviderException;
import java.util.function.Function;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.model.identity.v3.Token;

/**
 * Runs one OpenStack request on the calling thread with the credential's shared token: counts it by service, maps a
 * failure to the SPI's classes ({@link OpenstackErrors}), and after a 401 (a token revoked before its expiry)
 * authenticates once more and retries once. Every request has the connect and read timeouts of {@link Sessions}.
 */
final class OpenstackCalls {
  /** A request against a bound client. */
  interface Call<T> {
    T apply(OSClientV3 client);
  }

  private final Sessions sessions;
  private final RequestCounter counter;

  OpenstackCalls(Sessions sessions, RequestCounter counter) {
    this.sessions = sessions;
    this.counter = counter;
  }

  <T> T run(CloudConfig cloud, Service service, String what, Call<T> call) throws ProviderException {
    return run(cloud, service, what, call, e -> OpenstackErrors.classify(e, what));
  }

  <T> T run(CloudConfig cloud, Service service, String what, Call<T> call,
      Function<RuntimeException, ProviderException> classify) throws ProviderException {
    for (int attempt = 0; ; attempt++) {
      Token token = sessions.token(cloud);
      OSClientV3 client = sessions.bind(cloud, token);
      counter.increment(service);
      try {
        T result = call.apply(client);
        sessions.adopt(cloud, token, client.getToken());
        return result;
      } catch (AuthenticationException e) {
        sessions.invalidate(cloud, token);
        if (attempt > 0) {
          throw classify.apply(e);
        }
      } catch (RuntimeException e) {
        throw classify.apply(e);
      }
    }
  }
}
