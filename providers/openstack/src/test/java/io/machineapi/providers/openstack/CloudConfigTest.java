package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudConfigTest {
  static final String CLOUDS = """
      clouds:
        openstack:
          auth:
            auth_url: http://127.0.0.1:5000/v3
            username: demo
            password: demo-secret
            project_name: demo
            user_domain_name: Default
            project_domain_name: Default
          region_name: RegionOne
          interface: public
          identity_api_version: 3
        internal:
          auth: {auth_url: "http://keystone:5000", username: u, password: other-secret, project_id: p1}
          interface: internal
      """;

  static ResolvedSecrets secrets(String clouds) {
    return ResolvedSecrets.none().withCredentialsSecret(new SecretContents("openstack-cloud-credentials",
        Map.of("clouds.yaml", clouds.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void readsTheNamedCloud() throws Exception {
    CloudConfig c = CloudConfig.from(secrets(CLOUDS), "openstack");
    assertThat(c.authUrl()).isEqualTo("http://127.0.0.1:5000/v3");
    assertThat(c.username()).isEqualTo("demo");
    assertThat(c.projectName()).isEqualTo("demo");
    assertThat(c.userDomainName()).isEqualTo("Default");
    assertThat(c.region()).isEqualTo("RegionOne");
    assertThat(c.interfaceName()).isEqualTo("public");
    assertThat(c.caCert()).isEmpty();
    CloudConfig internal = CloudConfig.from(secrets(CLOUDS), "internal");
    assertThat(internal.authUrl()).as("v3 appended").isEqualTo("http://keystone:5000/v3");
    assertThat(Sessions.facing(internal).name()).isEqualTo("INTERNAL");
    assertThat(internal.key()).isNotEqualTo(c.key());
    assertThat(CloudConfig.from(secrets(CLOUDS), "openstack").key()).as("stable per credential").isEqualTo(c.key());
  }

  @Test
  void neverPrintsThePassword() throws Exception {
    CloudConfig c = CloudConfig.from(secrets(CLOUDS), "openstack");
    assertThat(c.toString()).doesNotContain("demo-secret").contains("openstack", "RegionOne");
  }

  @Test
  void problemsNameTheFieldWithoutQuotingTheSecret() {
    assertThatThrownBy(() -> CloudConfig.from(secrets(CLOUDS), "nope"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("providerSpec.value.cloudName")
        .hasMessageNotContaining("demo-secret");
    assertThatThrownBy(() -> CloudConfig.from(secrets("clouds: [demo-secret: {"), "openstack"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("providerSpec.value.cloudsSecret")
        .hasMessageNotContaining("demo-secret");
    assertThatThrownBy(() -> CloudConfig.from(ResolvedSecrets.none().withCredentialsSecret(
        new SecretContents("s", Map.of())), "openstack"))
        .hasMessageContaining("has no key clouds.yaml");
    assertThatThrownBy(() -> CloudConfig.parse("clouds: {x: {auth: {auth_url: u, username: a, password: demo-secret}, identity_api_version: 2}}"
        .getBytes(StandardCharsets.UTF_8), "x", Optional.empty(), "s"))
        .hasMessageContaining("Keystone v3 only").hasMessageNotContaining("demo-secret");
  }

  @Test
  void aCaBundleIsKept() throws Exception {
    ResolvedSecrets s = ResolvedSecrets.none().withCredentialsSecret(new SecretContents("c", Map.of(
        "clouds.yaml", CLOUDS.getBytes(StandardCharsets.UTF_8), "cacert", "PEM".getBytes(StandardCharsets.UTF_8))));
    CloudConfig c = CloudConfig.from(s, "openstack");
    assertThat(c.caCert()).contains("PEM");
    assertThat(c.key()).isNotEqualTo(CloudConfig.from(secrets(CLOUDS), "openstack").key());
  }
}
