package io.machineapi.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of {@code status.addresses} (the core {@code NodeAddress} shape).
 *
 * @param type the address type
 * @param address the IP address or DNS name; not blank
 */
public record MachineAddress(Type type, String address) {

  public MachineAddress {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
  }

  /** Shorthand for an {@link Type#INTERNAL_IP} address. */
  public static MachineAddress internalIp(String ip) {
    return new MachineAddress(Type.INTERNAL_IP, ip);
  }

  /** Address types, with the exact spelling Kubernetes uses on the wire ({@link #wireName()}). */
  public enum Type {
    INTERNAL_IP("InternalIP"),
    EXTERNAL_IP("ExternalIP"),
    INTERNAL_DNS("InternalDNS"),
    EXTERNAL_DNS("ExternalDNS"),
    HOSTNAME("Hostname");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** The spelling in {@code status.addresses[].type}, e.g. {@code InternalIP}. */
    public String wireName() {
      return wireName;
    }

    /** Parses a wire spelling such as {@code InternalDNS}. */
    public static Type fromWireName(String wireName) {
      return Arrays.stream(values())
          .filter(t -> t.wireName.equals(wireName))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown address type: " + wireName));
    }
  }
}
