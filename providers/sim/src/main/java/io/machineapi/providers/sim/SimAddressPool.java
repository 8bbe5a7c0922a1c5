package io.machineapi.providers.sim;

import java.util.BitSet;
import java.util.Optional;

/**
 * Private IPv4 addresses from 10.0.0.0/16 for simulated instances: lowest free first, never the network or
 * broadcast address. Not thread-safe; {@link SimCloud} guards it.
 */
final class SimAddressPool {

  /** Host numbers 1 .. 65534 of the /16. */
  static final int CAPACITY = 65534;

  private final BitSet used = new BitSet(CAPACITY + 1);

  Optional<String> allocate() {
    int host = used.nextClearBit(1);
    if (host > CAPACITY) {
      return Optional.empty();
    }
    used.set(host);
    return Optional.of("10.0." + (host >> 8) + "." + (host & 0xff));
  }

  /** Marks an address taken (restoring instances from {@link SimStateFile}). */
  void reserve(String ip) {
    String[] octets = ip.split("\\.");
    used.set(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
  }

  void release(String ip) {
    String[] octets = ip.split("\\.");
    used.clear(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
  }
}
