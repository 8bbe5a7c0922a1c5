package io.machineapi.providers.vsphere;

import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A vCenter login from the credentials Secret (keys {@code <server>.username}, {@code <server>.password}).
 * {@link #toString()} and {@link #key()} never show the password: the key carries a hash of it, so a rotated
 * password gets a new session at once.
 */
record Credentials(String server, String username, String password) {

  static Credentials from(ResolvedSecrets secrets, String server) throws InvalidConfigurationException {
    Optional<SecretContents> secret = secrets.credentialsSecret();
    String path = "providerSpec.value.credentialsSecret";
    if (secret.isEmpty()) {
      throw new InvalidConfigurationException(path, "the credentials Secret was not resolved");
    }
    String user = secret.get().getString(server + ".username").map(String::trim).orElse("");
    String password = secret.get().getString(server + ".password").orElse("");
    if (user.isEmpty() || password.isEmpty()) {
      throw new InvalidConfigurationException(path, "Secret " + secret.get().name() + " needs keys " + server
          + ".username and " + server + ".password (has " + secret.get().keys() + ")");
    }
    return new Credentials(server, user, password);
  }

  /** server, user and a hash of the password: the session cache key. */
  String key() {
    return server + "|" + username + "|" + passwordHash();
  }

  private String passwordHash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return username + "@" + server;
  }
}
