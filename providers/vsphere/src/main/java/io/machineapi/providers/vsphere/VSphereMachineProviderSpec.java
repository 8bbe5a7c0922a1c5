package io.machineapi.providers.vsphere;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code VSphereMachineProviderSpec} ({@code machine.openshift.io/v1beta1}, also accepted as
 * {@code vsphereprovider.openshift.io/v1beta1}) as OpenShift writes it. Unknown fields are ignored (lenient
 * decoding, as the cloud providers do).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VSphereMachineProviderSpec(
    @JsonProperty("userDataSecret") SecretRef userDataSecretRef,
    @JsonProperty("credentialsSecret") SecretRef credentialsSecretRef,
    String template,
    Workspace workspace,
    Network network,
    @JsonProperty("numCPUs") Integer numCPUs,
    Integer numCoresPerSocket,
    @JsonProperty("memoryMiB") Long memoryMiB,
    @JsonProperty("diskGiB") Integer diskGiB,
    @JsonProperty("tagIDs") List<String> tagIds,
    String snapshot,
    CloneMode cloneMode,
    List<DataDisk> dataDisks) implements ProviderSpec {

  public static final String KIND = "VSphereMachineProviderSpec";
  public static final String API_VERSION = "machine.openshift.io/v1beta1";
  /** The older group OpenShift still accepts. */
  public static final String LEGACY_API_VERSION = "vsphereprovider.openshift.io/v1beta1";
  public static final String DEFAULT_USER_DATA_SECRET = "worker-user-data";
  public static final String DEFAULT_CREDENTIALS_SECRET = "vsphere-cloud-credentials";
  static final int MAX_NETWORK_DEVICES = 10;
  static final int MAX_DATA_DISKS = 29;
  static final int MAX_TAG_IDS = 10;
  static final int MAX_NETWORK_NAME = 80;
  static final int MAX_DATA_DISK_GIB = 16384;
  static final Pattern TAG_URN = Pattern.compile(
      "urn:vmomi:InventoryServiceTag:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + ":GLOBAL");

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(String name) {}

  /** Where the VM goes; empty values mean the datacenter's default. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Workspace(String server, String datacenter, String folder, String datastore, String resourcePool,
      String vmGroup) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Network(List<NetworkDevice> devices) {
    public List<NetworkDevice> devicesOrEmpty() {
      return devices == null ? List.of() : devices;
    }
  }

  /** One NIC: the network it is backed by and, optionally, static addresses handed to the guest. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkDevice(String networkName, String gateway, List<String> ipAddrs, List<String> nameservers,
      List<AddressesFromPool> addressesFromPools) {
    public List<String> ipAddrsOrEmpty() {
      return ipAddrs == null ? List.of() : ipAddrs;
    }

    public List<String> nameserversOrEmpty() {
      return nameservers == null ? List.of() : nameservers;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AddressesFromPool(String group, String resource, String name) {}

  public enum CloneMode {
    @JsonProperty("fullClone") FULL_CLONE,
    @JsonProperty("linkedClone") LINKED_CLONE;

    @Override
    public String toString() {
      return this == FULL_CLONE ? "fullClone" : "linkedClone";
    }
  }

  public enum ProvisioningMode {
    @JsonProperty("Thin") THIN,
    @JsonProperty("Thick") THICK,
    @JsonProperty("EagerlyZeroed") EAGERLY_ZEROED;

    @Override
    public String toString() {
      return switch (this) {
        case THIN -> "Thin";
        case THICK -> "Thick";
        case EAGERLY_ZEROED -> "EagerlyZeroed";
      };
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DataDisk(String name, @JsonProperty("sizeGiB") Integer sizeGiB, ProvisioningMode provisioningMode) {}

  @Override
  public Optional<SecretReference> userDataSecret() {
    return ref(userDataSecretRef);
  }

  /** The Secret with keys {@code <server>.username} and {@code <server>.password}. */
  @Override
  public Optional<SecretReference> credentialsSecret() {
    return ref(credentialsSecretRef);
  }

  private static Optional<SecretReference> ref(SecretRef r) {
    return r == null || !set(r.name()) ? Optional.empty() : Optional.of(SecretReference.inMachineNamespace(r.name()));
  }

  public Workspace workspaceOrEmpty() {
    return workspace == null ? new Workspace(null, null, null, null, null, null) : workspace;
  }

  public List<NetworkDevice> devices() {
    return network == null ? List.of() : network.devicesOrEmpty();
  }

  public List<DataDisk> dataDisksOrEmpty() {
    return dataDisks == null ? List.of() : dataDisks;
  }

  public List<String> tagIdsOrEmpty() {
    return tagIds == null ? List.of() : tagIds;
  }

  public int cpus() {
    return numCPUs == null ? 0 : numCPUs;
  }

  /** Cores per socket; defaults to {@link #cpus()} (one socket), as OpenShift does. */
  public int coresPerSocket() {
    return numCoresPerSocket == null || numCoresPerSocket == 0 ? cpus() : numCoresPerSocket;
  }

  public long memory() {
    return memoryMiB == null ? 0 : memoryMiB;
  }

  public int disk() {
    return diskGiB == null ? 0 : diskGiB;
  }

  public boolean linkedClone() {
    return cloneMode == CloneMode.LINKED_CLONE;
  }

  static boolean set(String s) {
    return s != null && !s.isBlank();
  }

  /** Value checks the schema cannot express, every problem with its field path. */
  void validate() throws InvalidConfigurationException {
    FieldErrors errors = FieldErrors.forProviderSpec();
    errors.check(set(template), "template", "required");
    errors.check(credentialsSecretRef != null && set(credentialsSecretRef.name()), "credentialsSecret.name",
        "required");
    errors.check(userDataSecretRef != null && set(userDataSecretRef.name()), "userDataSecret.name", "required");
    Workspace ws = workspaceOrEmpty();
    errors.check(set(ws.server()), "workspace.server", "required");
    errors.check(!set(ws.vmGroup()), "workspace.vmGroup",
        "not supported: host-group zoning (feature gate VSphereHostVMGroupZonal) is not enabled");
    errors.check(cpus() >= 0, "numCPUs", "must not be negative");
    errors.check(numCoresPerSocket == null || numCoresPerSocket >= 0, "numCoresPerSocket", "must not be negative");
    if (cpus() > 0 && coresPerSocket() > 0) {
      errors.check(cpus() % coresPerSocket() == 0, "numCoresPerSocket",
          "numCPUs (" + cpus() + ") must be a multiple of numCoresPerSocket (" + coresPerSocket() + ")");
    }
    errors.check(memory() >= 0, "memoryMiB", "must not be negative");
    errors.check(disk() >= 0, "diskGiB", "must not be negative");
    List<NetworkDevice> devices = devices();
    errors.check(devices.size() <= MAX_NETWORK_DEVICES, "network.devices",
        "at most " + MAX_NETWORK_DEVICES + " network devices, got " + devices.size());
    for (int i = 0; i < devices.size(); i++) {
      NetworkDevice d = devices.get(i);
      String p = "network.devices[" + i + "]";
      errors.check(set(d.networkName()), p + ".networkName", "required");
      errors.check(d.networkName() == null || d.networkName().length() <= MAX_NETWORK_NAME, p + ".networkName",
          "at most " + MAX_NETWORK_NAME + " characters");
      List<String> ips = d.ipAddrsOrEmpty();
      for (int j = 0; j < ips.size(); j++) {
        errors.check(Cidr.parse(ips.get(j)).isPresent(), p + ".ipAddrs[" + j + "]",
            "must be an IP address with a prefix length (CIDR), got " + ips.get(j));
      }
      if (set(d.gateway())) {
        errors.check(Cidr.isIp(d.gateway()), p + ".gateway", "must be an IP address, got " + d.gateway());
      }
      List<String> ns = d.nameserversOrEmpty();
      for (int j = 0; j < ns.size(); j++) {
        errors.check(Cidr.isIp(ns.get(j)), p + ".nameservers[" + j + "]", "must be an IP address, got " + ns.get(j));
      }
      List<AddressesFromPool> pools = d.addressesFromPools() == null ? List.of() : d.addressesFromPools();
      for (int j = 0; j < pools.size(); j++) {
        AddressesFromPool a = pools.get(j);
        String q = p + ".addressesFromPools[" + j + "]";
        errors.check(set(a.group()), q + ".group", "required");
        errors.check(set(a.resource()), q + ".resource", "required");
        errors.check(set(a.name()), q + ".name", "required");
      }
    }
    List<String> tags = tagIdsOrEmpty();
    errors.check(tags.size() <= MAX_TAG_IDS, "tagIDs", "at most " + MAX_TAG_IDS + " tags, got " + tags.size());
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      errors.check(t != null && TAG_URN.matcher(t).matches(), "tagIDs[" + i + "]",
          "must be a tag URN urn:vmomi:InventoryServiceTag:<uuid>:GLOBAL, got " + t);
    }
    List<DataDisk> disks = dataDisksOrEmpty();
    errors.check(disks.size() <= MAX_DATA_DISKS, "dataDisks",
        "at most " + MAX_DATA_DISKS + " data disks, got " + disks.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < disks.size(); i++) {
      DataDisk d = disks.get(i);
      String p = "dataDisks[" + i + "]";
      errors.check(set(d.name()), p + ".name", "required");
      errors.check(d.name() == null || names.add(d.name()), p + ".name", "duplicate: " + d.name());
      errors.check(d.sizeGiB() != null && d.sizeGiB() >= 1 && d.sizeGiB() <= MAX_DATA_DISK_GIB, p + ".sizeGiB",
          "must be between 1 and " + MAX_DATA_DISK_GIB + " GiB, got " + d.sizeGiB());
    }
    errors.throwIfAny();
  }

  /** Soft problems: low sizing (OpenShift's admission warnings) and what this provider does not apply. */
  List<String> warnings() {
    List<String> out = new ArrayList<>();
    String base = FieldErrors.PROVIDER_SPEC_VALUE + ".";
    if (cpus() < 2) {
      out.add(base + "numCPUs: " + cpus() + " is less than the minimum value (2): the machine may not boot");
    }
    if (memory() < 2048) {
      out.add(base + "memoryMiB: " + memory() + " is less than the minimum value (2048): the machine may not boot");
    }
    if (disk() < 120) {
      out.add(base + "diskGiB: " + disk() + " is less than the recommended minimum (120): the machine may not boot");
    }
    if (!tagIdsOrEmpty().isEmpty()) {
      out.add(base + "tagIDs: not attached (this provider has no vSphere tagging client)");
    }
    for (int i = 0; i < devices().size(); i++) {
      NetworkDevice d = devices().get(i);
      if (d.addressesFromPools() != null && !d.addressesFromPools().isEmpty()) {
        out.add(base + "network.devices[" + i + "].addressesFromPools: IP address claims are not made by this "
            + "provider; only ipAddrs reach the guest");
      }
    }
    return out;
  }

  /** IP addresses in the forms the spec accepts, without name resolution. */
  static final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    private Cidr() {}

    /** An address with its prefix length, e.g. {@code 192.168.1.5/24}. */
    record Parsed(InetAddress address, int prefix) {
      boolean ipv6() {
        return address instanceof java.net.Inet6Address;
      }
    }

    static Optional<Parsed> parse(String cidr) {
      if (cidr == null) {
        return Optional.empty();
      }
      int slash = cidr.indexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      Optional<InetAddress> ip = ip(cidr.substring(0, slash));
      try {
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int max = ip.map(a -> a instanceof java.net.Inet6Address ? 128 : 32).orElse(-1);
        return ip.isPresent() && prefix >= 0 && prefix <= max ? Optional.of(new Parsed(ip.get(), prefix))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    static boolean isIp(String s) {
      return ip(s).isPresent();
    }

    /** A literal address only: InetAddress would resolve a host name, so anything else is refused first. */
    static Optional<InetAddress> ip(String s) {
      if (s == null || s.isBlank()) {
        return Optional.empty();
      }
      boolean v4 = IPV4.matcher(s).matches();
      if (!v4 && !(s.contains(":") && IPV6.matcher(s).matches())) {
        return Optional.empty();
      }
      if (v4) {
        for (String part : s.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            return Optional.empty();
          }
        }
      }
      try {
        return Optional.of(InetAddress.getByName(s));
      } catch (java.net.UnknownHostException e) {
        return Optional.empty();
      }
    }
  }
}
