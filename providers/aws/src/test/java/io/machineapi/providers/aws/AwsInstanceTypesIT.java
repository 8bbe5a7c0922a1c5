package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code capacity} of the aws provider: DescribeInstanceTypes against moto, cached per region and type. */
class AwsInstanceTypesIT {
  private MotoFixtures world;
  private AwsMachineProvider provider;

  @BeforeEach
  void start() throws Exception {
    URI moto = PeerAssumptions.requirePeer("moto");
    world = new MotoFixtures(moto);
    provider = new AwsMachineProvider();
    provider.init(new ProviderEnvironment(Map.of("endpoint", moto.toString(), "accessKeyId", "test",
        "secretAccessKey", "test"), Clock.systemUTC(), Optional.empty()));
  }

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
  }

  private Optional<InstanceCapacity> capacity(String instanceType) throws Exception {
    return provider.capacity(provider.decode(world.spec(Map.of("instanceType", instanceType))),
        ResolvedSecrets.none());
  }

  @Test
  void answersVcpuMemoryGpuAndArchitectureFromDescribeInstanceTypes() throws Exception {
    assertThat(capacity("m5.xlarge")).contains(
        new InstanceCapacity("m5.xlarge", 4, 16384, 0, "", OptionalInt.empty(), "amd64"));
    assertThat(capacity("m6g.large")).contains(
        new InstanceCapacity("m6g.large", 2, 8192, 0, "", OptionalInt.empty(), "arm64"));
    assertThat(capacity("g4dn.xlarge")).contains(
        new InstanceCapacity("g4dn.xlarge", 4, 16384, 1, "nvidia.com/gpu", OptionalInt.empty(), "amd64"));
    assertThat(capacity("g4ad.xlarge")).get().extracting(InstanceCapacity::gpuResource).isEqualTo("amd.com/gpu");
  }

  @Test
  void asksEc2OncePerRegionAndType() throws Exception {
    long before = provider.requests().count("DescribeInstanceTypes");
    capacity("m5.2xlarge");
    capacity("m5.2xlarge");
    capacity("m5.2xlarge");
    assertThat(provider.requests().count("DescribeInstanceTypes") - before).isEqualTo(1);
    capacity("c5.large");
    assertThat(provider.requests().count("DescribeInstanceTypes") - before).isEqualTo(2);
  }

  @Test
  void anUnknownInstanceTypeIsTheSpecsFaultAndIsAskedAgainLater() throws Exception {
    long before = provider.requests().count("DescribeInstanceTypes");
    assertThatThrownBy(() -> capacity("m99.nonsense")).isInstanceOfSatisfying(InvalidConfigurationException.class,
        e -> assertThat(e.errors()).anySatisfy(f -> {
          assertThat(f.path()).isEqualTo("providerSpec.value.instanceType");
          assertThat(f.message()).contains("InvalidInstanceType");
        }));
    assertThatThrownBy(() -> capacity("m99.nonsense")).isInstanceOf(InvalidConfigurationException.class);
    // A failed lookup caches nothing.
    assertThat(provider.requests().count("DescribeInstanceTypes") - before).isEqualTo(2);
  }
}
