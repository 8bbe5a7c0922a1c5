package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A provider of kind AWSMachineProviderConfig that is in the build but not enabled: nothing of it is ever called. */
final class DisabledAws implements MachineProvider<DisabledAws.Spec> {

  record Spec() implements ProviderSpec {
    @Override
    public Optional<io.machineapi.spi.SecretReference> userDataSecret() {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Set<String> providerSpecKinds() {
    return Set.of("AWSMachineProviderConfig");
  }

  @Override
  public Spec decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    throw new AssertionError("a disabled provider decodes nothing");
  }

  @Override
  public ProviderResult create(MachineContext machine, Spec spec) {
    throw new AssertionError("not enabled");
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<Spec>> machines) {
    throw new AssertionError("not enabled");
  }

  @Override
  public ProviderResult delete(MachineContext machine, Spec spec) {
    throw new AssertionError("not enabled");
  }
}
