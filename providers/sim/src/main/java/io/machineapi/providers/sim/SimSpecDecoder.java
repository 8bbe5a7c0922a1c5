package io.machineapi.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.SecretReference;
import io.machineapi.spi.SpecDecoder;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds and validates a {@link SimMachineProviderSpec}; defaults live here and nowhere else. */
final class SimSpecDecoder {

  static final String DEFAULT_INSTANCE_TYPE = "sim.medium";
  static final String DEFAULT_REGION = "sim-region-1";
  static final int MAX_BOOT_SECONDS = 3600;

  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");
  private static final Pattern REGION_OR_ZONE = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  /** The wire shape; strict so a typo ({@code bootSecond}) is reported instead of silently defaulted. */
  record Wire(String instanceType, String region, String zone, Integer bootSeconds, LocalSecret userDataSecret) {}

  /** A Secret in the Machine's namespace, {@code {name: ...}}. */
  record LocalSecret(String name) {}

  private final SpecDecoder decoder = SpecDecoder.strict();

  SimMachineProviderSpec decode(JsonNode value) throws InvalidConfigurationException {
    Wire wire = decoder.decode(value, Wire.class);
    String instanceType = orDefault(wire.instanceType(), DEFAULT_INSTANCE_TYPE);
    String region = orDefault(wire.region(), DEFAULT_REGION);
    String zone = orDefault(wire.zone(), region + "a");
    Integer bootSeconds = wire.bootSeconds();

    FieldErrors errors = FieldErrors.forProviderSpec();
    errors.check(INSTANCE_TYPE.matcher(instanceType).matches(), "instanceType",
        "must be lower-case words separated by dots, like sim.large");
    errors.check(REGION_OR_ZONE.matcher(region).matches(), "region",
        "must be lower-case letters, digits and dashes");
    errors.check(REGION_OR_ZONE.matcher(zone).matches() && zone.startsWith(region) && !zone.equals(region), "zone",
        "must be a zone of region " + region + ", like " + region + "a");
    errors.check(bootSeconds == null || bootSeconds >= 0 && bootSeconds <= MAX_BOOT_SECONDS, "bootSeconds",
        "must be between 0 and " + MAX_BOOT_SECONDS);
    if (wire.userDataSecret() != null) {
      errors.requireSet(wire.userDataSecret().name(), "userDataSecret.name");
    }
    errors.throwIfAny();

    Optional<SecretReference> userData = Optional.ofNullable(wire.userDataSecret())
        .map(s -> SecretReference.inMachineNamespace(s.name()));
    return new SimMachineProviderSpec(instanceType, region, zone,
        Optional.ofNullable(bootSeconds).map(Duration::ofSeconds), userData);
  }

  /**
   * {@code value} with the defaults {@link #decode} applies written into it where a field is missing: instance type,
   * region and its zone {@code a}. Not an object: returned unchanged (decode reports it).
   */
  JsonNode defaults(JsonNode value) {
    if (value == null || !value.isObject()) {
      return value;
    }
    ObjectNode out = ((ObjectNode) value).deepCopy();
    fill(out, "instanceType", DEFAULT_INSTANCE_TYPE);
    fill(out, "region", DEFAULT_REGION);
    if (out.get("region").isTextual()) {
      fill(out, "zone", out.get("region").asText() + "a");
    }
    return out;
  }

  private static void fill(ObjectNode node, String field, String value) {
    JsonNode current = node.get(field);
    if (current == null || current.isNull() || current.isTextual() && current.asText().isBlank()) {
      node.put(field, value);
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
