package io.machineapi.providers.sim;

import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The simulated cloud's randomness: throttling, failed launches and boot-time jitter, all drawn from one seeded
 * {@link Random} so a single-threaded test with a fixed {@code seed} sees the same sequence every run. Thread-safe.
 */
final class SimFaults {

  private final SimSettings settings;
  private final Random random;

  SimFaults(SimSettings settings) {
    this.settings = settings;
    this.random = settings.seed().isPresent() ? new Random(settings.seed().getAsLong()) : new Random();
  }

  /** Throws THROTTLED with the configured probability, like EC2's {@code RequestLimitExceeded}. */
  void maybeThrottle(String operation) throws TransientProviderException {
    if (draw(settings.throttleRate())) {
      throw new TransientProviderException(Reason.THROTTLED, "sim: " + operation + " throttled (Rate exceeded)",
          settings.throttleBackoff(), null);
    }
  }

  /** Throws a transient launch failure with the configured probability; no instance is left behind. */
  void maybeFailLaunch(String machineName) throws TransientProviderException {
    if (draw(settings.createFailureRate())) {
      throw new TransientProviderException(Reason.CLOUD_UNAVAILABLE,
          "sim: launching an instance for " + machineName + " failed (simulated InternalError)", null);
    }
  }

  /** The spec's boot time, else the configured latency, plus a random jitter in [0, bootJitter]. */
  Duration bootTime(Optional<Duration> requested) {
    Duration base = requested.orElse(settings.bootLatency());
    long jitterMillis = settings.bootJitter().toMillis();
    if (jitterMillis == 0) {
      return base;
    }
    synchronized (random) {
      return base.plusMillis((long) (random.nextDouble() * (jitterMillis + 1)));
    }
  }

  private boolean draw(double rate) {
    if (rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }
}
