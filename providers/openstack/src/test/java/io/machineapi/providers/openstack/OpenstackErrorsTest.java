package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ServerResponseException;

class OpenstackErrorsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "401|The request you have made requires authentication.|CREDENTIALS",
      "403|Policy doesn't allow os_compute_api:servers:create to be performed.|CREDENTIALS",
      "403|Quota exceeded for instances: Requested 1, but already used 10 of 10 instances|QUOTA_EXCEEDED",
      "409|Conflict: port in use|CONFLICT",
      "429|Too many requests|THROTTLED",
      "413|Request entity too large|THROTTLED",
      "500|Unexpected API Error.|CLOUD_UNAVAILABLE",
      "502|Bad gateway|CLOUD_UNAVAILABLE",
      "503|Service unavailable|CLOUD_UNAVAILABLE",
      "400|Invalid input for field/attribute foo|OTHER",
      "404|Not found|OTHER",
      "418|I'm a teapot|OTHER"})
  void statusCodesAreTransientWithTheirReason(int status, String message, Reason reason) {
    ProviderException e = OpenstackErrors.classify(exception(status, message), "Nova POST /servers");
    assertThat(e).isInstanceOfSatisfying(TransientProviderException.class, t -> {
      assertThat(t.reason()).isEqualTo(reason);
      assertThat(t.getMessage()).contains("Nova POST /servers", "HTTP " + status);
    });
  }

  @Test
  void capacityAndQuotaWaitLonger() {
    TransientProviderException quota = (TransientProviderException) OpenstackErrors.classify(
        exception(403, "Quota exceeded for cores"), "x");
    assertThat(quota.minimumBackoff()).contains(OpenstackErrors.QUOTA_BACKOFF);
    TransientProviderException throttled = (TransientProviderException) OpenstackErrors.classify(
        exception(429, "slow down"), "x");
    assertThat(throttled.minimumBackoff()).contains(OpenstackErrors.THROTTLE_BACKOFF);
  }

  @Test
  void timeoutsAndConnectionErrorsAreTransient() {
    ProviderException timeout = OpenstackErrors.classify(new ConnectionException("read timed out", 0,
        new SocketTimeoutException("timeout")), "Neutron GET /v2.0/ports");
    assertThat(timeout).isInstanceOfSatisfying(TransientProviderException.class, t -> {
      assertThat(t.reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
      assertThat(t.getMessage()).contains("Neutron GET /v2.0/ports timed out");
    });
    ProviderException refused = OpenstackErrors.classify(new ConnectionException("Connection refused", 0,
        new java.net.ConnectException("refused")), "Keystone");
    assertThat(refused).isInstanceOfSatisfying(TransientProviderException.class,
        t -> assertThat(t.getMessage()).contains("could not connect"));
    assertThat(OpenstackErrors.classify(new IllegalStateException("boom"), "x"))
        .isInstanceOf(TransientProviderException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Invalid flavorRef provided.|flavor",
      "Flavor 42 could not be found.|flavor",
      "Invalid imageRef provided.|image",
      "Image 7 could not be found.|image",
      "Network abc could not be found.|networks",
      "Invalid key_name provided.|keyName",
      "The requested availability zone is not available|availabilityZone",
      "Invalid server group: unknown|serverGroupID",
      "Invalid input for field/attribute metadata. Value: {'a/b': 'c'}|serverMetadata",
      "Invalid input for field/attribute tags. Value: x|tags"})
  void aNova400NamingASpecReferenceIsPermanent(String message, String field) {
    ProviderException e = OpenstackErrors.classifyCreate(exception(400, message), "Nova POST /servers");
    assertThat(e).isInstanceOfSatisfying(InvalidConfigurationException.class, i -> {
      assertThat(i.errors()).hasSize(1);
      assertThat(i.errors().get(0).path()).isEqualTo("providerSpec.value." + field);
      assertThat(i.getMessage()).contains(message);
    });
  }

  @Test
  void onlyA400CanProveTheSpecWrong() {
    assertThat(OpenstackErrors.classifyCreate(exception(500, "Flavor 42 could not be found."), "x"))
        .isInstanceOf(TransientProviderException.class);
    assertThat(OpenstackErrors.classifyCreate(exception(400, "Invalid input for field/attribute server"), "x"))
        .isInstanceOf(TransientProviderException.class);
    assertThat(OpenstackErrors.classify(exception(400, "Invalid flavorRef provided."), "lookup"))
        .as("outside the server create a 400 is not the spec's")
        .isInstanceOf(TransientProviderException.class);
  }

  static RuntimeException exception(int status, String message) {
    if (status == 401) {
      return new AuthenticationException(message, status);
    }
    return status >= 500 ? new ServerResponseException(message, status)
        : new ClientResponseException(message, status);
  }
}
