package io.machineapi.controllers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.TransientProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A providerSpec decoded by the provider that will use it, so the controller can hold "provider + spec" without
 * knowing the spec type: decode once, read {@link #spec()}'s Secret names, resolve them, then call
 * {@link #create}/{@link #delete} with the same spec.
 *
 * @param <S> the provider's spec type (usually {@code ?} at the call site)
 */
public final class DecodedSpec<S extends ProviderSpec> {

  private final MachineProvider<S> provider;
  private final S spec;

  private DecodedSpec(MachineProvider<S> provider, S spec) {
    this.provider = provider;
    this.spec = spec;
  }

  /** Decodes {@code providerSpecValue} with {@code provider}. */
  public static DecodedSpec<?> decode(MachineProvider<?> provider, JsonNode providerSpecValue)
      throws InvalidConfigurationException {
    return decodeWith(provider, providerSpecValue);
  }

  private static <S extends ProviderSpec> DecodedSpec<S> decodeWith(MachineProvider<S> provider, JsonNode value)
      throws InvalidConfigurationException {
    return new DecodedSpec<>(provider, provider.decode(value));
  }

  public MachineProvider<S> provider() {
    return provider;
  }

  public S spec() {
    return spec;
  }

  /** {@link MachineProvider#create} with this spec. */
  public ProviderResult create(MachineContext machine) throws ProviderException {
    return provider.create(machine, spec);
  }

  /** {@link MachineProvider#delete} with this spec. */
  public ProviderResult delete(MachineContext machine) throws ProviderException {
    return provider.delete(machine, spec);
  }

  /** {@link MachineProvider#capacity} of this spec's instance type. */
  public Optional<InstanceCapacity> capacity(ResolvedSecrets secrets) throws ProviderException {
    return provider.capacity(spec, secrets);
  }

  /** One Machine for {@link #describe}. */
  public record Target(MachineContext machine, DecodedSpec<?> decoded) {
    public Target {
      Objects.requireNonNull(machine, "machine");
      Objects.requireNonNull(decoded, "decoded");
    }
  }

  /**
   * One batched {@link MachineProvider#describe} for Machines whose specs the same provider decoded.
   *
   * @throws IllegalArgumentException when the targets were decoded by different providers
   */
  public static DescribeResult describe(List<Target> targets) throws TransientProviderException {
    if (targets.isEmpty()) {
      return DescribeResult.builder().build();
    }
    return describeWith(targets.get(0).decoded().provider(), targets);
  }

  private static <S extends ProviderSpec> DescribeResult describeWith(MachineProvider<S> provider,
      List<Target> targets) throws TransientProviderException {
    List<DescribeRequest<S>> requests = new ArrayList<>(targets.size());
    for (Target target : targets) {
      if (target.decoded().provider() != provider) {
        throw new IllegalArgumentException("one describe batch mixes providers " + provider.name() + " and "
            + target.decoded().provider().name());
      }
      // Safe: the spec was produced by this very provider's decode, whose result type is S.
      @SuppressWarnings("unchecked")
      S spec = (S) target.decoded().spec();
      requests.add(new DescribeRequest<>(target.machine(), spec));
    }
    return provider.describe(requests);
  }
}
