package io.machineapi.spi.inventory;

import java.util.Objects;

/**
 * Identifies one host. The UID guards against a host deleted and re-created under the same name.
 *
 * @param namespace the host's namespace
 * @param name the host's name
 * @param uid the host's {@code metadata.uid}
 */
public record HostId(String namespace, String name, String uid) {

  private static final String PROVIDER_ID_PREFIX = "baremetalhost:///";

  public HostId {
    for (String part : new String[] {namespace, name, uid}) {
      Objects.requireNonNull(part, "host id part");
      if (part.isBlank() || part.contains("/")) {
        throw new IllegalArgumentException("invalid host id part: '" + part + "'");
      }
    }
  }

  /** {@code namespace/name/uid}: the form stored as a progress token. */
  public String token() {
    return namespace + "/" + name + "/" + uid;
  }

  /** Parses {@link #token()}. */
  public static HostId parseToken(String token) {
    String[] parts = Objects.requireNonNull(token, "token").split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected namespace/name/uid, got '" + token + "'");
    }
    return new HostId(parts[0], parts[1], parts[2]);
  }

  /** The Machine's {@code spec.providerID}: {@code baremetalhost:///<namespace>/<name>/<uid>}. */
  public String providerId() {
    return PROVIDER_ID_PREFIX + token();
  }
}
