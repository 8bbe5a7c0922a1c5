package io.machineapi.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceLabels;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.TransientProviderException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A simulated cloud provider for the sandbox and for controller tests: real provider behaviour (idempotent create
 * per Machine UID, boot delay, asynchronous termination, batched describe) without a cloud.
 *
 * <p>Lifecycle: {@code create} launches an instance that is {@code pending} for the spec's boot time and then
 * {@code running}; {@code delete} makes it {@code shutting-down} for the configured shutdown time and then
 * {@code terminated} ({@link InstanceState.Gone}). providerID is {@code sim:///<zone>/<instance id>}; each instance
 * gets an InternalIP from 10.0.0.0/16 plus an EC2-style InternalDNS/Hostname.
 *
 * <p>Configuration ({@code --provider-config sim.KEY=VALUE}): {@code shutdownSeconds} (default 2); {@code stateFile}
 * (a JSON file the cloud is restored from and saved to, so instances outlive the process; default: memory only).
 */
public final class SimMachineProvider implements MachineProvider<SimMachineProviderSpec> {

  public static final String NAME = "sim";
  public static final String KIND = "SimMachineProviderSpec";
  public static final String API_VERSION = "machine.sandbox.machine-api.io/v1alpha1";
  static final String STATUS_KIND = "SimMachineProviderStatus";
  static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(2);
  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final SimSpecDecoder decoder = new SimSpecDecoder();
  private volatile SimCloud cloud = new SimCloud(Clock.systemUTC(), DEFAULT_SHUTDOWN);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> providerSpecKinds() {
    return Set.of(KIND);
  }

  @Override
  public void init(ProviderEnvironment environment) {
    Duration shutdown = environment.config("shutdownSeconds").map(SimMachineProvider::parseSeconds)
        .orElse(DEFAULT_SHUTDOWN);
    cloud = new SimCloud(environment.clock(), shutdown,
        environment.config("stateFile").filter(p -> !p.isBlank()).map(p -> new SimStateFile(Path.of(p))));
  }

  @Override
  public SimMachineProviderSpec decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    return decoder.decode(providerSpecValue);
  }

  @Override
  public ProviderResult create(MachineContext machine, SimMachineProviderSpec spec)
      throws InvalidConfigurationException, TransientProviderException {
    SimCloud c = cloud;
    Optional<SimInstance> existing = c.findByMachineUid(machine.uid());
    if (existing.isPresent()) {
      InstanceState state = observe(c, existing.get());
      if (state.kind() == InstanceState.Kind.GONE) {
        // As on EC2: never launch a second instance for a Machine whose first one died unseen; that would loop.
        throw new InvalidConfigurationException(List.of(FieldError.general("instance " + existing.get().id()
            + " of this Machine was terminated before it was observed")));
      }
      return state;
    }
    int userDataBytes = machine.secrets().userData().map(b -> b.length).orElse(0);
    return observe(c, c.launch(machine.uid(), machine.name(), spec, userDataBytes));
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<SimMachineProviderSpec>> machines) {
    SimCloud c = cloud;
    DescribeResult.Builder result = DescribeResult.builder();
    for (DescribeRequest<SimMachineProviderSpec> request : machines) {
      result.result(request.uid(), c.findByMachineUid(request.uid())
          .<InstanceState>map(instance -> observe(c, instance))
          .orElse(InstanceState.absent()));
    }
    return result.build();
  }

  @Override
  public ProviderResult delete(MachineContext machine, SimMachineProviderSpec spec) {
    SimCloud c = cloud;
    return c.terminate(machine.uid()).<InstanceState>map(instance -> observe(c, instance))
        .orElse(InstanceState.absent());
  }

  private static InstanceState observe(SimCloud c, SimInstance instance) {
    Instant now = c.clock().instant();
    SimInstance.State state = instance.stateAt(now, c.shutdownTime());
    InstanceDetails.Builder details = InstanceDetails.builder()
        .providerId(instance.providerId())
        .labels(InstanceLabels.of(instance.instanceType(), instance.region(), instance.zone()))
        .cloudState(state.cloudName())
        .providerStatus(providerStatus(instance, state));
    if (state != SimInstance.State.TERMINATED) {
      details.address(MachineAddress.Type.INTERNAL_IP, instance.privateIp())
          .address(MachineAddress.Type.INTERNAL_DNS, instance.privateDnsName())
          .address(MachineAddress.Type.HOSTNAME, instance.privateDnsName());
    }
    return switch (state) {
      case PENDING -> new InstanceState.Pending(details.build(), recheck(now, instance.readyAt()));
      case RUNNING -> new InstanceState.Running(details.build());
      case SHUTTING_DOWN -> new InstanceState.Terminating(details.build(),
          recheck(now, instance.terminationRequestedAt().orElseThrow().plus(c.shutdownTime())));
      case TERMINATED -> new InstanceState.Gone(details.build());
    };
  }

  private static ObjectNode providerStatus(SimInstance instance, SimInstance.State state) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("apiVersion", API_VERSION);
    status.put("kind", STATUS_KIND);
    status.put("instanceId", instance.id());
    status.put("instanceState", state.cloudName());
    status.put("launchTime", instance.launchedAt().toString());
    status.put("userDataBytes", instance.userDataBytes());
    return status;
  }

  private static Duration recheck(Instant now, Instant expected) {
    Duration remaining = Duration.between(now, expected);
    return remaining.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : remaining;
  }

  private static Duration parseSeconds(String text) {
    try {
      long seconds = Long.parseLong(text.trim());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sim.shutdownSeconds must be a non-negative integer, got '" + text + "'");
    }
  }
}
