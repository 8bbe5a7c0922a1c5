package io.machineapi.providers.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.util.List;
import java.util.Optional;

/**
 * {@code AWSMachineProviderConfig} ({@code machine.openshift.io/v1beta1}) as OpenShift writes it: the fields EC2 can
 * express (see the README of this module for those not applied yet). Unknown fields are ignored (lenient decoding).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AwsMachineProviderConfig(
    AwsResourceReference ami,
    String instanceType,
    List<TagSpec> tags,
    AwsResourceReference iamInstanceProfile,
    @JsonProperty("userDataSecret") NameRef userDataSecretRef,
    @JsonProperty("credentialsSecret") NameRef credentialsSecretRef,
    String keyName,
    Long deviceIndex,
    Boolean publicIp,
    String networkInterfaceType,
    List<AwsResourceReference> securityGroups,
    AwsResourceReference subnet,
    Placement placement,
    List<BlockDevice> blockDevices,
    SpotMarketOptions spotMarketOptions,
    MetadataServiceOptions metadataServiceOptions,
    List<LoadBalancerReference> loadBalancers,
    String placementGroupName,
    Integer placementGroupPartition,
    String capacityReservationId,
    String marketType,
    CpuOptions cpuOptions) implements ProviderSpec {

  public static final String KIND = "AWSMachineProviderConfig";
  public static final String DEFAULT_INSTANCE_TYPE = "m5.large";

  /** One of id, arn or filters. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AwsResourceReference(String id, String arn, List<Filter> filters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Filter(String name, List<String> values) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TagSpec(String name, String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NameRef(String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Placement(String region, String availabilityZone, String tenancy, HostPlacement host) {}

  /** Dedicated hosts: {@code affinity} AnyAvailable / DedicatedHost and the host to use. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HostPlacement(String affinity, DedicatedHost dedicatedHost) {}

  /** Only {@code allocationStrategy: UserProvided} (an existing host {@code id}) is applied. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DedicatedHost(String allocationStrategy, String id) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CpuOptions(String confidentialCompute) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BlockDevice(String deviceName, Ebs ebs, String noDevice, String virtualName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ebs(Long volumeSize, String volumeType, Long iops, Long throughputMib, Boolean encrypted,
      AwsResourceReference kmsKey) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpotMarketOptions(String maxPrice) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MetadataServiceOptions(String authentication) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LoadBalancerReference(String name, String type) {}

  @Override
  public Optional<SecretReference> userDataSecret() {
    return userDataSecretRef == null || userDataSecretRef.name() == null ? Optional.empty()
        : Optional.of(new SecretReference(userDataSecretRef.name(), Optional.empty()));
  }

  @Override
  public Optional<SecretReference> credentialsSecret() {
    return credentialsSecretRef == null || credentialsSecretRef.name() == null ? Optional.empty()
        : Optional.of(new SecretReference(credentialsSecretRef.name(), Optional.empty()));
  }

  public String instanceTypeOrDefault() {
    return instanceType == null || instanceType.isBlank() ? DEFAULT_INSTANCE_TYPE : instanceType;
  }

  public List<TagSpec> tagsOrEmpty() {
    return tags == null ? List.of() : tags;
  }

  public List<AwsResourceReference> securityGroupsOrEmpty() {
    return securityGroups == null ? List.of() : securityGroups;
  }

  public List<LoadBalancerReference> loadBalancersOrEmpty() {
    return loadBalancers == null ? List.of() : loadBalancers;
  }

  public List<BlockDevice> blockDevicesOrEmpty() {
    return blockDevices == null ? List.of() : blockDevices;
  }

  /** Value checks the schema cannot express; every problem is reported with its field path. */
  void validate() throws InvalidConfigurationException {
    FieldErrors errors = FieldErrors.forProviderSpec();
    reference(errors, ami, "ami", true);
    reference(errors, subnet, "subnet", false);
    List<AwsResourceReference> groups = securityGroupsOrEmpty();
    for (int i = 0; i < groups.size(); i++) {
      reference(errors, groups.get(i), "securityGroups[" + i + "]", true);
    }
    if (iamInstanceProfile != null) {
      errors.check(iamInstanceProfile.id() != null && !iamInstanceProfile.id().isBlank(), "iamInstanceProfile.id",
          "must be set (only the id, the instance-profile name, is used)");
    }
    if (networkInterfaceType != null && !networkInterfaceType.isEmpty()) {
      errors.check(networkInterfaceType.equals("ENA") || networkInterfaceType.equals("EFA"),
          "networkInterfaceType", "must be ENA or EFA, got " + networkInterfaceType);
    }
    if (placement != null && placement.tenancy() != null && !placement.tenancy().isEmpty()) {
      errors.check(List.of("default", "dedicated", "host").contains(placement.tenancy()), "placement.tenancy",
          "must be default, dedicated or host, got " + placement.tenancy());
    }
    if (metadataServiceOptions != null && metadataServiceOptions.authentication() != null
        && !metadataServiceOptions.authentication().isEmpty()) {
      errors.check(List.of("Required", "Optional").contains(metadataServiceOptions.authentication()),
          "metadataServiceOptions.authentication", "must be Required or Optional");
    }
    validatePlacement(errors);
    List<LoadBalancerReference> lbs = loadBalancersOrEmpty();
    for (int i = 0; i < lbs.size(); i++) {
      LoadBalancerReference lb = lbs.get(i);
      errors.check(lb.name() != null && !lb.name().isBlank(), "loadBalancers[" + i + "].name", "must be set");
      errors.check("classic".equals(lb.type()) || "network".equals(lb.type()), "loadBalancers[" + i + "].type",
          "must be classic or network, got " + lb.type());
    }
    List<BlockDevice> devices = blockDevicesOrEmpty();
    int roots = 0;
    for (int i = 0; i < devices.size(); i++) {
      BlockDevice d = devices.get(i);
      if (d.deviceName() == null || d.deviceName().isBlank()) {
        roots++;
      }
      if (d.ebs() != null && d.ebs().volumeSize() != null) {
        errors.check(d.ebs().volumeSize() > 0, "blockDevices[" + i + "].ebs.volumeSize", "must be positive");
      }
    }
    errors.check(roots <= 1, "blockDevices", "at most one root device (without deviceName), got " + roots);
    List<TagSpec> tagList = tagsOrEmpty();
    for (int i = 0; i < tagList.size(); i++) {
      String n = tagList.get(i).name();
      errors.check(n != null && !n.isEmpty() && n.length() <= 128, "tags[" + i + "].name", "must be 1-128 characters");
    }
    errors.throwIfAny();
  }

  private static final java.util.regex.Pattern CAPACITY_RESERVATION = java.util.regex.Pattern.compile(
      "cr-[0-9a-f]{17}");
  private static final java.util.regex.Pattern HOST_ID = java.util.regex.Pattern.compile("h-([0-9a-f]{8}|[0-9a-f]{17})");

  /** Placement group, capacity reservation, market type, dedicated host and CPU options. */
  private void validatePlacement(FieldErrors errors) {
    if (placementGroupPartition != null) {
      errors.check(placementGroupPartition >= 1 && placementGroupPartition <= 7, "placementGroupPartition",
          "must be 1-7, got " + placementGroupPartition);
      errors.check(placementGroupName != null && !placementGroupName.isBlank(), "placementGroupPartition",
          "needs placementGroupName");
    }
    if (capacityReservationId != null && !capacityReservationId.isEmpty()) {
      errors.check(CAPACITY_RESERVATION.matcher(capacityReservationId).matches(), "capacityReservationId",
          "must be cr- followed by 17 lower-case hex digits, got " + capacityReservationId);
    }
    if (marketType != null && !marketType.isEmpty()) {
      errors.check(List.of("OnDemand", "Spot", "CapacityBlock").contains(marketType), "marketType",
          "must be OnDemand, Spot or CapacityBlock, got " + marketType);
      if (marketType.equals("CapacityBlock")) {
        errors.check(capacityReservationId != null && !capacityReservationId.isEmpty(), "marketType",
            "CapacityBlock needs capacityReservationId");
        errors.check(spotMarketOptions == null, "spotMarketOptions", "must not be set with marketType CapacityBlock");
      }
      if (marketType.equals("OnDemand")) {
        errors.check(spotMarketOptions == null, "spotMarketOptions", "must not be set with marketType OnDemand");
      }
    }
    if (cpuOptions != null && cpuOptions.confidentialCompute() != null && !cpuOptions.confidentialCompute().isEmpty()) {
      errors.check(List.of("Disabled", "AMDEncryptedVirtualizationNestedPaging")
          .contains(cpuOptions.confidentialCompute()), "cpuOptions.confidentialCompute",
          "must be Disabled or AMDEncryptedVirtualizationNestedPaging");
    }
    HostPlacement host = placement == null ? null : placement.host();
    if (host != null) {
      errors.check(host.affinity() == null || host.affinity().isEmpty()
          || List.of("AnyAvailable", "DedicatedHost").contains(host.affinity()), "placement.host.affinity",
          "must be AnyAvailable or DedicatedHost, got " + host.affinity());
      errors.check(placement.tenancy() == null || placement.tenancy().isEmpty() || placement.tenancy().equals("host"),
          "placement.tenancy", "must be host (or empty) when placement.host is set");
      DedicatedHost d = host.dedicatedHost();
      if (d != null) {
        errors.check(d.allocationStrategy() == null || d.allocationStrategy().isEmpty()
            || d.allocationStrategy().equals("UserProvided"), "placement.host.dedicatedHost.allocationStrategy",
            "only UserProvided (an existing host id) is supported, got " + d.allocationStrategy());
        errors.check(d.id() != null && HOST_ID.matcher(d.id()).matches(), "placement.host.dedicatedHost.id",
            "must be h- followed by 8 or 17 hex digits");
      } else {
        errors.check(!"DedicatedHost".equals(host.affinity()), "placement.host.dedicatedHost",
            "must be set with affinity DedicatedHost");
      }
    }
  }

  private static void reference(FieldErrors errors, AwsResourceReference r, String path, boolean required) {
    if (r == null) {
      if (required && path.equals("ami")) {
        errors.add("ami", "must be set (id or filters)");
      }
      return;
    }
    int set = (r.id() != null && !r.id().isBlank() ? 1 : 0) + (r.arn() != null && !r.arn().isBlank() ? 1 : 0)
        + (r.filters() != null && !r.filters().isEmpty() ? 1 : 0);
    errors.check(set == 1, path, "exactly one of id, arn or filters must be set");
  }
}
