package io.machineapi.test.vsphere;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.VirtualMachine;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a vSphere administrator sees, for assertions: the VMs of the vCenter (vcsim) with their power state, UUIDs
 * and extraConfig, read with yavijava through a session of its own (never the provider's).
 */
public final class VcenterAdmin implements AutoCloseable {

  /** One VM as the assertions need it. */
  public record Vm(String name, String powerState, String biosUuid, String instanceUuid, boolean template,
      Optional<String> extraConfig) {}

  private final ServiceInstance si;

  private VcenterAdmin(ServiceInstance si) {
    this.si = si;
  }

  /** Logs in to the SOAP endpoint {@code sdk} (e.g. https://127.0.0.1:8989/sdk), certificates not checked. */
  public static VcenterAdmin login(URI sdk, String user, String password) throws Exception {
    return new VcenterAdmin(new ServiceInstance(sdk.toURL(), user, password, true));
  }

  /** Every non-template VM named {@code name}. */
  public List<VirtualMachine> named(String name) throws Exception {
    List<VirtualMachine> found = new ArrayList<>();
    for (ManagedEntity e : new InventoryNavigator(si.getRootFolder()).searchManagedEntities("VirtualMachine")) {
      if (e.getName().equals(name)) {
        found.add((VirtualMachine) e);
      }
    }
    return found;
  }

  /** The one VM named {@code name} with its extraConfig value {@code key}, if there is exactly one such VM. */
  public Optional<Vm> vm(String name, String key) throws Exception {
    List<VirtualMachine> vms = named(name);
    if (vms.size() != 1) {
      return Optional.empty();
    }
    VirtualMachine vm = vms.get(0);
    Optional<String> value = Optional.empty();
    if (vm.getConfig().getExtraConfig() != null) {
      for (OptionValue option : vm.getConfig().getExtraConfig()) {
        if (option.getKey().equals(key)) {
          value = Optional.of(String.valueOf(option.getValue()));
        }
      }
    }
    return Optional.of(new Vm(vm.getName(), vm.getRuntime().getPowerState().toString(), vm.getConfig().getUuid(),
        vm.getConfig().getInstanceUuid(), vm.getConfig().isTemplate(), value));
  }

  @Override
  public void close() {
    si.getServerConnection().logout();
  }
}
