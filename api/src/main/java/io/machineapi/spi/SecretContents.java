package io.machineapi.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decoded data of one Secret, as the controller read it for a provider call.
 *
 * <p>Immutable: byte arrays are copied in and out, so a provider cannot change what another call sees.
 * {@link #toString()} prints the Secret's name and key names only, never a value, so logging a
 * {@link MachineContext} cannot leak credentials or user data.
 */
public final class SecretContents {

  private final String name;
  private final Map<String, byte[]> data;

  /**
   * @param name the Secret's name (for messages)
   * @param data the Secret's {@code data}, base64-decoded
   */
  public SecretContents(String name, Map<String, byte[]> data) {
    this.name = Objects.requireNonNull(name, "name");
    TreeMap<String, byte[]> copy = new TreeMap<>();
    Objects.requireNonNull(data, "data").forEach((k, v) -> copy.put(k, Objects.requireNonNull(v, k).clone()));
    this.data = copy;
  }

  /** The Secret's name. */
  public String name() {
    return name;
  }

  /** The keys present, sorted. */
  public Set<String> keys() {
    return java.util.Collections.unmodifiableSet(data.keySet());
  }

  /** A copy of the value under {@code key}, if present. */
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(data.get(key)).map(byte[]::clone);
  }

  /** The value under {@code key} as UTF-8 text, if present. */
  public Optional<String> getString(String key) {
    return Optional.ofNullable(data.get(key)).map(v -> new String(v, StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretContents other) || !name.equals(other.name)
        || !data.keySet().equals(other.data.keySet())) {
      return false;
    }
    return data.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.data.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, data.keySet());
  }

  /** Name and key names only; values are never printed. */
  @Override
  public String toString() {
    return "Secret[" + name + ", keys=" + data.keySet() + ", values redacted]";
  }
}
