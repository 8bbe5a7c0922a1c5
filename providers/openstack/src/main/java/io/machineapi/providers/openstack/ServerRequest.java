package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.providers.openstack.OpenstackProviderSpec.AdditionalBlockDevice;
import io.machineapi.providers.openstack.OpenstackProviderSpec.RootVolume;
import io.machineapi.spi.MachineContext;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Nova create body of a Machine's server ({@code POST /servers} at microversion
 * {@value OpenstackApis#COMPUTE_MICROVERSION}, or {@value #VOLUME_TYPE_MICROVERSION} when a volume type is asked):
 * name = Machine name, flavor, image (or {@code block_device_mapping_v2} for {@code rootVolume}), the ports as
 * {@code networks: [{port: id}]} ({@code "auto"} when the spec names none: 2.37+ requires {@code networks}), user
 * data base64, metadata = {@code serverMetadata} + {@value #UID_METADATA}, tags = {@value #CLUSTER_TAG},
 * {@code <namespace>-<clusterID>} + the spec's, availability zone, config drive, key pair, scheduler hint
 * {@code group}.
 */
final class ServerRequest {
  /**
   * Metadata key carrying the Machine's UID on every server this provider creates. Nova allows only
   * {@code [a-zA-Z0-9-_:. ]} in metadata keys, so the project's usual {@code machine-api.io/machine-uid} is spelt with
   * a colon here.
   */
  static final String UID_METADATA = "machine-api.io:machine-uid";
  static final String CLUSTER_TAG = "cluster-api-provider-openstack";
  /** {@code volume_type} in a block device mapping needs 2.67. */
  static final String VOLUME_TYPE_MICROVERSION = "2.67";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerRequest() {}

  /** The tag every server of the Machine's cluster carries: {@code <namespace>-<clusterID>}. */
  static String clusterTag(MachineContext machine) {
    return machine.namespace() + "-" + machine.clusterId();
  }

  static List<String> tags(MachineContext machine, OpenstackProviderSpec spec) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add(CLUSTER_TAG);
    tags.add(clusterTag(machine));
    tags.addAll(spec.tagsOrEmpty());
    return List.copyOf(tags);
  }

  /** The microversion the create needs. */
  static String microversion(OpenstackProviderSpec spec) {
    boolean volumeType = spec.rootVolume() != null && OpenstackProviderSpec.set(spec.rootVolume().volumeType())
        || spec.additionalBlockDevicesOrEmpty().stream().anyMatch(d -> d.storage() != null
            && d.storage().volume() != null && OpenstackProviderSpec.set(d.storage().volume().type()));
    return volumeType ? VOLUME_TYPE_MICROVERSION : OpenstackApis.COMPUTE_MICROVERSION;
  }

  static ObjectNode build(MachineContext machine, OpenstackProviderSpec spec, Resolver.Plan plan,
      List<String> portIds, Optional<byte[]> userData) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode s = root.putObject("server");
    s.put("name", machine.name());
    s.put("flavorRef", plan.flavor().id());
    RootVolume rv = spec.rootVolume();
    if (rv == null) {
      s.put("imageRef", plan.imageId());
    }
    if (portIds.isEmpty()) {
      s.put("networks", "auto");
    } else {
      ArrayNode nets = s.putArray("networks");
      portIds.forEach(id -> nets.addObject().put("port", id));
    }
    userData.ifPresent(d -> s.put("user_data", Base64.getEncoder().encodeToString(d)));
    Map<String, String> metadata = new LinkedHashMap<>(spec.serverMetadataOrEmpty());
    metadata.put(UID_METADATA, machine.uid());
    ObjectNode md = s.putObject("metadata");
    metadata.forEach(md::put);
    tags(machine, spec).forEach(s.putArray("tags")::add);
    if (OpenstackProviderSpec.set(spec.availabilityZone())) {
      s.put("availability_zone", spec.availabilityZone());
    }
    if (Boolean.TRUE.equals(spec.configDrive())) {
      s.put("config_drive", true);
    }
    if (OpenstackProviderSpec.set(spec.keyName())) {
      s.put("key_name", spec.keyName());
    }
    if (rv != null || !spec.additionalBlockDevicesOrEmpty().isEmpty()) {
      ArrayNode bdm = s.putArray("block_device_mapping_v2");
      if (rv != null) {
        ObjectNode root0 = bdm.addObject();
        root0.put("boot_index", 0);
        root0.put("uuid", OpenstackProviderSpec.set(rv.sourceUUID()) ? rv.sourceUUID() : plan.imageId());
        root0.put("source_type", "image");
        root0.put("destination_type", "volume");
        root0.put("volume_size", rv.diskSize());
        if (OpenstackProviderSpec.set(rv.volumeType())) {
          root0.put("volume_type", rv.volumeType());
        }
        root0.put("delete_on_termination", true);
      } else {
        // With extra devices Nova needs the image as the boot device too.
        ObjectNode image = bdm.addObject();
        image.put("boot_index", 0);
        image.put("uuid", plan.imageId());
        image.put("source_type", "image");
        image.put("destination_type", "local");
        image.put("delete_on_termination", true);
      }
      for (AdditionalBlockDevice d : spec.additionalBlockDevicesOrEmpty()) {
        boolean local = d.storage() != null && "Local".equals(d.storage().type());
        ObjectNode dev = bdm.addObject();
        dev.put("boot_index", -1);
        dev.put("source_type", "blank");
        dev.put("destination_type", local ? "local" : "volume");
        dev.put("volume_size", d.sizeGiB());
        dev.put("tag", d.name());
        if (!local && d.storage() != null && d.storage().volume() != null
            && OpenstackProviderSpec.set(d.storage().volume().type())) {
          dev.put("volume_type", d.storage().volume().type());
        }
        dev.put("delete_on_termination", true);
      }
    }
    if (plan.serverGroupId() != null) {
      root.putObject("os:scheduler_hints").put("group", plan.serverGroupId());
    }
    return root;
  }
}
