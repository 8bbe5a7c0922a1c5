package io.machineapi.cli;

import io.fabric8.kubernetes.client.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What this build of machine-api is: its version and git commit (written into the jar at build time), and the
 * versions of the libraries that matter when reporting a problem.
 *
 * @param version the project version
 * @param gitCommit the abbreviated commit, with {@code -dirty} when built from uncommitted changes; empty when the
 *     build had no git checkout
 * @param josdkVersion java-operator-sdk version built against
 * @param fabric8Version fabric8 kubernetes-client version on the class path
 * @param javaVersion the running JVM's version
 */
record BuildInfo(String version, Optional<String> gitCommit, String josdkVersion, String fabric8Version,
    String javaVersion) {

  private static final String RESOURCE = "/io/machineapi/cli/build.properties";

  static BuildInfo load() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<String> commit = known(props.getProperty("git.commit"))
        .map(c -> "true".equals(props.getProperty("git.dirty")) ? c + "-dirty" : c);
    String fabric8 = known(safeClientVersion()).orElse(known(props.getProperty("fabric8.version")).orElse("unknown"));
    return new BuildInfo(known(props.getProperty("version")).orElse("unknown"), commit,
        known(props.getProperty("josdk.version")).orElse("unknown"), fabric8, Runtime.version().toString());
  }

  /** One line for {@code --version}. */
  String summary() {
    return "machine-api " + version + gitCommit.map(c -> " (commit " + c + ")").orElse("");
  }

  /** A value left as {@code ${...}} by resource filtering was not known at build time. */
  private static Optional<String> known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? Optional.empty() : Optional.of(value.trim());
  }

  private static String safeClientVersion() {
    try {
      return Version.clientVersion();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
