package io.machineapi.providers.vsphere;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.vmware.vim25.ArrayOfManagedObjectReference;
import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualMachineSnapshotInfo;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.NetworkDevice;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.Workspace;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds where a Machine's VM goes: datacenter, folder, datastore, resource pool, networks and template, each by
 * name or inventory path, or the datacenter's default when the spec leaves it empty. Not found or ambiguous is the
 * spec's fault ({@link InvalidConfigurationException} naming the field). The datacenter list and each datacenter's
 * catalogue of folders, datastores, pools and networks are cached per credential for {@code lookupCacheSeconds}.
 */
final class Placement {
  private static final String P = FieldErrors.PROVIDER_SPEC_VALUE + ".";
  /** Objects of a datacenter that placement looks at (container views match exact types). */
  private static final String[] CATALOG_TYPES = {"Folder", "Datastore", "ResourcePool", "VirtualApp", "Network",
      "DistributedVirtualPortgroup", "OpaqueNetwork", "ComputeResource", "ClusterComputeResource",
      "DistributedVirtualSwitch", "VmwareDistributedVirtualSwitch"};

  private final Sessions sessions;
  private final Cache<List<Object>, Object> cache;

  Placement(Sessions sessions, Clock clock, Duration ttl) {
    this.sessions = sessions;
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  record Datacenter(ManagedObjectReference mor, String name, ManagedObjectReference vmFolder) {}

  /** One object of a datacenter's catalogue with the properties read for its type. */
  record Entry(ManagedObjectReference mor, String name, Map<String, Object> props) {
    String type() {
      return mor.getType();
    }
  }

  /** A NIC's backing: a standard network by name, or a distributed port group of a switch. */
  record NetworkBacking(ManagedObjectReference network, String name, String portgroupKey, String switchUuid) {
    boolean distributed() {
      return portgroupKey != null;
    }
  }

  /** The template and what cloning it needs. */
  record Template(ManagedObjectReference mor, String name, int hardwareVersion, List<VirtualDevice> devices,
      ManagedObjectReference snapshot) {}

  /** Everything a clone needs to know about where it goes. */
  record Target(Datacenter datacenter, ManagedObjectReference folder, ManagedObjectReference datastore,
      ManagedObjectReference pool, List<NetworkBacking> networks) {}

  void invalidate(Credentials c) {
    cache.asMap().keySet().removeIf(k -> c.key().equals(k.get(0)));
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(List<Object> key, Loader<T> loader) throws ProviderException {
    Object hit = cache.getIfPresent(key);
    if (hit != null) {
      return (T) hit;
    }
    T loaded = loader.load();
    cache.put(key, loaded);
    return loaded;
  }

  private interface Loader<T> {
    T load() throws ProviderException;
  }

  /** The spec's datacenter, or the only one when it names none. */
  Datacenter datacenter(Credentials c, Workspace ws) throws ProviderException {
    List<Datacenter> all = cached(List.of(c.key(), "datacenters"), () -> sessions.read(c, "list datacenters", s -> {
      ManagedObjectReference view = Vim.view(s, s.content.getRootFolder(), "Datacenter");
      List<Datacenter> out = new ArrayList<>();
      for (ObjectContent oc : Vim.retrieve(s, Vim.overView(view, Vim.propertySpec("Datacenter", "name",
          "vmFolder")))) {
        Map<String, Object> p = Vim.props(oc);
        out.add(new Datacenter(oc.getObj(), (String) p.get("name"), (ManagedObjectReference) p.get("vmFolder")));
      }
      return List.copyOf(out);
    }));
    String wanted = ws.datacenter();
    if (!VSphereMachineProviderSpec.set(wanted)) {
      if (all.size() != 1) {
        throw new InvalidConfigurationException(P + "workspace.datacenter",
            "must be set: vCenter has " + all.size() + " datacenters");
      }
      return all.get(0);
    }
    String name = wanted.contains("/") ? wanted.substring(wanted.lastIndexOf('/') + 1) : wanted;
    List<Datacenter> matches = all.stream().filter(d -> name.equals(d.name())).toList();
    return one(matches, "workspace.datacenter", "datacenter", wanted);
  }

  private List<Entry> catalog(Credentials c, Datacenter dc) throws ProviderException {
    return cached(List.of(c.key(), "catalog", dc.mor().getVal()), () -> sessions.read(c, "list placement objects",
        s -> {
          ManagedObjectReference view = Vim.view(s, dc.mor(), CATALOG_TYPES);
          List<Entry> out = new ArrayList<>();
          for (ObjectContent oc : Vim.retrieve(s, Vim.overView(view,
              Vim.propertySpec("ManagedEntity", "name"),
              Vim.propertySpec("ResourcePool", "owner"),
              Vim.propertySpec("ComputeResource", "network"),
              Vim.propertySpec("DistributedVirtualPortgroup", "key", "config.distributedVirtualSwitch"),
              Vim.propertySpec("DistributedVirtualSwitch", "uuid")))) {
            Map<String, Object> p = Vim.props(oc);
            out.add(new Entry(oc.getObj(), (String) p.get("name"), Map.copyOf(p)));
          }
          return List.copyOf(out);
        }));
  }

  /** Folder, datastore, pool and networks for the spec, in the given datacenter. */
  Target target(Credentials c, Datacenter dc, VSphereMachineProviderSpec spec) throws ProviderException {
    Workspace ws = spec.workspaceOrEmpty();
    List<Entry> catalog = catalog(c, dc);
    ManagedObjectReference folder = VSphereMachineProviderSpec.set(ws.folder())
        ? find(c, dc, catalog, ws.folder(), "workspace.folder", "folder", "vm", List.of("Folder"))
        : dc.vmFolder();
    ManagedObjectReference datastore = find(c, dc, catalog, ws.datastore(), "workspace.datastore", "datastore",
        "datastore", List.of("Datastore"));
    ManagedObjectReference pool = find(c, dc, catalog, ws.resourcePool(), "workspace.resourcePool",
        "resource pool", "host", List.of("ResourcePool", "VirtualApp"));
    List<NetworkBacking> networks = new ArrayList<>();
    List<NetworkDevice> devices = spec.devices();
    for (int i = 0; i < devices.size(); i++) {
      networks.add(network(catalog, pool, devices.get(i).networkName(), "network.devices[" + i + "].networkName"));
    }
    return new Target(dc, folder, datastore, pool, networks);
  }

  private ManagedObjectReference find(Credentials c, Datacenter dc, List<Entry> catalog, String wanted,
      String field, String what, String root, List<String> types) throws ProviderException {
    if (!VSphereMachineProviderSpec.set(wanted)) {
      List<Entry> all = catalog.stream().filter(e -> types.contains(e.type())).toList();
      if (all.size() != 1) {
        throw new InvalidConfigurationException(P + field, "must be set: datacenter " + dc.name() + " has "
            + all.size() + " " + what + "s, so there is no default");
      }
      return all.get(0).mor();
    }
    if (wanted.contains("/")) {
      String path = wanted.startsWith("/") ? wanted : "/" + dc.name() + "/" + root + "/" + wanted;
      ManagedObjectReference found = byPath(c, path, what);
      if (found == null || !types.contains(found.getType())) {
        throw new InvalidConfigurationException(P + field, what + " " + wanted + " not found");
      }
      return found;
    }
    List<Entry> matches = catalog.stream().filter(e -> types.contains(e.type()) && wanted.equals(e.name()))
        .toList();
    return one(matches, field, what, wanted).mor();
  }

  /** An inventory path's object, or {@code null}; cached like the catalogue (not-found too). */
  private ManagedObjectReference byPath(Credentials c, String path, String what) throws ProviderException {
    Optional<ManagedObjectReference> found = cached(List.of(c.key(), "path", path), () -> Optional.ofNullable(
        sessions.read(c, "find " + what + " by path",
            s -> s.vim.findByInventoryPath(s.content.getSearchIndex(), path))));
    return found.orElse(null);
  }

  private static <T> T one(List<T> matches, String field, String what, String wanted)
      throws InvalidConfigurationException {
    if (matches.isEmpty()) {
      throw new InvalidConfigurationException(P + field, what + " " + wanted + " not found");
    }
    if (matches.size() > 1) {
      throw new InvalidConfigurationException(P + field, what + " " + wanted + " is ambiguous: " + matches.size()
          + " match; use its inventory path");
    }
    return matches.get(0);
  }

  /**
   * The network of that name; when the datacenter has several, the one among the networks of the resource pool's
   * cluster (or host).
   */
  static NetworkBacking network(List<Entry> catalog, ManagedObjectReference pool, String name, String field)
      throws InvalidConfigurationException {
    List<String> types = List.of("Network", "DistributedVirtualPortgroup", "OpaqueNetwork");
    List<Entry> matches = catalog.stream().filter(e -> types.contains(e.type()) && name.equals(e.name())).toList();
    if (matches.size() > 1) {
      List<String> clusterNetworks = new ArrayList<>();
      catalog.stream().filter(e -> e.mor().getVal().equals(pool.getVal()) && e.mor().getType().equals(pool.getType()))
          .map(e -> e.props().get("owner")).filter(ManagedObjectReference.class::isInstance)
          .map(o -> ((ManagedObjectReference) o).getVal())
          .forEach(owner -> catalog.stream().filter(e -> e.mor().getVal().equals(owner))
              .map(e -> e.props().get("network")).filter(ArrayOfManagedObjectReference.class::isInstance)
              .flatMap(a -> List.of(((ArrayOfManagedObjectReference) a).getManagedObjectReference()).stream())
              .forEach(m -> clusterNetworks.add(m.getVal())));
      matches = matches.stream().filter(e -> clusterNetworks.contains(e.mor().getVal())).toList();
    }
    Entry n = one(matches, field, "network", name);
    if (n.type().equals("DistributedVirtualPortgroup")) {
      Object dvs = n.props().get("config.distributedVirtualSwitch");
      String uuid = dvs instanceof ManagedObjectReference m ? catalog.stream()
          .filter(e -> e.mor().getVal().equals(m.getVal())).map(e -> (String) e.props().get("uuid"))
          .findFirst().orElse(null) : null;
      return new NetworkBacking(n.mor(), name, (String) n.props().get("key"), uuid);
    }
    return new NetworkBacking(n.mor(), name, null, null);
  }

  /** The template by name (among the datacenter's VMs) or inventory path, with its devices and snapshot. */
  Template template(Credentials c, Datacenter dc, VSphereMachineProviderSpec spec) throws ProviderException {
    String wanted = spec.template();
    return cached(List.of(c.key(), "template", dc.mor().getVal(), wanted, String.valueOf(spec.snapshot())), () -> {
      ManagedObjectReference mor;
      if (wanted.contains("/")) {
        String path = wanted.startsWith("/") ? wanted : "/" + dc.name() + "/vm/" + wanted;
        mor = byPath(c, path, "template");
        if (mor == null || !"VirtualMachine".equals(mor.getType())) {
          throw new InvalidConfigurationException(P + "template", "template " + wanted + " not found");
        }
      } else {
        List<Vim.Vm> vms = sessions.read(c, "list VMs", s -> Vim.vms(s, dc.mor()));
        mor = one(vms.stream().filter(v -> wanted.equals(v.name())).toList(), "template", "template", wanted).mor();
      }
      ManagedObjectReference found = mor;
      Map<String, Object> p = sessions.read(c, "read template",
          s -> Vim.properties(s, found, "name", "config.version", "config.hardware.device", "snapshot"));
      if (p.isEmpty()) {
        throw new InvalidConfigurationException(P + "template", "template " + wanted + " not found");
      }
      List<VirtualDevice> devices = p.get("config.hardware.device") instanceof ArrayOfVirtualDevice a
          && a.getVirtualDevice() != null ? List.of(a.getVirtualDevice()) : List.of();
      ManagedObjectReference snapshot = snapshot(p.get("snapshot"), spec.snapshot());
      if (VSphereMachineProviderSpec.set(spec.snapshot()) && spec.linkedClone() && snapshot == null) {
        throw new InvalidConfigurationException(P + "snapshot", "template " + wanted + " has no snapshot "
            + spec.snapshot());
      }
      return new Template(found, (String) p.get("name"), hardwareVersion((String) p.get("config.version")), devices,
          snapshot);
    });
  }

  /** {@code vmx-15} → 15; 0 when unknown. */
  static int hardwareVersion(String version) {
    if (version == null || !version.startsWith("vmx-")) {
      return 0;
    }
    try {
      return Integer.parseInt(version.substring(4));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The named snapshot, else the current one; null when the template has none. */
  private static ManagedObjectReference snapshot(Object info, String name) {
    if (!(info instanceof VirtualMachineSnapshotInfo s)) {
      return null;
    }
    if (!VSphereMachineProviderSpec.set(name)) {
      return s.getCurrentSnapshot();
    }
    List<com.vmware.vim25.VirtualMachineSnapshotTree> queue = new ArrayList<>();
    if (s.getRootSnapshotList() != null) {
      queue.addAll(List.of(s.getRootSnapshotList()));
    }
    while (!queue.isEmpty()) {
      com.vmware.vim25.VirtualMachineSnapshotTree t = queue.remove(0);
      if (name.equals(t.getName())) {
        return t.getSnapshot();
      }
      if (t.getChildSnapshotList() != null) {
        queue.addAll(List.of(t.getChildSnapshotList()));
      }
    }
    return null;
  }
}
