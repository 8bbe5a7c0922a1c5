package io.machineapi.spi;

import java.util.Objects;

/**
 * One Machine in a {@link MachineProvider#describe} batch: its context and its decoded spec (which tells the provider
 * where to look, e.g. the region or the vCenter).
 *
 * @param machine the Machine
 * @param spec its decoded providerSpec
 * @param <S> the provider's spec type
 */
public record DescribeRequest<S extends ProviderSpec>(MachineContext machine, S spec) {

  public DescribeRequest {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(spec, "spec");
  }

  /** The Machine's UID, the key of the {@link DescribeResult}. */
  public String uid() {
    return machine.uid();
  }
}
