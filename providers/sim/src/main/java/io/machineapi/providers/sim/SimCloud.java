package io.machineapi.providers.sim;

import io.machineapi.spi.TransientProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated cloud: instances in memory, keyed by the Machine UID that created them (the sim's equivalent of an
 * ownership tag), with time read only from the injected {@link Clock}. Terminated instances stay visible, as EC2
 * keeps them for a while, so a late look-up still learns what happened. Thread-safe.
 */
final class SimCloud {

  private final Clock clock;
  private final Duration shutdownTime;
  private final Map<String, SimInstance> byMachineUid = new HashMap<>();
  private final SimAddressPool addresses = new SimAddressPool();
  /** Machines whose instance still holds its private IP: released only once the instance is terminated. */
  private final Set<String> holdingAddress = new HashSet<>();
  private long launched;
  private final Optional<SimStateFile> stateFile;

  SimCloud(Clock clock, Duration shutdownTime) {
    this(clock, shutdownTime, Optional.empty());
  }

  /** A cloud that restores its instances from {@code stateFile} and saves every change to it. */
  SimCloud(Clock clock, Duration shutdownTime, Optional<SimStateFile> stateFile) {
    this.clock = clock;
    this.shutdownTime = shutdownTime;
    this.stateFile = stateFile;
    stateFile.ifPresent(file -> {
      SimStateFile.Snapshot snapshot = file.load();
      launched = snapshot.launched();
      for (SimInstance instance : snapshot.instances()) {
        byMachineUid.put(instance.machineUid(), instance);
        addresses.reserve(instance.privateIp());
        holdingAddress.add(instance.machineUid());
      }
    });
  }

  private void save() {
    stateFile.ifPresent(file -> file.save(launched, byMachineUid.values()));
  }

  Clock clock() {
    return clock;
  }

  Duration shutdownTime() {
    return shutdownTime;
  }

  synchronized Optional<SimInstance> findByMachineUid(String machineUid) {
    releaseAddressIfTerminated(machineUid);
    return Optional.ofNullable(byMachineUid.get(machineUid));
  }

  /** Launches an instance for a Machine that has none. */
  synchronized SimInstance launch(String machineUid, String machineName, SimMachineProviderSpec spec,
      Duration bootTime, int userDataBytes) throws TransientProviderException {
    if (byMachineUid.containsKey(machineUid)) {
      throw new IllegalStateException("Machine " + machineUid + " already has instance "
          + byMachineUid.get(machineUid).id());
    }
    Set.copyOf(holdingAddress).forEach(this::releaseAddressIfTerminated);
    String ip = addresses.allocate().orElseThrow(() -> new TransientProviderException(
        TransientProviderException.Reason.INSUFFICIENT_CAPACITY,
        "no free address left in 10.0.0.0/16 for " + machineName, Duration.ofMinutes(1), null));
    launched++;
    SimInstance instance = new SimInstance(String.format("i-%017x", launched), machineUid, machineName,
        spec.instanceType(), spec.region(), spec.zone(), ip, clock.instant(), bootTime, userDataBytes,
        Optional.empty());
    byMachineUid.put(machineUid, instance);
    holdingAddress.add(machineUid);
    save();
    return instance;
  }

  /** Instances of a type that are not terminated yet: what a per-type capacity limit counts. */
  synchronized long liveInstancesOfType(String instanceType) {
    java.time.Instant now = clock.instant();
    return byMachineUid.values().stream().filter(i -> i.instanceType().equals(instanceType))
        .filter(i -> i.stateAt(now, shutdownTime) != SimInstance.State.TERMINATED).count();
  }

  /** Requests termination; repeated requests keep the first request time. */
  synchronized Optional<SimInstance> terminate(String machineUid) {
    SimInstance instance = byMachineUid.get(machineUid);
    if (instance == null) {
      return Optional.empty();
    }
    if (instance.terminationRequestedAt().isEmpty()) {
      instance = instance.terminatingSince(clock.instant());
      byMachineUid.put(machineUid, instance);
      save();
    }
    return Optional.of(instance);
  }

  private void releaseAddressIfTerminated(String machineUid) {
    SimInstance instance = byMachineUid.get(machineUid);
    if (instance != null && holdingAddress.contains(machineUid)
        && instance.stateAt(clock.instant(), shutdownTime) == SimInstance.State.TERMINATED) {
      addresses.release(instance.privateIp());
      holdingAddress.remove(machineUid);
    }
  }
}
