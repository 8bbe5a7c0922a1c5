package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.MachineContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerRequestTest {
  private final OpenstackMachineProvider provider = new OpenstackMachineProvider();
  private final MachineContext machine = MachineContext.builder("openshift-machine-api", "w-1", "uid-1", "abc-123")
      .build();
  private static final Resolver.Plan PLAN = new Resolver.Plan(new Resolver.Flavor("f-1", "m1.small", 1, 2048, 20),
      "img-1", List.of(), "sg-group-1");

  private OpenstackProviderSpec spec(String extra) throws Exception {
    return provider.decode(OpenstackProviderSpecTest.json("""
        {"cloudsSecret": {"name": "c"}, "cloudName": "openstack", "flavor": "m1.small", "image": "rhcos" %s}
        """.formatted(extra)));
  }

  @Test
  void bootsFromTheImageWithPortsMetadataTagsAndHints() throws Exception {
    OpenstackProviderSpec spec = spec("""
        , "tags": ["extra", "cluster-api-provider-openstack"], "serverMetadata": {"Name": "worker"},
          "availabilityZone": "nova", "configDrive": true, "keyName": "ops"
        """);
    JsonNode body = ServerRequest.build(machine, spec, PLAN, List.of("p-1", "p-2"),
        Optional.of("{\"ignition\":{}}".getBytes(StandardCharsets.UTF_8)));
    JsonNode s = body.path("server");
    assertThat(s.path("name").asText()).isEqualTo("w-1");
    assertThat(s.path("flavorRef").asText()).isEqualTo("f-1");
    assertThat(s.path("imageRef").asText()).isEqualTo("img-1");
    assertThat(s.path("networks").toString()).isEqualTo("[{\"port\":\"p-1\"},{\"port\":\"p-2\"}]");
    assertThat(new String(Base64.getDecoder().decode(s.path("user_data").asText()), StandardCharsets.UTF_8))
        .isEqualTo("{\"ignition\":{}}");
    assertThat(s.path("metadata").toString())
        .isEqualTo("{\"Name\":\"worker\",\"machine-api.io:machine-uid\":\"uid-1\"}");
    assertThat(s.path("tags").toString()).isEqualTo(
        "[\"cluster-api-provider-openstack\",\"openshift-machine-api-abc-123\",\"extra\"]");
    assertThat(s.path("availability_zone").asText()).isEqualTo("nova");
    assertThat(s.path("config_drive").asBoolean()).isTrue();
    assertThat(s.path("key_name").asText()).isEqualTo("ops");
    assertThat(s.has("block_device_mapping_v2")).isFalse();
    assertThat(body.path("os:scheduler_hints").path("group").asText()).isEqualTo("sg-group-1");
    assertThat(ServerRequest.microversion(spec)).isEqualTo("2.52");
  }

  @Test
  void withoutPortsNovaAllocatesTheNetwork() throws Exception {
    JsonNode s = ServerRequest.build(machine, spec(""), new Resolver.Plan(PLAN.flavor(), "img-1", List.of(), null),
        List.of(), Optional.empty()).path("server");
    assertThat(s.path("networks").asText()).isEqualTo("auto");
    assertThat(s.has("user_data")).isFalse();
  }

  @Test
  void aRootVolumeBootsFromABlockDeviceMapping() throws Exception {
    OpenstackProviderSpec spec = spec("""
        , "rootVolume": {"diskSize": 30, "volumeType": "fast"},
          "additionalBlockDevices": [{"name": "etcd", "sizeGiB": 10, "storage": {"type": "Local"}},
                                     {"name": "data", "sizeGiB": 50, "storage": {"type": "Volume",
                                      "volume": {"type": "ssd"}}}]
        """);
    JsonNode body = ServerRequest.build(machine, spec, PLAN, List.of("p-1"), Optional.empty());
    JsonNode s = body.path("server");
    assertThat(s.has("imageRef")).isFalse();
    JsonNode bdm = s.path("block_device_mapping_v2");
    assertThat(bdm).hasSize(3);
    assertThat(bdm.get(0).toString()).isEqualTo("{\"boot_index\":0,\"uuid\":\"img-1\",\"source_type\":\"image\","
        + "\"destination_type\":\"volume\",\"volume_size\":30,\"volume_type\":\"fast\",\"delete_on_termination\":true}");
    assertThat(bdm.get(1).path("destination_type").asText()).isEqualTo("local");
    assertThat(bdm.get(1).path("volume_size").asInt()).isEqualTo(10);
    assertThat(bdm.get(2).path("volume_type").asText()).isEqualTo("ssd");
    assertThat(bdm.get(2).path("boot_index").asInt()).isEqualTo(-1);
    assertThat(ServerRequest.microversion(spec)).isEqualTo("2.67");
  }

  @Test
  void theDeprecatedSourceUuidIsTheRootVolumeSource() throws Exception {
    OpenstackProviderSpec spec = spec(", \"rootVolume\": {\"diskSize\": 30, \"sourceUUID\": \"img-by-uuid\"}");
    JsonNode bdm = ServerRequest.build(machine, spec, PLAN, List.of(), Optional.empty())
        .path("server").path("block_device_mapping_v2");
    assertThat(bdm.get(0).path("uuid").asText()).isEqualTo("img-by-uuid");
    assertThat(ServerRequest.microversion(spec)).isEqualTo("2.52");
  }

  @Test
  void portBodiesCarryEveryPortOption() {
    Resolver.PortPlan plan = new Resolver.PortPlan("w-1-extra", "net-2",
        List.of(new OpenstackProviderSpec.FixedIp("sub-2", "10.1.0.9")), List.of("sg-1"),
        List.of(new OpenstackProviderSpec.AddressPair("10.1.0.100", "fa:16:3e:00:00:02")), true, "direct",
        Map.of("capabilities", "switchdev"), List.of("t"), true, "second nic", false, "fa:16:3e:00:00:01");
    JsonNode p = Ports.body(plan).path("port");
    assertThat(p.path("network_id").asText()).isEqualTo("net-2");
    assertThat(p.path("name").asText()).isEqualTo("w-1-extra");
    assertThat(p.path("fixed_ips").toString()).isEqualTo("[{\"subnet_id\":\"sub-2\",\"ip_address\":\"10.1.0.9\"}]");
    assertThat(p.path("security_groups").toString()).isEqualTo("[\"sg-1\"]");
    assertThat(p.path("allowed_address_pairs").toString())
        .isEqualTo("[{\"ip_address\":\"10.1.0.100\",\"mac_address\":\"fa:16:3e:00:00:02\"}]");
    assertThat(p.path("port_security_enabled").asBoolean()).isTrue();
    assertThat(p.path("binding:vnic_type").asText()).isEqualTo("direct");
    assertThat(p.path("binding:profile").path("capabilities").asText()).isEqualTo("switchdev");
    assertThat(p.path("description").asText()).isEqualTo("second nic");
    assertThat(p.path("admin_state_up").asBoolean(true)).isFalse();
    assertThat(p.path("mac_address").asText()).isEqualTo("fa:16:3e:00:00:01");
    assertThat(p.has("tags")).as("tags are set with PUT /tags after the create").isFalse();
  }

  @Test
  void withoutPortSecurityNoGroupsOrPairsAreSent() {
    Resolver.PortPlan plan = new Resolver.PortPlan("w-1-0", "net-1", List.of(), List.of("sg-1"),
        List.of(new OpenstackProviderSpec.AddressPair("10.0.0.9", null)), false, null, null, List.of(), false, null,
        null, null);
    JsonNode p = Ports.body(plan).path("port");
    assertThat(p.path("port_security_enabled").asBoolean(true)).isFalse();
    assertThat(p.has("security_groups")).isFalse();
    assertThat(p.has("allowed_address_pairs")).isFalse();
  }

  @Test
  void gpusFromFlavorExtraSpecs() {
    assertThat(OpenstackMachineProvider.gpus(Map.of())).isZero();
    assertThat(OpenstackMachineProvider.gpus(Map.of("resources:VGPU", "2"))).isEqualTo(2);
    assertThat(OpenstackMachineProvider.gpus(Map.of("pci_passthrough:alias", "a100:2, t4:1"))).isEqualTo(3);
    assertThat(OpenstackMachineProvider.gpus(Map.of("pci_passthrough:alias", "a100"))).isEqualTo(1);
    assertThat(OpenstackMachineProvider.gpus(Map.of("resources:VGPU", "x"))).isZero();
  }
}
