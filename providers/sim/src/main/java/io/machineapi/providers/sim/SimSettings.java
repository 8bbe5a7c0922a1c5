package io.machineapi.providers.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The simulated cloud's behaviour, read once from the provider configuration ({@code --provider-config sim.KEY=VALUE},
 * reaching the provider as {@code KEY}). Defaults live here and nowhere else; see {@code providers/sim/README.md}.
 *
 * @param shutdownTime {@code shutdownSeconds}: how long a deleted instance stays {@code shutting-down} (default 2)
 * @param bootLatency {@code bootSeconds}: boot time of an instance whose spec sets none (default 3; decimals allowed)
 * @param bootJitter {@code bootJitterSeconds}: a uniformly random extra boot time in [0, jitter] (default 0)
 * @param createFailureRate {@code createFailureRate}: probability 0..1 that a launch fails transiently
 *     (default 0)
 * @param throttleRate {@code throttleRate}: probability 0..1 that any call is throttled (default 0)
 * @param throttleBackoff {@code throttleBackoffSeconds}: minimum backoff of a throttled call (default 1)
 * @param capacity {@code capacity.<instance type>}: most live instances of a type (default unlimited)
 * @param capacityBackoff {@code capacityBackoffSeconds}: minimum backoff after INSUFFICIENT_CAPACITY (default 60)
 * @param seed {@code seed}: seed of the random source, for reproducible runs (default: a random seed)
 * @param catalog the default catalogue plus {@code instanceTypes}
 *     ({@code name:cpu:memoryMiB:maxPods[,...]}, e.g. {@code sim.huge:64:262144:250})
 */
record SimSettings(Duration shutdownTime, Duration bootLatency, Duration bootJitter, double createFailureRate,
    double throttleRate, Duration throttleBackoff, Map<String, Integer> capacity, Duration capacityBackoff,
    OptionalLong seed, SimCatalog catalog) {

  static final String CAPACITY_PREFIX = "capacity.";

  SimSettings {
    capacity = Map.copyOf(capacity);
  }

  static SimSettings defaults() {
    return parse(Map.of());
  }

  /**
   * @throws IllegalArgumentException naming the key ({@code sim.throttleRate}) when a value is unusable
   */
  static SimSettings parse(Map<String, String> config) {
    Map<String, Integer> capacity = new TreeMap<>();
    config.forEach((key, value) -> {
      if (key.startsWith(CAPACITY_PREFIX)) {
        capacity.put(key.substring(CAPACITY_PREFIX.length()), (int) wholeNumber(key, value, 0, Integer.MAX_VALUE));
      }
    });
    SimCatalog catalog = SimCatalog.defaults().with(instanceTypes(config.get("instanceTypes")));
    capacity.keySet().stream().filter(type -> catalog.find(type).isEmpty()).findFirst().ifPresent(type -> {
      throw new IllegalArgumentException("sim." + CAPACITY_PREFIX + type + ": unknown instance type; known: "
          + String.join(", ", catalog.types().keySet()));
    });
    return new SimSettings(
        seconds(config, "shutdownSeconds", 2),
        seconds(config, "bootSeconds", 3),
        seconds(config, "bootJitterSeconds", 0),
        rate(config, "createFailureRate"),
        rate(config, "throttleRate"),
        seconds(config, "throttleBackoffSeconds", 1),
        capacity,
        seconds(config, "capacityBackoffSeconds", 60),
        Optional.ofNullable(config.get("seed"))
            .map(v -> OptionalLong.of(wholeNumber("seed", v, Long.MIN_VALUE, Long.MAX_VALUE)))
            .orElse(OptionalLong.empty()),
        catalog);
  }

  private static Duration seconds(Map<String, String> config, String key, double fallback) {
    double seconds = Optional.ofNullable(config.get(key)).map(v -> number(key, v)).orElse(fallback);
    if (seconds < 0 || seconds > 86_400) {
      throw new IllegalArgumentException("sim." + key + " must be between 0 and 86400 seconds, got " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static double rate(Map<String, String> config, String key) {
    double rate = Optional.ofNullable(config.get(key)).map(v -> number(key, v)).orElse(0.0);
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("sim." + key + " must be a probability between 0 and 1, got " + rate);
    }
    return rate;
  }

  private static double number(String key, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sim." + key + " must be a number, got '" + value + "'");
    }
  }

  private static long wholeNumber(String key, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sim." + key + " must be " + (min == 0 ? "a non-negative" : "an")
          + " integer, got '" + value + "'");
    }
  }

  private static final String TYPE_FORMAT = "name:cpu:memoryMiB:maxPods[:gpus[:architecture]]";

  private static List<SimInstanceType> instanceTypes(String text) {
    List<SimInstanceType> types = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return types;
    }
    for (String entry : text.split(",")) {
      String[] parts = entry.trim().split(":");
      try {
        if (parts.length < 4 || parts.length > 6 || parts[0].isBlank()) {
          throw new IllegalArgumentException("expected " + TYPE_FORMAT);
        }
        types.add(new SimInstanceType(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
            Integer.parseInt(parts[3]), parts.length > 4 ? Integer.parseInt(parts[4]) : 0,
            parts.length > 5 ? parts[5] : "amd64"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sim.instanceTypes entry '" + entry.trim() + "' is invalid: "
            + e.getMessage() + " (expected " + TYPE_FORMAT + ")");
      }
    }
    return types;
  }
}
