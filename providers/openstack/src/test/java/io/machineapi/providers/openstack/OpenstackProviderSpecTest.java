package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.SecretReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenstackProviderSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenstackMachineProvider provider = new OpenstackMachineProvider();

  /** Every field of OpenShift's OpenstackProviderSpec, as a MachineSet carries it. */
  static final String FULL = """
      {"apiVersion": "machine.openshift.io/v1alpha1", "kind": "OpenstackProviderSpec",
       "cloudsSecret": {"name": "openstack-cloud-credentials", "namespace": "openshift-machine-api"},
       "cloudName": "openstack", "flavor": "m1.small", "image": "rhcos", "keyName": "ops",
       "sshUserName": "core",
       "networks": [
         {"uuid": "net-1", "subnets": [{"uuid": "sub-1", "portTags": ["s"]}], "portTags": ["n"],
          "vnicType": "direct", "profile": {"capabilities": "switchdev"}, "portSecurity": true,
          "noAllowedAddressPairs": true},
         {"filter": {"name": "storage", "tags": "storage", "tagsAny": "a,b", "notTags": "x", "notTagsAny": "y",
                     "projectId": "p", "description": "d"}},
         {"subnets": [{"filter": {"name": "private-subnet", "cidr": "10.0.0.0/24", "ipVersion": 4,
                                  "gateway_ip": "10.0.0.1"}}]}],
       "ports": [{"networkID": "net-2", "nameSuffix": "extra", "description": "second nic", "adminStateUp": true,
                  "macAddress": "fa:16:3e:00:00:01", "fixedIPs": [{"subnetID": "sub-2", "ipAddress": "10.1.0.9"}],
                  "securityGroups": ["sg-1"], "allowedAddressPairs": [{"ipAddress": "10.1.0.100",
                  "macAddress": "fa:16:3e:00:00:02"}], "tags": ["p"], "vnicType": "normal",
                  "profile": {"k": "v"}, "portSecurity": true, "trunk": false}],
       "floatingIP": "", "availabilityZone": "nova",
       "securityGroups": [{"uuid": "sg-1"}, {"name": "default"}, {"filter": {"name": "machine-api-workers",
                          "tags": "t"}}],
       "userDataSecret": {"name": "worker-user-data"}, "trunk": false, "tags": ["openshiftClusterID=abc"],
       "serverMetadata": {"Name": "worker", "openshiftClusterID": "abc"}, "configDrive": true,
       "rootVolume": {"sourceUUID": "img-1", "volumeType": "fast", "diskSize": 25, "availabilityZone": "cinder-az",
                      "sourceType": "image", "deviceType": "disk"},
       "additionalBlockDevices": [{"name": "etcd", "sizeGiB": 10, "storage": {"type": "Volume",
                                   "volume": {"type": "ssd", "availabilityZone": "az2"}}}],
       "serverGroupID": "", "serverGroupName": "workers", "primarySubnet": "sub-1"}
      """;

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void decodesEveryField() throws Exception {
    OpenstackProviderSpec spec = provider.decode(json(FULL));
    assertThat(spec.credentialsSecret()).contains(new SecretReference("openstack-cloud-credentials",
        Optional.of("openshift-machine-api")));
    assertThat(spec.userDataSecret()).contains(SecretReference.inMachineNamespace("worker-user-data"));
    assertThat(spec.cloudName()).isEqualTo("openstack");
    assertThat(spec.flavor()).isEqualTo("m1.small");
    assertThat(spec.image()).isEqualTo("rhcos");
    assertThat(spec.keyName()).isEqualTo("ops");
    assertThat(spec.networks()).hasSize(3);
    assertThat(spec.networks().get(0).subnets().get(0).portTags()).containsExactly("s");
    assertThat(spec.networks().get(0).profile()).containsEntry("capabilities", "switchdev");
    assertThat(spec.networks().get(1).filter().tagsAny()).isEqualTo("a,b");
    assertThat(spec.networks().get(2).subnets().get(0).filter().gatewayIp()).isEqualTo("10.0.0.1");
    assertThat(spec.networks().get(2).subnets().get(0).filter().ipVersion()).isEqualTo(4);
    OpenstackProviderSpec.PortOpts port = spec.ports().get(0);
    assertThat(port.fixedIPs()).containsExactly(new OpenstackProviderSpec.FixedIp("sub-2", "10.1.0.9"));
    assertThat(port.allowedAddressPairs()).containsExactly(
        new OpenstackProviderSpec.AddressPair("10.1.0.100", "fa:16:3e:00:00:02"));
    assertThat(port.macAddress()).isEqualTo("fa:16:3e:00:00:01");
    assertThat(spec.securityGroups()).hasSize(3);
    assertThat(spec.securityGroups().get(2).filter().name()).isEqualTo("machine-api-workers");
    assertThat(spec.tags()).containsExactly("openshiftClusterID=abc");
    assertThat(spec.serverMetadata()).containsEntry("Name", "worker");
    assertThat(spec.configDrive()).isTrue();
    assertThat(spec.rootVolume().diskSize()).isEqualTo(25);
    assertThat(spec.rootVolume().volumeType()).isEqualTo("fast");
    assertThat(spec.additionalBlockDevices().get(0).storage().volume().type()).isEqualTo("ssd");
    assertThat(spec.serverGroupName()).isEqualTo("workers");
    assertThat(spec.availabilityZone()).isEqualTo("nova");
  }

  @Test
  void missingFieldsAreNamed() {
    assertThatThrownBy(() -> provider.decode(json("{\"kind\": \"OpenstackProviderSpec\"}")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.errors())
            .extracting(FieldError::toString)
            .contains("providerSpec.value.flavor: required", "providerSpec.value.cloudsSecret.name: required",
                "providerSpec.value.cloudName: required", "providerSpec.value.image: required (or rootVolume)"));
  }

  @Test
  void badValuesAreNamedWithTheirPath() {
    String spec = """
        {"cloudsSecret": {"name": "c"}, "cloudName": "openstack", "flavor": "m1.small", "image": "rhcos",
         "networks": [{"vnicType": "fancy"}], "ports": [{"nameSuffix": "a"}, {"networkID": "n", "nameSuffix": "a"}],
         "securityGroups": [{}], "tags": ["a,b"], "serverMetadata": {"a/b": "c"}, "rootVolume": {"diskSize": 0},
         "additionalBlockDevices": [{"name": "root", "sizeGiB": 1, "storage": {"type": "Tape"}}]}
        """;
    assertThatThrownBy(() -> provider.decode(json(spec)))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.errors())
            .extracting(FieldError::path)
            .contains("providerSpec.value.networks[0]", "providerSpec.value.networks[0].vnicType",
                "providerSpec.value.ports[0].networkID", "providerSpec.value.ports[1].nameSuffix",
                "providerSpec.value.securityGroups[0]", "providerSpec.value.tags[0]", "providerSpec.value.serverMetadata",
                "providerSpec.value.rootVolume.diskSize", "providerSpec.value.additionalBlockDevices[0].name",
                "providerSpec.value.additionalBlockDevices[0].storage.type"));
  }

  @Test
  void aWrongTypeNamesTheField() {
    assertThatThrownBy(() -> provider.decode(json("{\"flavor\": \"m1.small\", \"configDrive\": \"yes\"}")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("providerSpec.value.configDrive");
  }

  @Test
  void defaultsFillTheUserDataSecretOnly() {
    JsonNode defaulted = provider.defaults(json("{\"flavor\": \"m1.small\"}"));
    assertThat(defaulted.path("userDataSecret").path("name").asText()).isEqualTo("worker-user-data");
    JsonNode named = json("{\"userDataSecret\": {\"name\": \"mine\"}}");
    assertThat(provider.defaults(named)).isSameAs(named);
    assertThat(provider.defaults(json("{\"userDataSecret\": {}}")).path("userDataSecret").path("name").asText())
        .isEqualTo("worker-user-data");
    assertThat(provider.defaults(null)).isNull();
  }

  @Test
  void deprecatedFieldsAreWarnings() throws Exception {
    List<String> warnings = provider.warnings(provider.decode(json(FULL)));
    assertThat(warnings).anyMatch(w -> w.startsWith("providerSpec.value.sshUserName:"))
        .anyMatch(w -> w.startsWith("providerSpec.value.primarySubnet:"))
        .anyMatch(w -> w.startsWith("providerSpec.value.image: ignored"))
        .anyMatch(w -> w.startsWith("providerSpec.value.additionalBlockDevices:"));
    assertThat(provider.warnings(provider.decode(json("""
        {"cloudsSecret": {"name": "c"}, "cloudName": "o", "flavor": "f", "image": "i"}""")))).isEmpty();
  }

  @Test
  void portNamesFollowTheNetworkOrder() throws Exception {
    OpenstackProviderSpec spec = provider.decode(json(FULL));
    assertThat(PortNames.of(spec, "w-1")).containsExactly("w-1-0", "w-1-1", "w-1-2", "w-1-extra");
  }

  @Test
  void kindAndName() {
    assertThat(provider.name()).isEqualTo("openstack");
    assertThat(provider.providerSpecKinds()).containsExactly("OpenstackProviderSpec");
  }
}
