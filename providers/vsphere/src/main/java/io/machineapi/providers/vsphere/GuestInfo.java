package io.machineapi.providers.vsphere;

import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.Cidr;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.NetworkDevice;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VM's {@code extraConfig} that the guest reads through VMware Tools: the Ignition config, the host name, steal
 * clock accounting and, with static addresses, the dracut network arguments Afterburn applies in the initramfs.
 */
final class GuestInfo {
  static final String IGNITION_DATA = "guestinfo.ignition.config.data";
  static final String IGNITION_ENCODING = "guestinfo.ignition.config.data.encoding";
  static final String HOSTNAME = "guestinfo.hostname";
  static final String STEAL_CLOCK = "stealclock.enable";
  static final String NETWORK_KARGS = "guestinfo.afterburn.initrd.network-kargs";
  /** Guards against input that keeps decoding (it cannot loop forever: each decode shortens it). */
  private static final int MAX_DECODES = 16;

  private GuestInfo() {}

  /** The extra config of a new VM, in a stable order. */
  static Map<String, String> extraConfig(String machineName, byte[] userData, List<NetworkDevice> devices) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(IGNITION_DATA, ignitionData(userData));
    out.put(IGNITION_ENCODING, "base64");
    out.put(HOSTNAME, machineName);
    out.put(STEAL_CLOCK, "TRUE");
    String kargs = networkKargs(devices);
    if (!kargs.isEmpty()) {
      out.put(NETWORK_KARGS, kargs);
    }
    return out;
  }

  /**
   * Base64 of the user data: the input is decoded as long as it is valid (padded, standard alphabet) base64, then
   * encoded exactly once, so a user-data Secret that holds the config already encoded (once or more) and one that
   * holds it plain give the same guest value.
   */
  static String ignitionData(byte[] userData) {
    byte[] data = userData;
    for (int i = 0; i < MAX_DECODES; i++) {
      byte[] decoded = decodeStrict(data);
      if (decoded == null) {
        break;
      }
      data = decoded;
    }
    return Base64.getEncoder().encodeToString(data);
  }

  /** The decoded bytes, or {@code null} when {@code data} is empty or not padded standard base64. */
  static byte[] decodeStrict(byte[] data) {
    if (data.length == 0 || data.length % 4 != 0) {
      return null;
    }
    for (byte b : data) {
      boolean ok = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/'
          || b == '=';
      if (!ok) {
        return null;
      }
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Dracut arguments for the static addresses: {@code ip=<ip>::<gateway>:<netmask>:::none} per address (IPv6 in
   * brackets with the prefix length as mask) and {@code nameserver=<ip>} per name server; empty without addresses.
   */
  static String networkKargs(List<NetworkDevice> devices) {
    List<String> args = new ArrayList<>();
    for (NetworkDevice d : devices) {
      for (String cidr : d.ipAddrsOrEmpty()) {
        Cidr.Parsed p = Cidr.parse(cidr).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + cidr));
        String gw = d.gateway() == null ? "" : d.gateway();
        String ip = cidr.substring(0, cidr.indexOf('/'));
        if (p.ipv6()) {
          args.add("ip=[" + ip + "]::" + (gw.isEmpty() ? "" : "[" + gw + "]") + ":"
              + p.prefix() + ":::none");
        } else {
          args.add("ip=" + ip + "::" + gw + ":" + netmask(p.prefix()) + ":::none");
        }
      }
      for (String ns : d.nameserversOrEmpty()) {
        args.add("nameserver=" + ns);
      }
    }
    return String.join(" ", args);
  }

  static String netmask(int prefix) {
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
  }
}
