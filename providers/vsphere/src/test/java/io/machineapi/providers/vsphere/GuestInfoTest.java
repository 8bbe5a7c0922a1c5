package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.NetworkDevice;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestInfoTest {
  private static final byte[] IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8);

  private static byte[] b64(byte[] data) {
    return Base64.getEncoder().encode(data);
  }

  @Test
  void userDataIsDecodedWhileItDecodesThenEncodedOnce() {
    String once = Base64.getEncoder().encodeToString(IGNITION);
    assertThat(GuestInfo.ignitionData(IGNITION)).isEqualTo(once);
    assertThat(GuestInfo.ignitionData(b64(IGNITION))).isEqualTo(once);
    assertThat(GuestInfo.ignitionData(b64(b64(b64(IGNITION))))).isEqualTo(once);
    assertThat(new String(Base64.getDecoder().decode(GuestInfo.ignitionData(b64(b64(IGNITION)))),
        StandardCharsets.UTF_8)).isEqualTo(new String(IGNITION, StandardCharsets.UTF_8));
  }

  @Test
  void onlyPaddedStandardBase64Counts() {
    assertThat(GuestInfo.decodeStrict("abc".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(GuestInfo.decodeStrict("ab-_".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(GuestInfo.decodeStrict(new byte[0])).isNull();
    assertThat(GuestInfo.decodeStrict("aGk=".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
    // Plain text that happens to be valid base64 is decoded, as OpenShift's provider does.
    assertThat(GuestInfo.ignitionData("abcd".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(Base64.getEncoder().encodeToString(Base64.getDecoder().decode("abcd")));
  }

  @Test
  void extraConfigCarriesIgnitionHostnameAndStealClock() {
    Map<String, String> extra = GuestInfo.extraConfig("worker-0", IGNITION,
        List.of(new NetworkDevice("VM Network", null, null, null, null)));
    assertThat(extra).containsOnlyKeys(GuestInfo.IGNITION_DATA, GuestInfo.IGNITION_ENCODING, GuestInfo.HOSTNAME,
        GuestInfo.STEAL_CLOCK);
    assertThat(extra).containsEntry(GuestInfo.IGNITION_ENCODING, "base64").containsEntry(GuestInfo.HOSTNAME,
        "worker-0").containsEntry(GuestInfo.STEAL_CLOCK, "TRUE");
  }

  @Test
  void staticAddressesBecomeDracutArguments() {
    List<NetworkDevice> devices = List.of(
        new NetworkDevice("a", "192.168.1.1", List.of("192.168.1.10/24"), List.of("192.168.1.2", "8.8.8.8"), null),
        new NetworkDevice("b", "fd00::1", List.of("fd00::10/64"), null, null),
        new NetworkDevice("c", null, List.of("10.0.0.5/8"), null, null));
    assertThat(GuestInfo.networkKargs(devices)).isEqualTo("ip=192.168.1.10::192.168.1.1:255.255.255.0:::none "
        + "nameserver=192.168.1.2 nameserver=8.8.8.8 ip=[fd00::10]::[fd00::1]:64:::none "
        + "ip=10.0.0.5:::255.0.0.0:::none");
    assertThat(GuestInfo.extraConfig("w", IGNITION, devices)).containsKey(GuestInfo.NETWORK_KARGS);
    assertThat(GuestInfo.netmask(32)).isEqualTo("255.255.255.255");
    assertThat(GuestInfo.netmask(0)).isEqualTo("0.0.0.0");
    assertThat(GuestInfo.netmask(20)).isEqualTo("255.255.240.0");
  }
}
