package io.machineapi.testkit;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the URL of an external test peer (moto for EC2, vcsim, Ironic, Nova) that {@code ./test.sh} started, and
 * decides what a test does when it is missing: <b>fail</b> when {@code CI=true} (a CI run that silently skipped a
 * provider's integration tests would be green for nothing), otherwise <b>skip loudly</b> (a developer without the
 * peer still gets a usable build, and a line on stderr says what was skipped and how to run it).
 *
 * <p>A peer named {@code moto} is found in system property {@code machineapi.peer.moto.url}, else in environment
 * variable {@code MACHINEAPI_PEER_MOTO_URL} (test.sh exports both). Use it first thing in a test class:
 * <pre>{@code
 * @BeforeAll
 * static void peer() {
 *   ec2Endpoint = PeerAssumptions.requirePeer("moto");
 * }
 * }</pre>
 */
public final class PeerAssumptions {

  private final Function<String, String> systemProperties;
  private final Map<String, String> environment;
  private final PrintStream skipLog;

  PeerAssumptions(Function<String, String> systemProperties, Map<String, String> environment, PrintStream skipLog) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.skipLog = skipLog;
  }

  private static PeerAssumptions current() {
    return new PeerAssumptions(System::getProperty, System.getenv(), System.err);
  }

  /**
   * The peer's URL. When it is not configured: fails the test under {@code CI=true}, else aborts it (skipped).
   *
   * @param peer the peer's name as used by test.sh ({@code moto}, {@code vcsim}, {@code ironic}, {@code nova})
   */
  public static URI requirePeer(String peer) {
    return current().require(peer);
  }

  /**
   * Requires something of this machine other than a peer (root, a tool), with the same rule as for a peer: when
   * {@code present} is false, fails the test under {@code CI=true}, else aborts it (skipped) with a line on stderr.
   *
   * @param missing what is missing and how to get it, e.g. "chroot needs root: run the tests as root"
   */
  public static void requireHost(boolean present, String missing) {
    current().requireThat(present, missing);
  }

  /** The peer's URL if configured, without failing or skipping. */
  public static Optional<URI> peerUrl(String peer) {
    return current().find(peer);
  }

  /** The system property naming a peer's URL, e.g. {@code machineapi.peer.moto.url}. */
  public static String propertyName(String peer) {
    return "machineapi.peer." + peer + ".url";
  }

  /** The environment variable naming a peer's URL, e.g. {@code MACHINEAPI_PEER_MOTO_URL}. */
  public static String environmentName(String peer) {
    return "MACHINEAPI_PEER_" + peer.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
  }

  URI require(String peer) {
    Optional<URI> url = find(peer);
    if (url.isPresent()) {
      return url.get();
    }
    unavailable("peer missing", "Test peer '" + peer + "' is not available: neither system property "
        + propertyName(peer) + " nor environment variable " + environmentName(peer) + " is set. Run the tests "
        + "through ./test.sh, which starts the peers.");
    throw new IllegalStateException("unreachable: unavailable always throws");
  }

  void requireThat(boolean present, String missing) {
    if (!present) {
      unavailable("machine lacks it", missing);
    }
  }

  private void unavailable(String why, String message) {
    if (isCi()) {
      Assertions.fail(message + " Failing because CI=true: CI must run every suite.");
    }
    skipLog.println("SKIPPED (" + why + "): " + message);
    Assumptions.abort(message);
  }

  Optional<URI> find(String peer) {
    Objects.requireNonNull(peer, "peer");
    String value = systemProperties.apply(propertyName(peer));
    if (value == null || value.isBlank()) {
      value = environment.get(environmentName(peer));
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(value.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("URL of test peer '" + peer + "' is not a URI: " + value, e);
    }
  }

  boolean isCi() {
    return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
  }
}
