package io.machineapi.providers.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One simulated cloud instance. Its lifecycle is a pure function of time: {@code pending} until launch + boot time,
 * then {@code running}; once termination is requested {@code shutting-down} for the cloud's shutdown time, then
 * {@code terminated}.
 */
record SimInstance(String id, String machineUid, String machineName, String instanceType, String region,
    String zone, String privateIp, Instant launchedAt, Duration bootTime, int userDataBytes,
    Optional<Instant> terminationRequestedAt) {

  /** EC2-style state names, written as the Machine's instance-state annotation. */
  enum State {
    PENDING("pending"),
    RUNNING("running"),
    SHUTTING_DOWN("shutting-down"),
    TERMINATED("terminated");

    private final String cloudName;

    State(String cloudName) {
      this.cloudName = cloudName;
    }

    String cloudName() {
      return cloudName;
    }
  }

  State stateAt(Instant now, Duration shutdownTime) {
    if (terminationRequestedAt.isPresent()) {
      return now.isBefore(terminationRequestedAt.get().plus(shutdownTime)) ? State.SHUTTING_DOWN : State.TERMINATED;
    }
    return now.isBefore(readyAt()) ? State.PENDING : State.RUNNING;
  }

  Instant readyAt() {
    return launchedAt.plus(bootTime);
  }

  SimInstance terminatingSince(Instant when) {
    return new SimInstance(id, machineUid, machineName, instanceType, region, zone, privateIp, launchedAt, bootTime,
        userDataBytes, Optional.of(when));
  }

  /** {@code sim:///<zone>/<id>}. */
  String providerId() {
    return "sim:///" + zone + "/" + id;
  }

  /** EC2-like private DNS name, {@code ip-10-0-0-7.<region>.sim.internal}. */
  String privateDnsName() {
    return "ip-" + privateIp.replace('.', '-') + "." + region + ".sim.internal";
  }
}
