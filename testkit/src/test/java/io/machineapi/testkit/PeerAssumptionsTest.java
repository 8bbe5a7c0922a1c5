package io.machineapi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
