package io.machineapi.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>A slow peer (OpenStack) may still be starting when the tests run: test.sh starts Maven without waiting for it
 * and leaves the peer's files in its state directory (system property {@code machineapi.peer.state.dir}, else
 * environment variable {@code MACHINEAPI_PEER_STATE_DIR}): {@code NAME.starting} while the start script runs,
 * {@code NAME.exit} (its exit status) when it has ended, {@code NAME.url} when it succeeded. {@link #requirePeer}
 * then waits for the start to end, at most {@link #START_WAIT} counted from the marker's creation (so that every
 * test JVM shares one deadline), and fails or skips by the rule above if the start failed or did not end in time.
 */
public final class PeerAssumptions {

  /** The longest a slow peer may take from test.sh's start of it (package installation included). */
  public static final Duration START_WAIT = Duration.ofMinutes(10);

  private final Function<String, String> systemProperties;
  private final Map<String, String> environment;
  private final PrintStream skipLog;
  private final Clock clock;
  private final Duration startWait;
  private final Duration pollInterval;

  PeerAssumptions(Function<String, String> systemProperties, Map<String, String> environment, PrintStream skipLog) {
    this(systemProperties, environment, skipLog, Clock.systemUTC(), START_WAIT, Duration.ofMillis(500));
  }

  PeerAssumptions(Function<String, String> systemProperties, Map<String, String> environment, PrintStream skipLog,
      Clock clock, Duration startWait, Duration pollInterval) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.skipLog = skipLog;
    this.clock = clock;
    this.startWait = startWait;
    this.pollInterval = pollInterval;
  }

  private static PeerAssumptions current() {
    return new PeerAssumptions(System::getProperty, System.getenv(), System.err);
  }

  /**
   * The peer's URL. When it is not configured: fails the test under {@code CI=true}, else aborts it (skipped).
   * When test.sh marked the peer as still starting, first waits for its start to end (see the class comment).
   *
   * @param peer the peer's name as used by test.sh ({@code moto}, {@code openstack}, {@code vcsim}, {@code ironic})
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

  /** The peer's URL if configured (or its start has ended well), without waiting, failing or skipping. */
  public static Optional<URI> peerUrl(String peer) {
    return current().find(peer);
  }

  /**
   * A file a peer's start script left in test.sh's state directory (e.g. {@code openstack-clouds.yaml}); empty when no
   * state directory is configured or the file is not there.
   */
  public static Optional<Path> stateFile(String fileName) {
    return current().stateDir().map(dir -> dir.resolve(fileName)).filter(Files::isRegularFile);
  }

  /** The system property naming a peer's URL, e.g. {@code machineapi.peer.moto.url}. */
  public static String propertyName(String peer) {
    return "machineapi.peer." + peer + ".url";
  }

  /** The system property naming the directory where test.sh keeps the peers' state files. */
  public static final String STATE_DIR_PROPERTY = "machineapi.peer.state.dir";

  /** The environment variable naming the directory where test.sh keeps the peers' state files. */
  public static final String STATE_DIR_ENVIRONMENT = "MACHINEAPI_PEER_STATE_DIR";

  /** The environment variable naming a peer's URL, e.g. {@code MACHINEAPI_PEER_MOTO_URL}. */
  public static String environmentName(String peer) {
    return "MACHINEAPI_PEER_" + peer.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
  }

  URI require(String peer) {
    Optional<URI> url = find(peer);
    if (url.isPresent()) {
      return url.get();
    }
    Optional<Path> stateDir = stateDir();
    if (stateDir.isPresent() && (Files.exists(stateDir.get().resolve(peer + ".starting"))
        || Files.exists(stateDir.get().resolve(peer + ".exit")))) {
      return awaitStart(peer, stateDir.get());
    }
    unavailable("peer missing", "Test peer '" + peer + "' is not available: neither system property "
        + propertyName(peer) + " nor environment variable " + environmentName(peer) + " is set. Run the tests "
        + "through ./test.sh, which starts the peers.");
    throw new IllegalStateException("unreachable: unavailable always throws");
  }

  private URI awaitStart(String peer, Path stateDir) {
    Path marker = stateDir.resolve(peer + ".starting");
    Path exit = stateDir.resolve(peer + ".exit");
    Instant deadline = startedAt(marker).plus(startWait);
    boolean announced = false;
    while (!Files.exists(exit)) {
      if (!clock.instant().isBefore(deadline)) {
        unavailable("peer still starting", "Test peer '" + peer + "' was still starting " + startWait.toMinutes()
            + " min after test.sh started it (" + marker + " exists, " + exit + " does not); see "
            + startLog(peer, stateDir) + ".");
      }
      if (!announced) {
        skipLog.println("Waiting for test peer '" + peer + "', which is still starting (until " + deadline + ")");
        announced = true;
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for test peer '" + peer + "'", e);
      }
    }
    String status = read(exit);
    Optional<URI> url = fromStateDir(peer, stateDir);
    if (!"0".equals(status) || url.isEmpty()) {
      unavailable("peer failed to start", "Test peer '" + peer + "' failed to start: its start script exited with "
          + status + (url.isEmpty() ? " and wrote no " + peer + ".url" : "") + "; see " + startLog(peer, stateDir)
          + ".");
    }
    return url.get();
  }

  /** test.sh keeps the start scripts' output in NAME.start.log, in the parent of the state directory. */
  private static Path startLog(String peer, Path stateDir) {
    Path logs = stateDir.toAbsolutePath().getParent();
    return (logs == null ? stateDir : logs).resolve(peer + ".start.log");
  }

  /** When test.sh created the marker; now if it is already gone (the start ended meanwhile). */
  private Instant startedAt(Path marker) {
    try {
      return Files.getLastModifiedTime(marker).toInstant();
    } catch (IOException e) {
      return clock.instant();
    }
  }

  private Optional<Path> stateDir() {
    String value = systemProperties.apply(STATE_DIR_PROPERTY);
    if (value == null || value.isBlank()) {
      value = environment.get(STATE_DIR_ENVIRONMENT);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
  }

  /** The URL a finished start wrote, when its exit status was 0. */
  private static Optional<URI> fromStateDir(String peer, Path stateDir) {
    Path url = stateDir.resolve(peer + ".url");
    if (!"0".equals(read(stateDir.resolve(peer + ".exit"))) || !Files.exists(url)) {
      return Optional.empty();
    }
    return Optional.of(parse(peer, read(url)));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
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
      return stateDir().flatMap(dir -> fromStateDir(peer, dir));
    }
    return Optional.of(parse(peer, value));
  }

  private static URI parse(String peer, String value) {
    try {
      return URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("URL of test peer '" + peer + "' is not a URI: " + value, e);
    }
  }

  boolean isCi() {
    return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
  }
}
