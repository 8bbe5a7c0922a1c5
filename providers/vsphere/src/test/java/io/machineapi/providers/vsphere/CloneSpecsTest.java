package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecFileOperation;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualE1000;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualVmxnet3;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloneSpecsTest {
  private static final long GIB = 1024L * 1024L;
  private static final byte[] USER_DATA = "{\"ignition\":{}}".getBytes(StandardCharsets.UTF_8);
  private final VsphereMachineProvider provider = new VsphereMachineProvider();
  private final MachineContext machine = MachineContext.builder("ns", "worker-0",
      "4c4c4544-0000-1000-8000-000000000001", "cluster").build();

  private VSphereMachineProviderSpec spec(String extra) throws InvalidConfigurationException {
    return provider.decode(VSphereMachineProviderSpecTest.json("""
        {"template": "t", "credentialsSecret": {"name": "c"}, "userDataSecret": {"name": "u"},
         "workspace": {"server": "vc"},
         "network": {"devices": [{"networkName": "VM Network"}, {"networkName": "pg"}]},
         "numCPUs": 4, "numCoresPerSocket": 2, "memoryMiB": 8192""" + extra + "}"));
  }

  private static VirtualDisk disk(int key, int unit, long gib) {
    VirtualDisk d = new VirtualDisk();
    d.setKey(key);
    d.setControllerKey(1000);
    d.setUnitNumber(unit);
    d.setCapacityInKB(gib * GIB);
    VirtualDiskFlatVer2BackingInfo b = new VirtualDiskFlatVer2BackingInfo();
    b.setFileName("[ds] t/t.vmdk");
    d.setBacking(b);
    return d;
  }

  private static VirtualE1000 nic(int key) {
    VirtualE1000 n = new VirtualE1000();
    n.setKey(key);
    return n;
  }

  private static Placement.Template template(int hardware, ManagedObjectReference snapshot,
      VirtualDevice... devices) {
    return new Placement.Template(Sessions.mor("VirtualMachine", "vm-1"), "t", hardware, List.of(devices),
        snapshot);
  }

  private static Placement.Target target() {
    return new Placement.Target(new Placement.Datacenter(Sessions.mor("Datacenter", "dc"), "DC0",
        Sessions.mor("Folder", "f")), Sessions.mor("Folder", "f"), Sessions.mor("Datastore", "ds"),
        Sessions.mor("ResourcePool", "rp"), List.of(
            new Placement.NetworkBacking(Sessions.mor("Network", "n"), "VM Network", null, null),
            new Placement.NetworkBacking(Sessions.mor("DistributedVirtualPortgroup", "pg"), "pg", "pg", "sw-uuid")));
  }

  private static List<VirtualDeviceConfigSpec> changes(VirtualMachineCloneSpec s) {
    return List.of(s.getConfig().getDeviceChange());
  }

  @Test
  void fullCloneWithEverything() throws Exception {
    VirtualMachineCloneSpec s = CloneSpecs.build(machine, spec(", \"diskGiB\": 120, \"dataDisks\": ["
        + "{\"name\": \"a\", \"sizeGiB\": 10, \"provisioningMode\": \"Thin\"}, {\"name\": \"b\", \"sizeGiB\": 20}]"),
        template(15, null, disk(2000, 0, 16), nic(4000)), target(), USER_DATA);
    assertThat(s.isPowerOn()).isFalse();
    assertThat(s.isTemplate()).isFalse();
    assertThat(s.getLocation().getDiskMoveType()).isEqualTo("moveAllDiskBackingsAndConsolidate");
    assertThat(s.getLocation().getPool().getVal()).isEqualTo("rp");
    assertThat(s.getLocation().getDatastore().getVal()).isEqualTo("ds");
    assertThat(s.getConfig().getInstanceUuid()).isEqualTo(machine.uid());
    assertThat(s.getConfig().getAnnotation()).isEqualTo("worker-0");
    assertThat(s.getConfig().getNumCPUs()).isEqualTo(4);
    assertThat(s.getConfig().getNumCoresPerSocket()).isEqualTo(2);
    assertThat(s.getConfig().getMemoryMB()).isEqualTo(8192L);
    assertThat(s.getConfig().getFlags().getDiskUuidEnabled()).isTrue();
    Map<String, Object> extra = Arrays.stream(s.getConfig().getExtraConfig())
        .collect(Collectors.toMap(OptionValue::getKey, OptionValue::getValue));
    assertThat(extra).containsEntry(GuestInfo.IGNITION_DATA, Base64.getEncoder().encodeToString(USER_DATA))
        .containsEntry(GuestInfo.HOSTNAME, "worker-0");

    List<VirtualDeviceConfigSpec> c = changes(s);
    assertThat(c).extracting(VirtualDeviceConfigSpec::getOperation).containsExactly(
        VirtualDeviceConfigSpecOperation.edit, VirtualDeviceConfigSpecOperation.add,
        VirtualDeviceConfigSpecOperation.add, VirtualDeviceConfigSpecOperation.remove,
        VirtualDeviceConfigSpecOperation.add, VirtualDeviceConfigSpecOperation.add);
    assertThat(((VirtualDisk) c.get(0).getDevice()).getCapacityInKB()).isEqualTo(120 * GIB);
    VirtualDisk a = (VirtualDisk) c.get(1).getDevice();
    assertThat(a.getControllerKey()).isEqualTo(1000);
    assertThat(a.getUnitNumber()).isEqualTo(1);
    assertThat(a.getCapacityInKB()).isEqualTo(10 * GIB);
    assertThat(((VirtualDiskFlatVer2BackingInfo) a.getBacking()).getThinProvisioned()).isTrue();
    assertThat(c.get(1).getFileOperation()).isEqualTo(VirtualDeviceConfigSpecFileOperation.create);
    assertThat(((VirtualDisk) c.get(2).getDevice()).getUnitNumber()).isEqualTo(2);
    assertThat(c.get(3).getDevice().getKey()).isEqualTo(4000);
    assertThat(c.get(4).getDevice()).isInstanceOfSatisfying(VirtualVmxnet3.class, n ->
        assertThat(((VirtualEthernetCardNetworkBackingInfo) n.getBacking()).getDeviceName()).isEqualTo("VM Network"));
    assertThat(c.get(5).getDevice()).isInstanceOfSatisfying(VirtualVmxnet3.class, n -> {
      VirtualEthernetCardDistributedVirtualPortBackingInfo b =
          (VirtualEthernetCardDistributedVirtualPortBackingInfo) n.getBacking();
      assertThat(b.getPort().getPortgroupKey()).isEqualTo("pg");
      assertThat(b.getPort().getSwitchUuid()).isEqualTo("sw-uuid");
    });
  }

  @Test
  void theTemplatesDiskIsNotChangedByAResize() throws Exception {
    VirtualDisk original = disk(2000, 0, 16);
    CloneSpecs.build(machine, spec(", \"diskGiB\": 120"), template(15, null, original), target(), USER_DATA);
    assertThat(original.getCapacityInKB()).isEqualTo(16 * GIB);
  }

  @Test
  void dataDisksSkipTheControllersOwnUnit() throws Exception {
    VirtualMachineCloneSpec s = CloneSpecs.build(machine, spec(", \"dataDisks\": [{\"name\": \"a\", \"sizeGiB\": 1},"
        + "{\"name\": \"b\", \"sizeGiB\": 1}]"),
        template(15, null, disk(2000, 5, 16), disk(2001, 6, 1)), target(), USER_DATA);
    assertThat(changes(s).stream().filter(c -> c.getOperation() == VirtualDeviceConfigSpecOperation.add
        && c.getDevice() instanceof VirtualDisk).map(c -> c.getDevice().getUnitNumber()))
        .containsExactly(0, 1);
  }

  @Test
  void templateProblemsAreSpecErrors() throws Exception {
    assertThatThrownBy(() -> CloneSpecs.build(machine, spec(""), template(13, null, disk(2000, 0, 16)), target(),
        USER_DATA)).isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(e.errors().get(0).path()).isEqualTo("providerSpec.value.template"));
    assertThatThrownBy(() -> CloneSpecs.build(machine, spec(", \"diskGiB\": 8"), template(15, null,
        disk(2000, 0, 16)), target(), USER_DATA)).isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(e.getMessage()).startsWith("providerSpec.value.diskGiB: 8 GiB is smaller"));
    assertThatThrownBy(() -> CloneSpecs.build(machine, spec(", \"diskGiB\": 120"), template(15, null,
        disk(2000, 0, 16), disk(2001, 1, 16)), target(), USER_DATA))
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(e.errors().get(0).path()).isEqualTo("providerSpec.value.diskGiB"));
  }

  @Test
  void aLinkedCloneUsesTheSnapshotAndKeepsTheDisk() throws Exception {
    ManagedObjectReference snap = Sessions.mor("VirtualMachineSnapshot", "snapshot-1");
    VirtualMachineCloneSpec s = CloneSpecs.build(machine, spec(", \"diskGiB\": 120, \"cloneMode\": \"linkedClone\""),
        template(15, snap, disk(2000, 0, 16)), target(), USER_DATA);
    assertThat(s.getSnapshot().getVal()).isEqualTo("snapshot-1");
    assertThat(s.getLocation().getDiskMoveType()).isEqualTo("createNewChildDiskBacking");
    assertThat(changes(s)).noneMatch(c -> c.getOperation() == VirtualDeviceConfigSpecOperation.edit);
    // Without a snapshot a linked clone falls back to a full clone.
    VirtualMachineCloneSpec full = CloneSpecs.build(machine, spec(", \"cloneMode\": \"linkedClone\""),
        template(15, null, disk(2000, 0, 16)), target(), USER_DATA);
    assertThat(full.getLocation().getDiskMoveType()).isEqualTo("moveAllDiskBackingsAndConsolidate");
    assertThat(full.getSnapshot()).isNull();
  }
}
