package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.TransientProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

class LaunchRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AwsMachineProviderConfig decode(Map<String, Object> value) throws InvalidConfigurationException {
    return new AwsMachineProvider().decode(JSON.valueToTree(value));
  }

  @Test
  void everyExpressibleFieldReachesRunInstances() throws Exception {
    AwsMachineProviderConfig spec = decode(Map.of("ami", Map.of("id", "ami-1"), "instanceType", "m6i.xlarge",
        "iamInstanceProfile", Map.of("id", "worker-profile"), "publicIp", true, "networkInterfaceType", "EFA",
        "spotMarketOptions", Map.of("maxPrice", "0.10"), "placement", Map.of("tenancy", "dedicated"),
        "blockDevices", List.of(Map.of("deviceName", "/dev/sdf", "ebs", Map.of("volumeSize", 50, "volumeType",
            "io1", "iops", 3000, "encrypted", true, "kmsKey", Map.of("arn", "arn:aws:kms:k"))))));
    MachineContext m = MachineContext.builder("ns", "w-1", "6c3b8c5e-0000-4000-8000-000000000001", "infra").build();

    RunInstancesRequest r = LaunchRequest.build(m, spec, new ResourceResolver.Resolved("ami-1", "subnet-1",
        List.of("sg-1")));

    assertThat(r.iamInstanceProfile().name()).isEqualTo("worker-profile");
    assertThat(r.networkInterfaces()).singleElement().satisfies(n -> {
      assertThat(n.associatePublicIpAddress()).isTrue();
      assertThat(n.interfaceType()).isEqualTo("efa");
      assertThat(n.subnetId()).isEqualTo("subnet-1");
      assertThat(n.groups()).containsExactly("sg-1");
    });
    assertThat(r.subnetId()).isNull();
    assertThat(r.instanceMarketOptions().spotOptions().maxPrice()).isEqualTo("0.10");
    assertThat(r.placement().tenancyAsString()).isEqualTo("dedicated");
    assertThat(r.blockDeviceMappings()).singleElement().satisfies(d -> {
      assertThat(d.ebs().iops()).isEqualTo(3000);
      assertThat(d.ebs().kmsKeyId()).isEqualTo("arn:aws:kms:k");
      assertThat(d.ebs().deleteOnTermination()).isTrue();
    });
    assertThat(r.clientToken()).isEqualTo("machine-6c3b8c5e-0000-4000-8000-000000000001");
    assertThat(r.tagSpecifications()).hasSize(2);
  }

  @Test
  void placementGroupsReservationsHostsAndCpuOptionsReachRunInstances() throws Exception {
    AwsMachineProviderConfig spec = decode(Map.of("ami", Map.of("id", "ami-1"),
        "placementGroupName", "pg-workers", "placementGroupPartition", 3,
        "capacityReservationId", "cr-0123456789abcdef0", "marketType", "CapacityBlock",
        "cpuOptions", Map.of("confidentialCompute", "AMDEncryptedVirtualizationNestedPaging"),
        "placement", Map.of("host", Map.of("affinity", "DedicatedHost",
            "dedicatedHost", Map.of("allocationStrategy", "UserProvided", "id", "h-0123456789abcdef0")))));
    MachineContext m = MachineContext.builder("ns", "w-2", "6c3b8c5e-0000-4000-8000-000000000002", "infra").build();

    RunInstancesRequest r = LaunchRequest.build(m, spec, new ResourceResolver.Resolved("ami-1", null, List.of()));

    assertThat(r.placement().groupName()).isEqualTo("pg-workers");
    assertThat(r.placement().partitionNumber()).isEqualTo(3);
    assertThat(r.placement().tenancyAsString()).isEqualTo("host");
    assertThat(r.placement().affinity()).isEqualTo("host");
    assertThat(r.placement().hostId()).isEqualTo("h-0123456789abcdef0");
    assertThat(r.capacityReservationSpecification().capacityReservationTarget().capacityReservationId())
        .isEqualTo("cr-0123456789abcdef0");
    assertThat(r.instanceMarketOptions().marketTypeAsString()).isEqualTo("capacity-block");
    assertThat(r.cpuOptions().amdSevSnpAsString()).isEqualTo("enabled");
  }

  @Test
  void badPlacementReservationAndMarketValuesNameTheirFields() {
    InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidConfigurationException.class, () -> decode(Map.of("ami", Map.of("id", "ami-1"),
            "placementGroupPartition", 9, "capacityReservationId", "cr-XYZ", "marketType", "Spot",
            "cpuOptions", Map.of("confidentialCompute", "On"),
            "placement", Map.of("tenancy", "dedicated", "host", Map.of("affinity", "DedicatedHost")))));
    assertThat(e.errors()).extracting(f -> f.path()).contains("providerSpec.value.placementGroupPartition",
        "providerSpec.value.capacityReservationId", "providerSpec.value.cpuOptions.confidentialCompute",
        "providerSpec.value.placement.tenancy", "providerSpec.value.placement.host.dedicatedHost");
    InvalidConfigurationException block = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidConfigurationException.class, () -> decode(Map.of("ami", Map.of("id", "ami-1"),
            "marketType", "CapacityBlock", "spotMarketOptions", Map.of())));
    assertThat(block.errors()).extracting(f -> f.path()).contains("providerSpec.value.marketType",
        "providerSpec.value.spotMarketOptions");
  }

  @Test
  void invalidValuesAreRefusedWithTheirFieldPaths() {
    InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidConfigurationException.class, () -> decode(Map.of("ami", Map.of("id", "a", "filters",
            List.of(Map.of("name", "n", "values", List.of("v")))), "networkInterfaceType", "XYZ")));
    assertThat(e.errors()).extracting(f -> f.path()).contains("providerSpec.value.ami",
        "providerSpec.value.networkInterfaceType");
  }

  private static Ec2Exception ec2(String code, int status) {
    return (Ec2Exception) Ec2Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
  }

  @Test
  void errorsAreClassified() {
    assertThat(Ec2Errors.classify(ec2("InvalidAMIID.NotFound", 400), true))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("providerSpec.value.ami");
    assertThat(Ec2Errors.classify(ec2("RequestLimitExceeded", 503), true))
        .isInstanceOfSatisfying(TransientProviderException.class,
            t -> assertThat(t.reason()).isEqualTo(TransientProviderException.Reason.THROTTLED));
    assertThat(Ec2Errors.classify(ec2("InsufficientInstanceCapacity", 500), true))
        .isInstanceOfSatisfying(TransientProviderException.class, t -> {
          assertThat(t.reason()).isEqualTo(TransientProviderException.Reason.INSUFFICIENT_CAPACITY);
          assertThat(t.minimumBackoff()).hasValue(Ec2Errors.CAPACITY_BACKOFF);
        });
    assertThat(Ec2Errors.classify(ec2("InstanceLimitExceeded", 400), true))
        .isInstanceOfSatisfying(TransientProviderException.class,
            t -> assertThat(t.reason()).isEqualTo(TransientProviderException.Reason.QUOTA_EXCEEDED));
    assertThat(Ec2Errors.retryable(ec2("RequestLimitExceeded", 503))).isTrue();
    assertThat(Ec2Errors.retryable(ec2("InsufficientInstanceCapacity", 500))).isFalse();
    assertThat(Ec2Errors.retryable(ec2("InvalidAMIID.NotFound", 400))).isFalse();
  }
}
