package io.machineapi.providers.vsphere;

import com.vmware.vim25.DistributedVirtualSwitchPortConnection;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecFileOperation;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDeviceConnectInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineFlagInfo;
import com.vmware.vim25.VirtualMachineRelocateDiskMoveOptions;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import com.vmware.vim25.VirtualVmxnet3;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.DataDisk;
import io.machineapi.providers.vsphere.VSphereMachineProviderSpec.ProvisioningMode;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the CloneVM_Task spec of a Machine's VM; refuses what the template cannot give (a spec error). */
final class CloneSpecs {
  private static final String P = FieldErrors.PROVIDER_SPEC_VALUE + ".";
  static final int MIN_HARDWARE_VERSION = 15;
  private static final long KIB_PER_GIB = 1024L * 1024L;
  /** Unit 7 of a SCSI controller is the controller itself. */
  private static final int SCSI_CONTROLLER_UNIT = 7;

  private CloneSpecs() {}

  static VirtualMachineCloneSpec build(MachineContext machine, VSphereMachineProviderSpec spec,
      Placement.Template template, Placement.Target target, byte[] userData) throws InvalidConfigurationException {
    if (template.hardwareVersion() < MIN_HARDWARE_VERSION) {
      throw new InvalidConfigurationException(P + "template", "template " + template.name()
          + " has hardware version " + template.hardwareVersion() + ", at least " + MIN_HARDWARE_VERSION
          + " is needed");
    }
    boolean linked = spec.linkedClone() && template.snapshot() != null;
    List<VirtualDeviceConfigSpec> changes = new ArrayList<>();
    List<VirtualDisk> disks = template.devices().stream().filter(VirtualDisk.class::isInstance)
        .map(VirtualDisk.class::cast).toList();
    if (!linked && spec.disk() > 0) {
      if (disks.size() != 1) {
        throw new InvalidConfigurationException(P + "diskGiB", "template " + template.name() + " has "
            + disks.size() + " disks; resizing needs exactly one");
      }
      changes.addAll(resize(disks.get(0), spec.disk()));
    }
    changes.addAll(dataDisks(spec.dataDisksOrEmpty(), disks, template.devices()));
    for (VirtualDevice d : template.devices()) {
      if (d instanceof VirtualEthernetCard) {
        changes.add(change(VirtualDeviceConfigSpecOperation.remove, d));
      }
    }
    for (int i = 0; i < target.networks().size(); i++) {
      changes.add(change(VirtualDeviceConfigSpecOperation.add, nic(target.networks().get(i), -100 - i)));
    }

    VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
    config.setInstanceUuid(machine.uid());
    config.setAnnotation(machine.name());
    config.setExtraConfig(options(GuestInfo.extraConfig(machine.name(), userData, spec.devices())));
    config.setDeviceChange(changes.toArray(VirtualDeviceConfigSpec[]::new));
    VirtualMachineFlagInfo flags = new VirtualMachineFlagInfo();
    flags.setDiskUuidEnabled(true);
    config.setFlags(flags);
    if (spec.cpus() > 0) {
      config.setNumCPUs(spec.cpus());
      config.setNumCoresPerSocket(spec.coresPerSocket());
    }
    if (spec.memory() > 0) {
      config.setMemoryMB(spec.memory());
    }

    VirtualMachineRelocateSpec location = new VirtualMachineRelocateSpec();
    location.setDatastore(target.datastore());
    location.setPool(target.pool());
    location.setFolder(target.folder());
    location.setDiskMoveType((linked ? VirtualMachineRelocateDiskMoveOptions.createNewChildDiskBacking
        : VirtualMachineRelocateDiskMoveOptions.moveAllDiskBackingsAndConsolidate).name());

    VirtualMachineCloneSpec clone = new VirtualMachineCloneSpec();
    clone.setLocation(location);
    clone.setConfig(config);
    clone.setPowerOn(false);
    clone.setTemplate(false);
    if (linked) {
      clone.setSnapshot(template.snapshot());
    }
    return clone;
  }

  static OptionValue[] options(Map<String, String> values) {
    return values.entrySet().stream().map(e -> {
      OptionValue o = new OptionValue();
      o.setKey(e.getKey());
      o.setValue(e.getValue());
      return o;
    }).toArray(OptionValue[]::new);
  }

  /** Grows the template's disk to {@code gib}; asking for less than it has is a spec error. */
  static List<VirtualDeviceConfigSpec> resize(VirtualDisk disk, int gib) throws InvalidConfigurationException {
    long current = disk.getCapacityInKB();
    long wanted = gib * KIB_PER_GIB;
    if (wanted < current) {
      throw new InvalidConfigurationException(P + "diskGiB", gib + " GiB is smaller than the template's disk ("
          + (current / KIB_PER_GIB) + " GiB); disks cannot shrink");
    }
    if (wanted == current) {
      return List.of();
    }
    // A new device object: the template's devices are cached and shared by every clone.
    VirtualDisk grown = new VirtualDisk();
    grown.setKey(disk.getKey());
    grown.setControllerKey(disk.getControllerKey());
    grown.setUnitNumber(disk.getUnitNumber());
    grown.setBacking(disk.getBacking());
    grown.setDeviceInfo(disk.getDeviceInfo());
    grown.setCapacityInKB(wanted);
    grown.setCapacityInBytes(wanted * 1024L);
    return List.of(change(VirtualDeviceConfigSpecOperation.edit, grown));
  }

  /** New disks on the OS disk's controller, on free unit numbers. */
  static List<VirtualDeviceConfigSpec> dataDisks(List<DataDisk> wanted, List<VirtualDisk> disks,
      List<VirtualDevice> devices) throws InvalidConfigurationException {
    if (wanted.isEmpty()) {
      return List.of();
    }
    if (disks.isEmpty() || disks.get(0).getControllerKey() == null) {
      throw new InvalidConfigurationException(P + "dataDisks", "the template has no disk whose controller could "
          + "take data disks");
    }
    int controller = disks.get(0).getControllerKey();
    Set<Integer> used = new HashSet<>();
    for (VirtualDevice d : devices) {
      if (d.getControllerKey() != null && d.getControllerKey() == controller && d.getUnitNumber() != null) {
        used.add(d.getUnitNumber());
      }
    }
    List<VirtualDeviceConfigSpec> out = new ArrayList<>();
    int unit = 0;
    for (int i = 0; i < wanted.size(); i++) {
      while (used.contains(unit) || unit == SCSI_CONTROLLER_UNIT) {
        unit++;
      }
      if (unit > 15) {
        throw new InvalidConfigurationException(P + "dataDisks[" + i + "]", "no free unit on the OS disk's "
            + "controller");
      }
      used.add(unit);
      DataDisk d = wanted.get(i);
      VirtualDiskFlatVer2BackingInfo backing = new VirtualDiskFlatVer2BackingInfo();
      backing.setDiskMode("persistent");
      backing.setFileName("");
      ProvisioningMode mode = d.provisioningMode();
      backing.setThinProvisioned(mode == ProvisioningMode.THIN);
      backing.setEagerlyScrub(mode == ProvisioningMode.EAGERLY_ZEROED);
      VirtualDisk disk = new VirtualDisk();
      disk.setKey(-200 - i);
      disk.setControllerKey(controller);
      disk.setUnitNumber(unit);
      disk.setCapacityInKB(d.sizeGiB() * KIB_PER_GIB);
      disk.setBacking(backing);
      VirtualDeviceConfigSpec add = change(VirtualDeviceConfigSpecOperation.add, disk);
      add.setFileOperation(VirtualDeviceConfigSpecFileOperation.create);
      out.add(add);
    }
    return out;
  }

  static VirtualVmxnet3 nic(Placement.NetworkBacking network, int key) {
    VirtualVmxnet3 nic = new VirtualVmxnet3();
    nic.setKey(key);
    nic.setAddressType("generated");
    if (network.distributed()) {
      DistributedVirtualSwitchPortConnection port = new DistributedVirtualSwitchPortConnection();
      port.setPortgroupKey(network.portgroupKey());
      port.setSwitchUuid(network.switchUuid());
      VirtualEthernetCardDistributedVirtualPortBackingInfo b = new VirtualEthernetCardDistributedVirtualPortBackingInfo();
      b.setPort(port);
      nic.setBacking(b);
    } else {
      VirtualEthernetCardNetworkBackingInfo b = new VirtualEthernetCardNetworkBackingInfo();
      b.setDeviceName(network.name());
      b.setNetwork(network.network());
      nic.setBacking(b);
    }
    VirtualDeviceConnectInfo connect = new VirtualDeviceConnectInfo();
    connect.setStartConnected(true);
    connect.setAllowGuestControl(true);
    connect.setConnected(true);
    nic.setConnectable(connect);
    return nic;
  }

  private static VirtualDeviceConfigSpec change(VirtualDeviceConfigSpecOperation op, VirtualDevice device) {
    VirtualDeviceConfigSpec c = new VirtualDeviceConfigSpec();
    c.setOperation(op);
    c.setDevice(device);
    return c;
  }
}
