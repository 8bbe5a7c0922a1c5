package io.machineapi.providers.aws;

import io.machineapi.providers.aws.AwsMachineProviderConfig.BlockDevice;
import io.machineapi.providers.aws.AwsMachineProviderConfig.TagSpec;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AmdSevSnpSpecification;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Tenancy;

/** One RunInstances for one Machine, from its spec and the resolved ids. */
final class LaunchRequest {
  private LaunchRequest() {}

  static RunInstancesRequest build(MachineContext machine, AwsMachineProviderConfig spec,
      ResourceResolver.Resolved ids) throws InvalidConfigurationException {
    List<Tag> tags = tags(machine, spec);
    RunInstancesRequest.Builder b = RunInstancesRequest.builder()
        .imageId(ids.imageId())
        .instanceType(spec.instanceTypeOrDefault())
        .minCount(1).maxCount(1)
        // moto ignores ClientToken (the UID tag lookup is what prevents duplicates); real EC2 honours it.
        .clientToken(clientToken(machine.uid()))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
            TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
    byte[] userData = machine.secrets().userData().orElse(null);
    if (spec.userDataSecret().isPresent() && userData == null) {
      throw new InvalidConfigurationException("providerSpec.value.userDataSecret", "Secret "
          + spec.userDataSecret().get().name() + " has no userData key");
    }
    if (userData != null) {
      b.userData(AwsMachineProvider.base64(userData));
    }
    if (spec.keyName() != null && !spec.keyName().isBlank()) {
      b.keyName(spec.keyName());
    }
    if (spec.iamInstanceProfile() != null) {
      b.iamInstanceProfile(p -> p.name(spec.iamInstanceProfile().id()));
    }
    boolean nic = spec.publicIp() != null || (spec.networkInterfaceType() != null
        && !spec.networkInterfaceType().isEmpty()) || spec.deviceIndex() != null;
    if (nic) {
      InstanceNetworkInterfaceSpecification.Builder n = InstanceNetworkInterfaceSpecification.builder()
          .deviceIndex(spec.deviceIndex() == null ? 0 : spec.deviceIndex().intValue())
          .subnetId(ids.subnetId()).groups(ids.securityGroupIds()).deleteOnTermination(true);
      if (spec.publicIp() != null) {
        n.associatePublicIpAddress(spec.publicIp());
      }
      if ("EFA".equals(spec.networkInterfaceType())) {
        n.interfaceType("efa");
      }
      b.networkInterfaces(n.build());
    } else {
      if (ids.subnetId() != null) {
        b.subnetId(ids.subnetId());
      }
      if (!ids.securityGroupIds().isEmpty()) {
        b.securityGroupIds(ids.securityGroupIds());
      }
    }
    Placement.Builder placement = Placement.builder();
    boolean placed = false;
    if (spec.placement() != null) {
      if (spec.placement().availabilityZone() != null && !spec.placement().availabilityZone().isBlank()
          && ids.subnetId() == null) {
        placement.availabilityZone(spec.placement().availabilityZone());
        placed = true;
      }
      if (spec.placement().tenancy() != null && !spec.placement().tenancy().isBlank()) {
        placement.tenancy(spec.placement().tenancy());
        placed = true;
      }
    }
    if (spec.placement() != null && spec.placement().host() != null) {
      AwsMachineProviderConfig.HostPlacement host = spec.placement().host();
      placement.tenancy(Tenancy.HOST);
      if (host.affinity() != null && !host.affinity().isEmpty()) {
        placement.affinity(host.affinity().equals("DedicatedHost") ? "host" : "default");
      }
      if (host.dedicatedHost() != null) {
        placement.hostId(host.dedicatedHost().id());
      }
      placed = true;
    }
    if (spec.placementGroupName() != null && !spec.placementGroupName().isBlank()) {
      placement.groupName(spec.placementGroupName());
      if (spec.placementGroupPartition() != null) {
        placement.partitionNumber(spec.placementGroupPartition());
      }
      placed = true;
    }
    if (placed) {
      b.placement(placement.build());
    }
    if (spec.capacityReservationId() != null && !spec.capacityReservationId().isEmpty()) {
      b.capacityReservationSpecification(c -> c.capacityReservationTarget(
          t -> t.capacityReservationId(spec.capacityReservationId())));
    }
    if ("CapacityBlock".equals(spec.marketType())) {
      b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.CAPACITY_BLOCK).build());
    }
    if (spec.cpuOptions() != null && spec.cpuOptions().confidentialCompute() != null
        && !spec.cpuOptions().confidentialCompute().isEmpty()) {
      b.cpuOptions(c -> c.amdSevSnp("AMDEncryptedVirtualizationNestedPaging".equals(
          spec.cpuOptions().confidentialCompute()) ? AmdSevSnpSpecification.ENABLED : AmdSevSnpSpecification.DISABLED));
    }
    if (spec.spotMarketOptions() != null || "Spot".equals(spec.marketType())) {
      SpotMarketOptions.Builder spot = SpotMarketOptions.builder().spotInstanceType(SpotInstanceType.ONE_TIME);
      if (spec.spotMarketOptions() != null && spec.spotMarketOptions().maxPrice() != null
          && !spec.spotMarketOptions().maxPrice().isBlank()) {
        spot.maxPrice(spec.spotMarketOptions().maxPrice());
      }
      b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
          .spotOptions(spot.build()).build());
    }
    if (spec.metadataServiceOptions() != null && spec.metadataServiceOptions().authentication() != null
        && !spec.metadataServiceOptions().authentication().isEmpty()) {
      b.metadataOptions(m -> m.httpTokens("Required".equals(spec.metadataServiceOptions().authentication())
          ? HttpTokensState.REQUIRED : HttpTokensState.OPTIONAL));
    }
    List<BlockDeviceMapping> devices = new ArrayList<>();
    for (BlockDevice d : spec.blockDevicesOrEmpty()) {
      BlockDeviceMapping.Builder m = BlockDeviceMapping.builder()
          .deviceName(d.deviceName() == null || d.deviceName().isBlank() ? "/dev/xvda" : d.deviceName());
      if (d.ebs() != null) {
        EbsBlockDevice.Builder e = EbsBlockDevice.builder().deleteOnTermination(true);
        if (d.ebs().volumeSize() != null) {
          e.volumeSize(d.ebs().volumeSize().intValue());
        }
        String type = d.ebs().volumeType();
        if (type != null && !type.isBlank()) {
          e.volumeType(type);
        }
        if (d.ebs().iops() != null && d.ebs().iops() > 0 && type != null
            && List.of("io1", "io2", "gp3").contains(type)) {
          e.iops(d.ebs().iops().intValue());
        }
        if (d.ebs().throughputMib() != null && "gp3".equals(type)) {
          e.throughput(d.ebs().throughputMib().intValue());
        }
        if (d.ebs().encrypted() != null) {
          e.encrypted(d.ebs().encrypted());
        }
        if (d.ebs().kmsKey() != null) {
          e.kmsKeyId(d.ebs().kmsKey().id() != null ? d.ebs().kmsKey().id() : d.ebs().kmsKey().arn());
        }
        m.ebs(e.build());
      }
      if (d.noDevice() != null) {
        m.noDevice(d.noDevice());
      }
      if (d.virtualName() != null) {
        m.virtualName(d.virtualName());
      }
      devices.add(m.build());
    }
    if (!devices.isEmpty()) {
      b.blockDeviceMappings(devices);
    }
    return b.build();
  }

  /**
   * Spec tags minus the reserved ones ({@code Name}, {@code kubernetes.io/cluster/*}), then the cluster tag, the
   * Name and the UID tag; first wins.
   */
  static List<Tag> tags(MachineContext machine, AwsMachineProviderConfig spec) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (TagSpec t : spec.tagsOrEmpty()) {
      if (!"Name".equals(t.name()) && !t.name().startsWith("kubernetes.io/cluster/") && !tags.containsKey(t.name())
          && !AwsMachineProvider.UID_TAG.equals(t.name())) {
        tags.put(t.name(), t.value() == null ? "" : t.value());
      }
    }
    tags.put("kubernetes.io/cluster/" + machine.clusterId(), "owned");
    tags.put("Name", machine.name());
    tags.put(AwsMachineProvider.UID_TAG, machine.uid());
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  static String clientToken(String uid) {
    String token = "machine-" + uid;
    return token.length() <= 64 ? token : token.substring(0, 64);
  }
}
