package io.machineapi.sandbox.nodes;

import java.time.Duration;
import java.util.Objects;

/**
 * How the node emulator behaves.
 *
 * @param registerDelay how long after a Machine first shows a providerID its Node registers (the kubelet's boot)
 * @param heartbeatInterval how often each Node's Ready condition gets a new {@code lastHeartbeatTime}; each heartbeat
 *     is one {@code /status} write, so keep it long (the kubelet's node-status update frequency is 10 s; the Node
 *     lease carries liveness on a real cluster, which the sandbox does not emulate)
 * @param addressWait how long registration waits for the Machine's {@code status.addresses} after its providerID
 */
public record NodeEmulatorSettings(Duration registerDelay, Duration heartbeatInterval, Duration addressWait) {

  /** 2 s to join, a heartbeat every 40 s, up to 5 s waiting for addresses. */
  public static final NodeEmulatorSettings DEFAULTS = new NodeEmulatorSettings(Duration.ofSeconds(2),
      Duration.ofSeconds(40), Duration.ofSeconds(5));

  public NodeEmulatorSettings {
    Objects.requireNonNull(registerDelay, "registerDelay");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(addressWait, "addressWait");
    if (registerDelay.isNegative() || addressWait.isNegative() || heartbeatInterval.compareTo(Duration.ofMillis(100))
        < 0) {
      throw new IllegalArgumentException("registerDelay and addressWait must be >= 0, heartbeatInterval >= 100ms");
    }
  }

  public NodeEmulatorSettings withRegisterDelay(Duration delay) {
    return new NodeEmulatorSettings(delay, heartbeatInterval, addressWait);
  }

  public NodeEmulatorSettings withHeartbeatInterval(Duration interval) {
    return new NodeEmulatorSettings(registerDelay, interval, addressWait);
  }
}
