package io.machineapi.providers.openstack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code OpenstackProviderSpec} ({@code machine.openshift.io/v1alpha1}) as OpenShift writes it. Unknown fields are
 * ignored (lenient decoding); deprecated fields are decoded and reported as warnings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenstackProviderSpec(
    @JsonProperty("cloudsSecret") SecretRef cloudsSecretRef,
    String cloudName,
    String flavor,
    String image,
    String keyName,
    String sshUserName,
    List<NetworkParam> networks,
    List<PortOpts> ports,
    String floatingIP,
    String availabilityZone,
    List<SecurityGroupParam> securityGroups,
    @JsonProperty("userDataSecret") SecretRef userDataSecretRef,
    Boolean trunk,
    List<String> tags,
    Map<String, String> serverMetadata,
    Boolean configDrive,
    RootVolume rootVolume,
    List<AdditionalBlockDevice> additionalBlockDevices,
    String serverGroupID,
    String serverGroupName,
    String primarySubnet) implements ProviderSpec {

  public static final String KIND = "OpenstackProviderSpec";
  public static final String API_VERSION = "machine.openshift.io/v1alpha1";
  /** The vNIC types Neutron's port binding extension knows. */
  private static final java.util.regex.Pattern METADATA_KEY = java.util.regex.Pattern.compile("[a-zA-Z0-9-_:. ]{1,255}");
  static final Set<String> VNIC_TYPES = Set.of("normal", "direct", "macvtap", "baremetal", "direct-physical",
      "virtio-forwarder", "smart-nic", "remote-managed", "vdpa", "accelerator-direct",
      "accelerator-direct-physical");

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(String name, String namespace) {}

  /** A network by uuid or filter, or the subnets (by uuid or filter) to put ports in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkParam(String uuid, String fixedIp, NetworkFilter filter, List<SubnetParam> subnets,
      Boolean noAllowedAddressPairs, List<String> portTags, String vnicType, Map<String, String> profile,
      Boolean portSecurity) {
    public List<SubnetParam> subnetsOrEmpty() {
      return subnets == null ? List.of() : subnets;
    }
  }

  /** Neutron network query; {@code tags*} are comma-separated lists, as in OpenShift's API. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkFilter(String name, String description, String projectId, String tenantId, String tags,
      String tagsAny, String notTags, String notTagsAny, String id, String status, Boolean adminStateUp,
      Boolean shared, Integer limit, String marker, String sortKey, String sortDir) {

    /** No field set ({@code filter: {}}), as OpenShift's installer writes it beside a subnet filter. */
    public boolean isEmpty() {
      return Stream.of(name, description, projectId, tenantId, tags, tagsAny, notTags, notTagsAny, id,
          status, adminStateUp, shared, limit, marker, sortKey, sortDir).allMatch(Objects::isNull);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SubnetParam(String uuid, SubnetFilter filter, List<String> portTags, Boolean portSecurity) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SubnetFilter(String name, String description, String networkId, String projectId, String tenantId,
      Integer ipVersion, @JsonProperty("gateway_ip") String gatewayIp, String cidr, String ipv6AddressMode,
      String ipv6RaMode, String id, Boolean enableDhcp, String subnetpoolId, String tags, String tagsAny,
      String notTags, String notTagsAny) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortOpts(String networkID, String nameSuffix, String description, Boolean adminStateUp,
      String macAddress, List<FixedIp> fixedIPs, String tenantID, String projectID, List<String> securityGroups,
      List<AddressPair> allowedAddressPairs, List<String> tags, String vnicType, Map<String, String> profile,
      Boolean portSecurity, Boolean trunk, String hostID) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FixedIp(String subnetID, String ipAddress) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AddressPair(String ipAddress, String macAddress) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecurityGroupParam(String uuid, String name, SecurityGroupFilter filter) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecurityGroupFilter(String id, String name, String description, String projectId, String tenantId,
      String tags, String tagsAny, String notTags, String notTagsAny, Integer limit, String marker, String sortKey,
      String sortDir) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RootVolume(String sourceUUID, String volumeType, Integer diskSize, String availabilityZone,
      String sourceType, String deviceType) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AdditionalBlockDevice(String name, Integer sizeGiB, BlockDeviceStorage storage) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BlockDeviceStorage(String type, BlockDeviceVolume volume) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BlockDeviceVolume(String type, String availabilityZone) {}

  @Override
  public Optional<SecretReference> userDataSecret() {
    return ref(userDataSecretRef);
  }

  /** The Secret with {@code clouds.yaml} (and optionally {@code cacert}). */
  @Override
  public Optional<SecretReference> credentialsSecret() {
    return ref(cloudsSecretRef);
  }

  private static Optional<SecretReference> ref(SecretRef r) {
    return r == null || r.name() == null || r.name().isBlank() ? Optional.empty()
        : Optional.of(new SecretReference(r.name(), Optional.ofNullable(r.namespace())));
  }

  public List<NetworkParam> networksOrEmpty() {
    return networks == null ? List.of() : networks;
  }

  public List<PortOpts> portsOrEmpty() {
    return ports == null ? List.of() : ports;
  }

  public List<SecurityGroupParam> securityGroupsOrEmpty() {
    return securityGroups == null ? List.of() : securityGroups;
  }

  public List<String> tagsOrEmpty() {
    return tags == null ? List.of() : tags;
  }

  public Map<String, String> serverMetadataOrEmpty() {
    return serverMetadata == null ? Map.of() : serverMetadata;
  }

  public List<AdditionalBlockDevice> additionalBlockDevicesOrEmpty() {
    return additionalBlockDevices == null ? List.of() : additionalBlockDevices;
  }

  static boolean set(String s) {
    return s != null && !s.isBlank();
  }

  /** Value checks the schema cannot express; every problem is reported with its field path. */
  void validate() throws InvalidConfigurationException {
    FieldErrors errors = FieldErrors.forProviderSpec();
    errors.check(set(flavor), "flavor", "required");
    errors.check(cloudsSecretRef != null && set(cloudsSecretRef.name()), "cloudsSecret.name", "required");
    errors.check(set(cloudName), "cloudName", "required");
    if (rootVolume == null) {
      errors.check(set(image), "image", "required (or rootVolume)");
    } else {
      errors.check(set(rootVolume.sourceUUID()) || set(image), "rootVolume.sourceUUID",
          "required when image is not set");
      errors.check(rootVolume.diskSize() != null && rootVolume.diskSize() > 0, "rootVolume.diskSize",
          "must be a positive number of GiB");
    }
    List<NetworkParam> nets = networksOrEmpty();
    for (int i = 0; i < nets.size(); i++) {
      NetworkParam n = nets.get(i);
      String p = "networks[" + i + "]";
      errors.check(set(n.uuid()) || n.filter() != null || !n.subnetsOrEmpty().isEmpty(), p,
          "one of uuid, filter or subnets is required");
      vnic(errors, n.vnicType(), p + ".vnicType");
      for (int j = 0; j < n.subnetsOrEmpty().size(); j++) {
        SubnetParam s = n.subnetsOrEmpty().get(j);
        errors.check(set(s.uuid()) || s.filter() != null, p + ".subnets[" + j + "]", "uuid or filter is required");
      }
    }
    List<PortOpts> ps = portsOrEmpty();
    Set<String> suffixes = new java.util.HashSet<>();
    for (int i = 0; i < ps.size(); i++) {
      PortOpts o = ps.get(i);
      String p = "ports[" + i + "]";
      errors.check(set(o.networkID()), p + ".networkID", "required");
      vnic(errors, o.vnicType(), p + ".vnicType");
      if (set(o.nameSuffix())) {
        errors.check(suffixes.add(o.nameSuffix()), p + ".nameSuffix", "duplicate: " + o.nameSuffix());
      }
      List<FixedIp> fixed = o.fixedIPs() == null ? List.of() : o.fixedIPs();
      for (int j = 0; j < fixed.size(); j++) {
        errors.check(set(fixed.get(j).subnetID()) || set(fixed.get(j).ipAddress()), p + ".fixedIPs[" + j + "]",
            "subnetID or ipAddress is required");
      }
      List<AddressPair> pairs = o.allowedAddressPairs() == null ? List.of() : o.allowedAddressPairs();
      for (int j = 0; j < pairs.size(); j++) {
        errors.check(set(pairs.get(j).ipAddress()), p + ".allowedAddressPairs[" + j + "].ipAddress", "required");
      }
    }
    List<SecurityGroupParam> groups = securityGroupsOrEmpty();
    for (int i = 0; i < groups.size(); i++) {
      SecurityGroupParam g = groups.get(i);
      errors.check(set(g.uuid()) || set(g.name()) || g.filter() != null, "securityGroups[" + i + "]",
          "one of uuid, name or filter is required");
    }
    List<AdditionalBlockDevice> devices = additionalBlockDevicesOrEmpty();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < devices.size(); i++) {
      AdditionalBlockDevice d = devices.get(i);
      String p = "additionalBlockDevices[" + i + "]";
      errors.check(set(d.name()), p + ".name", "required");
      errors.check(!"root".equals(d.name()), p + ".name", "root is reserved for the root volume");
      errors.check(d.name() == null || names.add(d.name()), p + ".name", "duplicate: " + d.name());
      errors.check(d.sizeGiB() != null && d.sizeGiB() > 0, p + ".sizeGiB", "must be a positive number of GiB");
      if (d.storage() != null && set(d.storage().type())) {
        errors.check(List.of("Volume", "Local").contains(d.storage().type()), p + ".storage.type",
            "must be Volume or Local, got " + d.storage().type());
      }
    }
    serverMetadataOrEmpty().forEach((k, v) -> {
      errors.check(k != null && METADATA_KEY.matcher(k).matches(), "serverMetadata",
          "key \"" + k + "\" must be 1-255 of a-z, A-Z, 0-9, '-', '_', ':', '.' and ' ' (Nova's rule)");
      errors.check(v == null || v.length() <= 255, "serverMetadata." + k, "must be at most 255 characters");
    });
    List<String> t = tagsOrEmpty();
    for (int i = 0; i < t.size(); i++) {
      String tag = t.get(i);
      errors.check(set(tag) && tag.length() <= 60 && !tag.contains(",") && !tag.contains("/"), "tags[" + i + "]",
          "must be 1-60 characters without ',' or '/' (Nova's rule)");
    }
    errors.throwIfAny();
  }

  private static void vnic(FieldErrors errors, String vnicType, String path) {
    if (set(vnicType)) {
      errors.check(VNIC_TYPES.contains(vnicType), path, "unknown vnic type " + vnicType);
    }
  }

  /** Soft problems: deprecated fields that are ignored, and what this provider does not apply. */
  List<String> warnings() {
    List<String> out = new ArrayList<>();
    String base = FieldErrors.PROVIDER_SPEC_VALUE + ".";
    if (set(sshUserName)) {
      out.add(base + "sshUserName: deprecated and ignored");
    }
    if (set(primarySubnet)) {
      out.add(base + "primarySubnet: deprecated and ignored");
    }
    if (set(floatingIP)) {
      out.add(base + "floatingIP: deprecated and not applied (unsafe in a MachineSet)");
    }
    if (rootVolume != null && set(rootVolume.sourceUUID()) && set(image)) {
      out.add(base + "image: ignored because rootVolume.sourceUUID is set");
    }
    if (!additionalBlockDevicesOrEmpty().isEmpty()) {
      out.add(base + "additionalBlockDevices: sent as block_device_mapping_v2 entries; untested against Cinder");
    }
    for (int i = 0; i < networksOrEmpty().size(); i++) {
      if (set(networksOrEmpty().get(i).fixedIp())) {
        out.add(base + "networks[" + i + "].fixedIp: deprecated and ignored");
      }
    }
    return out;
  }
}
