package io.machineapi.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference from a providerSpec to a Secret.
 *
 * @param name the Secret's name; not blank
 * @param namespace the Secret's namespace, or empty for the Machine's own namespace (the usual case; OpenStack's
 *     {@code cloudsSecret} and bare metal's {@code userData} may name another one)
 */
public record SecretReference(String name, Optional<String> namespace) {

  public SecretReference {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("secret name must not be blank");
    }
    namespace = Objects.requireNonNull(namespace, "namespace").filter(ns -> !ns.isBlank());
  }

  /** A Secret in the Machine's own namespace. */
  public static SecretReference inMachineNamespace(String name) {
    return new SecretReference(name, Optional.empty());
  }

  /** The namespace to read the Secret from, given the Machine's namespace. */
  public String namespaceFor(String machineNamespace) {
    return namespace.orElse(machineNamespace);
  }
}
