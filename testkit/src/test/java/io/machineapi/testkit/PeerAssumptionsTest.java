package io.machineapi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeerAssumptionsTest {

  @Test
  void systemPropertyWinsOverEnvironment() {
    PeerAssumptions peers = new PeerAssumptions(
        Map.of("machineapi.peer.moto.url", "http://127.0.0.1:5000")::get,
        Map.of("MACHINEAPI_PEER_MOTO_URL", "http://127.0.0.1:6000"), skipLog());

    assertThat(peers.require("moto")).isEqualTo(URI.create("http://127.0.0.1:5000"));
  }

  @Test
  void environmentIsUsedWhenThePropertyIsMissing() {
    PeerAssumptions peers = new PeerAssumptions(key -> null, Map.of("MACHINEAPI_PEER_VCSIM_URL", " https://x/sdk "),
        skipLog());

    assertThat(peers.find("vcsim")).contains(URI.create("https://x/sdk"));
  }

  @Test
  void aMissingPeerFailsTheTestUnderCi() {
    PeerAssumptions peers = new PeerAssumptions(key -> null, Map.of("CI", "true"), skipLog());

    assertThatThrownBy(() -> peers.require("ironic"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("machineapi.peer.ironic.url")
        .hasMessageContaining("MACHINEAPI_PEER_IRONIC_URL")
        .hasMessageContaining("CI=true");
  }

  @Test
  void aMissingPeerSkipsTheTestOutsideCi() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PeerAssumptions peers = new PeerAssumptions(key -> null, Map.of("CI", "false"),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThatThrownBy(() -> peers.require("nova"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("./test.sh");
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("SKIPPED (peer missing): Test peer 'nova'");
  }

  @Test
  void aMissingHostRequirementFailsUnderCiAndSkipsLoudlyOtherwise() {
    PeerAssumptions ci = new PeerAssumptions(key -> null, Map.of("CI", "true"), skipLog());
    assertThatThrownBy(() -> ci.requireThat(false, "chroot needs root."))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("chroot needs root.")
        .hasMessageContaining("CI=true");

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PeerAssumptions developer = new PeerAssumptions(key -> null, Map.of(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThatThrownBy(() -> developer.requireThat(false, "chroot needs root."))
        .isInstanceOf(TestAbortedException.class);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("SKIPPED (machine lacks it): chroot needs root.");

    developer.requireThat(true, "never shown");
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("never shown");
  }

  private static PrintStream skipLog() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  @Test
  void namesFollowOneConvention() {
    assertThat(PeerAssumptions.propertyName("open-stack")).isEqualTo("machineapi.peer.open-stack.url");
    assertThat(PeerAssumptions.environmentName("open-stack")).isEqualTo("MACHINEAPI_PEER_OPEN_STACK_URL");
  }

  // --- a slow peer that test.sh marked as still starting ---------------------------------------------------------

  @TempDir
  Path peers;

  private PeerAssumptions slowPeer(Path stateDir, String ci, ByteArrayOutputStream printed) {
    return new PeerAssumptions(Map.of("machineapi.peer.state.dir", stateDir.toString())::get, Map.of("CI", ci),
        new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC(), Duration.ofMinutes(10),
        Duration.ofMillis(20));
  }

  private Path stateDir() throws Exception {
    return Files.createDirectories(peers.resolve("state"));
  }

  @Test
  void aPeerStillStartingIsAwaitedUntilItsStartEndsWell() throws Exception {
    Path state = stateDir();
    Files.writeString(state.resolve("openstack.starting"), "");
    PeerAssumptions assumptions = slowPeer(state, "true", new ByteArrayOutputStream());

    CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> assumptions.require("openstack"));
    assertThat(url).isNotDone(); // nothing has ended the start yet
    assertThat(assumptions.find("openstack")).isEmpty();
    // What test.sh's starter does: the script writes the URL last, then its exit status is recorded.
    Files.writeString(state.resolve("openstack.url"), "http://127.0.0.1:5000/v3\n");
    Files.writeString(state.resolve("openstack.exit"), "0\n");
    Files.delete(state.resolve("openstack.starting"));

    assertThat(url.get(10, TimeUnit.SECONDS)).isEqualTo(URI.create("http://127.0.0.1:5000/v3"));
    assertThat(assumptions.find("openstack")).contains(URI.create("http://127.0.0.1:5000/v3"));
  }

  /** A state directory where the start of peer "openstack" has ended with this exit status. */
  private Path endedStart(String exitStatus) throws Exception {
    Path state = stateDir();
    Files.writeString(state.resolve("openstack.exit"), exitStatus + "\n");
    return state;
  }

  private AbstractThrowableAssert<?, ? extends Throwable> requireUnderCi(Path state) {
    return assertThatThrownBy(() -> slowPeer(state, "true", new ByteArrayOutputStream()).require("openstack"))
        .isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void aPeerWhoseStartFailedFailsUnderCiWithTheExitStatusAndTheLog() throws Exception {
    requireUnderCi(endedStart("1"))
        .hasMessageContaining("failed to start: its start script exited with 1")
        .hasMessageContaining(peers.resolve("openstack.start.log").toString())
        .hasMessageContaining("CI=true");
  }

  @Test
  void aPeerWhoseStartFailedIsSkippedOutsideCi() throws Exception {
    Path state = endedStart("3");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    assertThatThrownBy(() -> slowPeer(state, "false", printed).require("openstack"))
        .isInstanceOf(TestAbortedException.class);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("SKIPPED (peer failed to start): Test peer 'openstack' failed to start: its start script "
            + "exited with 3");
  }

  @Test
  void aStartThatEndedWellWithoutAUrlCountsAsFailed() throws Exception {
    requireUnderCi(endedStart("0")).hasMessageContaining("wrote no openstack.url");
  }

  @Test
  void theWaitEndsAtTheDeadlineCountedFromTheMarkersCreation() throws Exception {
    Path state = stateDir();
    Path marker = Files.writeString(state.resolve("openstack.starting"), "");
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Files.setLastModifiedTime(marker, FileTime.from(now.minus(Duration.ofMinutes(10))));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PeerAssumptions assumptions = new PeerAssumptions(Map.of("machineapi.peer.state.dir", state.toString())::get,
        Map.of("CI", "false"), new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.fixed(now,
            ZoneOffset.UTC), Duration.ofMinutes(10), Duration.ofMillis(20));

    assertThatThrownBy(() -> assumptions.require("openstack"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("was still starting 10 min after test.sh started it");
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("SKIPPED (peer still starting)");
  }

  @Test
  void aConfiguredUrlIsUsedWithoutLookingAtTheStateDirectory() throws Exception {
    Path state = stateDir();
    Files.writeString(state.resolve("moto.starting"), ""); // would block if it were consulted
    PeerAssumptions assumptions = new PeerAssumptions(Map.of("machineapi.peer.moto.url", "http://127.0.0.1:1",
        "machineapi.peer.state.dir", state.toString())::get, Map.of("CI", "true"), skipLog());

    assertThat(assumptions.require("moto")).isEqualTo(URI.create("http://127.0.0.1:1"));
  }

  @Test
  void theStateDirectoryComesFromTheEnvironmentWhenThePropertyIsMissing() throws Exception {
    Path state = stateDir();
    Files.writeString(state.resolve("openstack.url"), "http://127.0.0.1:5000/v3");
    Files.writeString(state.resolve("openstack.exit"), "0");
    PeerAssumptions assumptions = new PeerAssumptions(key -> null,
        Map.of("MACHINEAPI_PEER_STATE_DIR", state.toString()), skipLog());

    assertThat(assumptions.require("openstack")).isEqualTo(URI.create("http://127.0.0.1:5000/v3"));
  }

  @Test
  void aPeerNeitherConfiguredNorStartingIsMissingAsBefore() throws Exception {
    Path state = stateDir();
    PeerAssumptions assumptions = new PeerAssumptions(Map.of("machineapi.peer.state.dir", state.toString())::get,
        Map.of("CI", "true"), skipLog());

    assertThatThrownBy(() -> assumptions.require("vcsim"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("machineapi.peer.vcsim.url");
  }
}
