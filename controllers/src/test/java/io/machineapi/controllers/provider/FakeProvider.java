package io.machineapi.controllers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A provider that records what the registry did to it and answers Running for every described Machine. */
class FakeProvider implements MachineProvider<FakeProvider.Spec> {

  record Spec(String image) implements ProviderSpec {
    @Override
    public Optional<SecretReference> userDataSecret() {
      return Optional.empty();
    }
  }

  private final String name;
  private final Set<String> kinds;
  ProviderEnvironment initialisedWith;
  boolean closed;
  String failInitWith;
  List<DescribeRequest<Spec>> lastDescribe;

  FakeProvider(String name, String... kinds) {
    this.name = name;
    this.kinds = Set.of(kinds);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> providerSpecKinds() {
    return kinds;
  }

  @Override
  public void init(ProviderEnvironment environment) {
    if (failInitWith != null) {
      throw new IllegalArgumentException(failInitWith);
    }
    initialisedWith = environment;
  }

  @Override
  public Spec decode(JsonNode value) throws InvalidConfigurationException {
    if (value == null || !value.hasNonNull("image")) {
      throw new InvalidConfigurationException("providerSpec.value.image", "must be set");
    }
    return new Spec(value.get("image").asText());
  }

  @Override
  public ProviderResult create(MachineContext machine, Spec spec) {
    return new InstanceState.Running(InstanceDetails.builder().providerId(name + ":///" + spec.image()).build());
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<Spec>> machines) {
    lastDescribe = machines;
    DescribeResult.Builder result = DescribeResult.builder();
    machines.forEach(m -> result.result(m.uid(), new InstanceState.Running(InstanceDetails.none())));
    return result.build();
  }

  @Override
  public ProviderResult delete(MachineContext machine, Spec spec) {
    return InstanceState.absent();
  }

  @Override
  public void close() {
    closed = true;
  }
}
