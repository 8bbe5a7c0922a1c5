package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.CloneMode;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.ProvisioningMode;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VSphereMachineProviderSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final VsphereMachineProvider provider = new VsphereMachineProvider();

  /** Every field of OpenShift's VSphereMachineProviderSpec, as a MachineSet carries it. */
  static final String FULL = """
      {"apiVersion": "machine.openshift.io/v1beta1", "kind": "VSphereMachineProviderSpec",
       "metadata": {"creationTimestamp": null},
       "userDataSecret": {"name": "worker-user-data"},
       "credentialsSecret": {"name": "vsphere-cloud-credentials"},
       "template": "/DC0/vm/rhcos-template",
       "workspace": {"server": "vcenter.example.com", "datacenter": "DC0", "folder": "/DC0/vm/ocp",
                     "datastore": "/DC0/datastore/LocalDS_0", "resourcePool": "/DC0/host/DC0_C0/Resources"},
       "network": {"devices": [
         {"networkName": "VM Network", "gateway": "192.168.1.1", "ipAddrs": ["192.168.1.10/24"],
          "nameservers": ["192.168.1.2"]},
         {"networkName": "DC0_DVPG0", "gateway": "fd00::1", "ipAddrs": ["fd00::10/64"],
          "addressesFromPools": [{"group": "ipam.cluster.x-k8s.io", "resource": "IPPool", "name": "pool"}]}]},
       "numCPUs": 4, "numCoresPerSocket": 2, "memoryMiB": 16384, "diskGiB": 120,
       "tagIDs": ["urn:vmomi:InventoryServiceTag:5736bf56-49f5-4667-b38c-b97e09dc9578:GLOBAL"],
       "snapshot": "base", "cloneMode": "linkedClone",
       "dataDisks": [{"name": "etcd", "sizeGiB": 20, "provisioningMode": "Thin"},
                     {"name": "logs", "sizeGiB": 1, "provisioningMode": "EagerlyZeroed"},
                     {"name": "data", "sizeGiB": 16384}]}
      """;

  static ObjectNode json(String s) {
    try {
      return (ObjectNode) JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> paths(InvalidConfigurationException e) {
    return e.errors().stream().map(FieldError::path).toList();
  }

  @Test
  void decodesEveryField() throws Exception {
    VSphereMachineProviderSpec spec = provider.decode(json(FULL));
    assertThat(spec.userDataSecret()).contains(SecretReference.inMachineNamespace("worker-user-data"));
    assertThat(spec.credentialsSecret()).contains(SecretReference.inMachineNamespace("vsphere-cloud-credentials"));
    assertThat(spec.template()).isEqualTo("/DC0/vm/rhcos-template");
    assertThat(spec.workspace()).isEqualTo(new VSphereMachineProviderSpec.Workspace("vcenter.example.com", "DC0",
        "/DC0/vm/ocp", "/DC0/datastore/LocalDS_0", "/DC0/host/DC0_C0/Resources", null));
    assertThat(spec.devices()).hasSize(2);
    assertThat(spec.devices().get(0).ipAddrs()).containsExactly("192.168.1.10/24");
    assertThat(spec.devices().get(0).nameservers()).containsExactly("192.168.1.2");
    assertThat(spec.devices().get(1).addressesFromPools()).containsExactly(
        new VSphereMachineProviderSpec.AddressesFromPool("ipam.cluster.x-k8s.io", "IPPool", "pool"));
    assertThat(spec.cpus()).isEqualTo(4);
    assertThat(spec.coresPerSocket()).isEqualTo(2);
    assertThat(spec.memory()).isEqualTo(16384);
    assertThat(spec.disk()).isEqualTo(120);
    assertThat(spec.tagIdsOrEmpty()).hasSize(1);
    assertThat(spec.snapshot()).isEqualTo("base");
    assertThat(spec.cloneMode()).isEqualTo(CloneMode.LINKED_CLONE);
    assertThat(spec.linkedClone()).isTrue();
    assertThat(spec.dataDisksOrEmpty()).extracting(VSphereMachineProviderSpec.DataDisk::provisioningMode)
        .containsExactly(ProvisioningMode.THIN, ProvisioningMode.EAGERLY_ZEROED, null);
  }

  @Test
  void acceptsTheLegacyGroupAndRefusesOthers() throws Exception {
    assertThat(provider.decode(json(FULL).put("apiVersion", "vsphereprovider.openshift.io/v1beta1")).cpus())
        .isEqualTo(4);
    assertThatThrownBy(() -> provider.decode(json(FULL).put("apiVersion", "machine.openshift.io/v1alpha1")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(paths(e)).containsExactly("providerSpec.value.apiVersion"));
  }

  @Test
  void requiredFieldsAreNamed() {
    assertThatThrownBy(() -> provider.decode(json("{\"kind\": \"VSphereMachineProviderSpec\"}")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(paths(e)).containsExactly(
            "providerSpec.value.template", "providerSpec.value.credentialsSecret.name",
            "providerSpec.value.userDataSecret.name", "providerSpec.value.workspace.server"));
    assertThatThrownBy(() -> provider.decode(null)).isInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  void limitsAreEnforcedWithFieldPaths() {
    ObjectNode spec = json(FULL);
    ArrayNode devices = spec.withObject("/network").putArray("devices");
    for (int i = 0; i < 11; i++) {
      devices.addObject().put("networkName", "net-" + i);
    }
    ((ObjectNode) devices.get(3)).put("networkName", "n".repeat(81));
    ((ObjectNode) devices.get(4)).putArray("ipAddrs").add("192.168.1.300/24").add("10.0.0.1");
    ((ObjectNode) devices.get(5)).put("gateway", "gateway.example.com");
    ((ObjectNode) devices.get(6)).remove("networkName");
    ArrayNode disks = spec.putArray("dataDisks");
    for (int i = 0; i < 30; i++) {
      disks.addObject().put("name", "d" + i).put("sizeGiB", 1);
    }
    ((ObjectNode) disks.get(0)).put("sizeGiB", 0);
    ((ObjectNode) disks.get(1)).put("sizeGiB", 16385);
    ((ObjectNode) disks.get(2)).put("name", "d3");
    ArrayNode tags = spec.putArray("tagIDs");
    for (int i = 0; i < 11; i++) {
      tags.add("urn:vmomi:InventoryServiceTag:5736bf56-49f5-4667-b38c-b97e09dc9578:GLOBAL");
    }
    tags.set(2, JSON.getNodeFactory().textNode("my-tag"));
    spec.put("numCPUs", 3).put("numCoresPerSocket", 2);
    spec.withObject("/workspace").put("vmGroup", "group");
    assertThatThrownBy(() -> provider.decode(spec))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(paths(e)).contains(
            "providerSpec.value.network.devices", "providerSpec.value.network.devices[3].networkName",
            "providerSpec.value.network.devices[4].ipAddrs[0]", "providerSpec.value.network.devices[4].ipAddrs[1]",
            "providerSpec.value.network.devices[5].gateway", "providerSpec.value.network.devices[6].networkName",
            "providerSpec.value.dataDisks", "providerSpec.value.dataDisks[0].sizeGiB",
            "providerSpec.value.dataDisks[1].sizeGiB", "providerSpec.value.dataDisks[3].name",
            "providerSpec.value.tagIDs", "providerSpec.value.tagIDs[2]", "providerSpec.value.numCoresPerSocket",
            "providerSpec.value.workspace.vmGroup"));
  }

  @Test
  void enumsAndTypesAreCheckedByTheDecoder() {
    assertThatThrownBy(() -> provider.decode(json(FULL).put("cloneMode", "instantClone")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(paths(e)).containsExactly("providerSpec.value.cloneMode"));
    ObjectNode bad = json(FULL);
    ((ObjectNode) bad.get("dataDisks").get(0)).put("provisioningMode", "Sparse");
    assertThatThrownBy(() -> provider.decode(bad)).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(paths(e)).containsExactly("providerSpec.value.dataDisks[0].provisioningMode"));
    assertThatThrownBy(() -> provider.decode(json(FULL).put("numCPUs", "four")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(paths(e)).containsExactly("providerSpec.value.numCPUs"));
  }

  @Test
  void defaultsFillInTheSecretsOnly() {
    ObjectNode bare = json("{\"kind\": \"VSphereMachineProviderSpec\", \"template\": \"t\", "
        + "\"userDataSecret\": {}}");
    JsonNode defaulted = provider.defaults(bare);
    assertThat(defaulted.at("/userDataSecret/name").asText()).isEqualTo("worker-user-data");
    assertThat(defaulted.at("/credentialsSecret/name").asText()).isEqualTo("vsphere-cloud-credentials");
    assertThat(bare.has("credentialsSecret")).isFalse();
    ObjectNode full = json(FULL);
    full.withObject("/credentialsSecret").put("name", "mine");
    assertThat(provider.defaults(full)).isSameAs(full);
    assertThat(provider.defaults(null)).isNull();
    JsonNode text = JSON.getNodeFactory().textNode("x");
    assertThat(provider.defaults(text)).isSameAs(text);
  }

  @Test
  void warnsAboutLowSizingAndWhatIsNotApplied() throws Exception {
    ObjectNode small = json(FULL).put("numCPUs", 1).put("memoryMiB", 1024).put("diskGiB", 60);
    small.remove("numCoresPerSocket");
    assertThat(provider.warnings(provider.decode(small))).anyMatch(w -> w.startsWith("providerSpec.value.numCPUs"))
        .anyMatch(w -> w.startsWith("providerSpec.value.memoryMiB"))
        .anyMatch(w -> w.startsWith("providerSpec.value.diskGiB"))
        .anyMatch(w -> w.startsWith("providerSpec.value.tagIDs"))
        .anyMatch(w -> w.startsWith("providerSpec.value.network.devices[1].addressesFromPools"));
    ObjectNode fine = json(FULL);
    fine.remove("tagIDs");
    fine.withObject("/network").putArray("devices").addObject().put("networkName", "VM Network");
    assertThat(provider.warnings(provider.decode(fine))).isEmpty();
  }

  @Test
  void capacityComesFromTheSpecWithoutACall() throws Exception {
    Optional<InstanceCapacity> c = provider.capacity(provider.decode(json(FULL)), ResolvedSecrets.none());
    assertThat(c).get().satisfies(cap -> {
      assertThat(cap.vcpus()).isEqualTo(4);
      assertThat(cap.memoryMiB()).isEqualTo(16384);
      assertThat(cap.gpus()).isZero();
    });
    ObjectNode noCpus = json(FULL);
    noCpus.remove(List.of("numCPUs", "numCoresPerSocket"));
    assertThat(provider.capacity(provider.decode(noCpus), ResolvedSecrets.none())).isEmpty();
  }
}
