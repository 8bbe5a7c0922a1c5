package io.machineapi.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceLabels;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.TransientProviderException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
 * <p>Instance types come from a catalogue ({@link #catalog()}: {@code sim.small} … {@code sim.2xlarge}, with CPU,
 * memory and max pods); an unknown {@code instanceType} is an invalid providerSpec. The cloud can misbehave on
 * purpose: boot jitter, transient launch failures, throttling of any call, and per-type capacity limits
 * (INSUFFICIENT_CAPACITY with a long minimum backoff), all drawn from a seedable random source.
 *
 * <p>Configuration ({@code --provider-config sim.KEY=VALUE}; details in {@link SimSettings} and
 * {@code providers/sim/README.md}): {@code shutdownSeconds} (default 2), {@code bootSeconds} (3),
 * {@code bootJitterSeconds} (0), {@code createFailureRate} (0), {@code throttleRate} (0),
 * {@code throttleBackoffSeconds} (1), {@code capacity.<type>} (unlimited), {@code capacityBackoffSeconds} (60),
 * {@code seed} (random), {@code instanceTypes} ({@code name:cpu:memoryMiB:maxPods,...}), {@code stateFile} (a JSON
 * file the cloud is restored from and saved to, so instances outlive the process; default: memory only).
 *
 * <p>{@link #callCounts()} counts every call, so an embedding process (the sandbox, the benchmark) that constructs
 * the provider itself and hands it to the registry can report provider calls per Machine.
 */
public final class SimMachineProvider implements MachineProvider<SimMachineProviderSpec> {

  public static final String NAME = "sim";
  public static final String KIND = "SimMachineProviderSpec";
  public static final String API_VERSION = "machine.sandbox.machine-api.io/v1alpha1";
  static final String STATUS_KIND = "SimMachineProviderStatus";
  static final Duration DEFAULT_SHUTDOWN = SimSettings.defaults().shutdownTime();
  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final SimSpecDecoder decoder = new SimSpecDecoder();
  private final SimCallCounters counters = new SimCallCounters();
  /** Held by {@code create} from the look-up to the launch. */
  private final Object launchLock = new Object();
  private volatile SimSettings settings = SimSettings.defaults();
  private volatile SimFaults faults = new SimFaults(settings);
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
    SimSettings parsed = SimSettings.parse(environment.configuration());
    settings = parsed;
    faults = new SimFaults(parsed);
    cloud = new SimCloud(environment.clock(), parsed.shutdownTime(),
        environment.config("stateFile").filter(p -> !p.isBlank()).map(p -> new SimStateFile(Path.of(p))));
  }

  /** The instance types this cloud offers (read-only). */
  public SimCatalog catalog() {
    return settings.catalog();
  }

  /** Calls so far, since construction. */
  public SimCallCounts callCounts() {
    return counters.snapshot();
  }

  @Override
  public SimMachineProviderSpec decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    SimMachineProviderSpec spec = decoder.decode(providerSpecValue);
    if (catalog().find(spec.instanceType()).isEmpty()) {
      throw new InvalidConfigurationException("providerSpec.value.instanceType", "unknown instance type "
          + spec.instanceType() + "; known: " + String.join(", ", catalog().types().keySet()));
    }
    return spec;
  }

  /**
   * Writes the decoder's defaults ({@code instanceType}, {@code region}, {@code zone}) into the stored spec, so what
   * a Machine runs with is visible on it. No {@code userDataSecret} default: simulated instances boot without user
   * data, and a default would make every Machine wait for a Secret nobody creates.
   */
  @Override
  public JsonNode defaults(JsonNode providerSpecValue) {
    return decoder.defaults(providerSpecValue);
  }

  /** A simulated instance type with fewer than 2 CPUs or less than 2 GiB memory is too small for a real Node. */
  @Override
  public List<String> warnings(SimMachineProviderSpec spec) {
    return catalog().find(spec.instanceType()).map(SimMachineProvider::sizeWarnings).orElse(List.of());
  }

  static final int RECOMMENDED_CPUS = 2;
  static final long RECOMMENDED_MEMORY_MIB = 2048;

  private static List<String> sizeWarnings(SimInstanceType type) {
    List<String> warnings = new java.util.ArrayList<>();
    if (type.cpu() < RECOMMENDED_CPUS) {
      warnings.add("providerSpec.value.instanceType: " + type.name() + " has " + type.cpu()
          + " CPU, fewer than the recommended " + RECOMMENDED_CPUS);
    }
    if (type.memoryMiB() < RECOMMENDED_MEMORY_MIB) {
      warnings.add("providerSpec.value.instanceType: " + type.name() + " has " + type.memoryMiB()
          + " MiB memory, less than the recommended " + RECOMMENDED_MEMORY_MIB + " MiB");
    }
    return warnings;
  }

  /** The catalogue's answer; no cloud call, no faults. */
  @Override
  public Optional<InstanceCapacity> capacity(SimMachineProviderSpec spec, ResolvedSecrets secrets)
      throws InvalidConfigurationException {
    SimInstanceType type = catalog().find(spec.instanceType()).orElseThrow(() -> new InvalidConfigurationException(
        "providerSpec.value.instanceType", "unknown instance type " + spec.instanceType()));
    return Optional.of(new InstanceCapacity(type.name(), type.cpu(), type.memoryMiB(), type.gpus(),
        type.gpus() > 0 ? InstanceCapacity.NVIDIA_GPU : "", OptionalInt.of(type.maxPods()), type.architecture()));
  }

  @Override
  public ProviderResult create(MachineContext machine, SimMachineProviderSpec spec)
      throws InvalidConfigurationException, TransientProviderException {
    counters.creates.increment();
    throttle("RunInstances");
    SimCloud c = cloud;
    int userDataBytes = machine.secrets().userData().map(b -> b.length).orElse(0);
    // One lock from look-up to launch: two concurrent creates for one Machine find one instance, and concurrent
    // creates cannot overshoot a capacity limit. All in memory, so holding it is cheap.
    synchronized (launchLock) {
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
      checkCapacity(c, spec.instanceType());
      try {
        faults.maybeFailLaunch(machine.name());
      } catch (TransientProviderException e) {
        counters.failedLaunches.increment();
        throw e;
      }
      SimInstance launched = c.launch(machine.uid(), machine.name(), spec, faults.bootTime(spec.bootTime()),
          userDataBytes);
      counters.launches.increment();
      return observe(c, launched);
    }
  }

  private void checkCapacity(SimCloud c, String instanceType) throws TransientProviderException {
    Integer limit = settings.capacity().get(instanceType);
    if (limit != null && c.liveInstancesOfType(instanceType) >= limit) {
      counters.insufficientCapacity.increment();
      throw new TransientProviderException(TransientProviderException.Reason.INSUFFICIENT_CAPACITY,
          "sim: insufficient capacity for " + instanceType + " (" + limit + " instances at most)",
          settings.capacityBackoff(), null);
    }
  }

  private void throttle(String operation) throws TransientProviderException {
    try {
      faults.maybeThrottle(operation);
    } catch (TransientProviderException e) {
      counters.throttled.increment();
      throw e;
    }
  }

  @Override
  public DescribeResult describe(List<DescribeRequest<SimMachineProviderSpec>> machines)
      throws TransientProviderException {
    counters.describes.increment();
    counters.describedMachines.add(machines.size());
    throttle("DescribeInstances");
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
  public ProviderResult delete(MachineContext machine, SimMachineProviderSpec spec)
      throws TransientProviderException {
    counters.deletes.increment();
    throttle("TerminateInstances");
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
}
