package io.machineapi.providers.vsphere;

import com.vmware.vim25.ArrayOfGuestNicInfo;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.GuestNicInfo;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VirtualMachinePowerState;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PropertyCollector reads: one RetrievePropertiesEx (plus continuation pages) per question. */
final class Vim {
  /** The VM properties the provider reads, for describe and for create. */
  static final String[] VM_PROPERTIES = {"name", "config.instanceUuid", "config.uuid", "runtime.powerState",
      "guest.ipAddress", "guest.net", "config.hardware.numCPU", "config.hardware.memoryMB", "config.template"};
  private static final int PAGE = 1000;

  private Vim() {}

  /** What the provider knows about one VM. */
  record Vm(ManagedObjectReference mor, String name, String instanceUuid, String biosUuid, String powerState,
      List<String> ips, int numCpu, int memoryMb, boolean template) {

    boolean poweredOn() {
      return VirtualMachinePowerState.poweredOn.name().equals(powerState);
    }

    /** Powered on and reporting a guest IP: nothing left to wait for. */
    boolean settled() {
      return poweredOn() && !ips.isEmpty();
    }
  }

  static Vm vm(ObjectContent oc) {
    Map<String, Object> p = props(oc);
    Set<String> ips = new LinkedHashSet<>();
    Object primary = p.get("guest.ipAddress");
    if (primary instanceof String s && !s.isBlank()) {
      ips.add(s);
    }
    if (p.get("guest.net") instanceof ArrayOfGuestNicInfo nics && nics.getGuestNicInfo() != null) {
      for (GuestNicInfo nic : nics.getGuestNicInfo()) {
        if (nic.getIpAddress() != null) {
          for (String ip : nic.getIpAddress()) {
            if (ip != null && !ip.isBlank()) {
              ips.add(ip);
            }
          }
        }
      }
    }
    Object power = p.get("runtime.powerState");
    return new Vm(oc.getObj(), (String) p.get("name"), (String) p.get("config.instanceUuid"),
        (String) p.get("config.uuid"), power == null ? null : power.toString(), List.copyOf(ips),
        p.get("config.hardware.numCPU") instanceof Integer n ? n : 0,
        p.get("config.hardware.memoryMB") instanceof Integer m ? m : 0, Boolean.TRUE.equals(p.get("config.template")));
  }

  static Map<String, Object> props(ObjectContent oc) {
    Map<String, Object> out = new HashMap<>();
    if (oc.getPropSet() != null) {
      for (DynamicProperty d : oc.getPropSet()) {
        out.put(d.getName(), d.getVal());
      }
    }
    return out;
  }

  static PropertySpec propertySpec(String type, String... paths) {
    PropertySpec p = new PropertySpec();
    p.setType(type);
    p.setPathSet(paths);
    p.setAll(false);
    return p;
  }

  /** Every object of a container view, with the given properties. */
  static PropertyFilterSpec overView(ManagedObjectReference view, PropertySpec... props) {
    return referenced(view, "ContainerView", "view", props);
  }

  /** The objects that property {@code path} of {@code root} (of type {@code type}) refers to, not root itself. */
  static PropertyFilterSpec referenced(ManagedObjectReference root, String type, String path,
      PropertySpec... props) {
    TraversalSpec t = new TraversalSpec();
    t.setName(path);
    t.setType(type);
    t.setPath(path);
    t.setSkip(false);
    ObjectSpec o = new ObjectSpec();
    o.setObj(root);
    o.setSkip(true);
    o.setSelectSet(new SelectionSpec[] {t});
    PropertyFilterSpec f = new PropertyFilterSpec();
    f.setObjectSet(new ObjectSpec[] {o});
    f.setPropSet(props);
    return f;
  }

  /** The given objects, with the given properties; objects vCenter no longer has are left out. */
  static PropertyFilterSpec objects(List<ManagedObjectReference> mors, PropertySpec... props) {
    PropertyFilterSpec f = new PropertyFilterSpec();
    f.setObjectSet(mors.stream().map(m -> {
      ObjectSpec o = new ObjectSpec();
      o.setObj(m);
      o.setSkip(false);
      return o;
    }).toArray(ObjectSpec[]::new));
    f.setPropSet(props);
    f.setReportMissingObjectsInResults(true);
    return f;
  }

  /** One RetrievePropertiesEx, following continuation tokens. */
  static List<ObjectContent> retrieve(Sessions.Session s, PropertyFilterSpec spec) throws RemoteException {
    RetrieveOptions options = new RetrieveOptions();
    options.setMaxObjects(PAGE);
    ManagedObjectReference pc = s.content.getPropertyCollector();
    List<ObjectContent> out = new ArrayList<>();
    RetrieveResult r;
    try {
      r = s.vim.retrievePropertiesEx(pc, new PropertyFilterSpec[] {spec}, options);
    } catch (ManagedObjectNotFound e) {
      // A container view lives as long as the session that made it; only this provider destroys its views. vcsim
      // answers a terminated session's read through one so (a vCenter says NotAuthenticated): log in again.
      if (e.getObj() != null && s.views.containsValue(e.getObj())) {
        s.views.values().remove(e.getObj());
        throw notAuthenticated();
      }
      throw e;
    }
    while (r != null) {
      if (r.getObjects() != null) {
        for (ObjectContent oc : r.getObjects()) {
          // Unauthenticated reads may come back as properties missing for want of a session: that is an expired
          // session, not an object without properties.
          if (oc.getMissingSet() != null) {
            for (MissingProperty m : oc.getMissingSet()) {
              if (m.getFault() != null && m.getFault().getFault() instanceof NotAuthenticated) {
                throw (NotAuthenticated) m.getFault().getFault();
              }
            }
          }
          out.add(oc);
        }
      }
      r = r.getToken() == null ? null : s.vim.continueRetrievePropertiesEx(pc, r.getToken());
    }
    return out;
  }

  private static NotAuthenticated notAuthenticated() {
    return new NotAuthenticated();
  }

  /**
   * A container view of {@code container} (recursive) over {@code types}, made once per session and reused: views
   * live as long as the session, so the steady cost of reading through one is the RetrievePropertiesEx alone.
   */
  static ManagedObjectReference view(Sessions.Session s, ManagedObjectReference container, String... types)
      throws RemoteException {
    String key = container.getType() + ":" + container.getVal() + ":" + String.join(",", types);
    ManagedObjectReference known = s.views.get(key);
    if (known != null) {
      return known;
    }
    ManagedObjectReference view = s.vim.createContainerView(s.content.getViewManager(), container, types, true);
    s.views.put(key, view);
    return view;
  }

  /** Every VM and template of a datacenter: one RetrievePropertiesEx over the datacenter's VM view. */
  static List<Vm> vms(Sessions.Session s, ManagedObjectReference datacenter) throws RemoteException {
    return inventory(s, datacenter, List.of()).vms();
  }

  /** A datacenter's VMs and the infos of some tasks (those vCenter still knows), by task id. */
  record Inventory(List<Vm> vms, Map<String, TaskInfo> tasks) {}

  /** Every VM and template of a datacenter and the given tasks: one RetrievePropertiesEx. */
  static Inventory inventory(Sessions.Session s, ManagedObjectReference datacenter, List<String> taskRefs)
      throws RemoteException {
    ManagedObjectReference view = view(s, datacenter, "VirtualMachine");
    PropertyFilterSpec spec = overView(view, propertySpec("VirtualMachine", VM_PROPERTIES),
        propertySpec("Task", "info"));
    List<ObjectSpec> objects = new ArrayList<>(List.of(spec.getObjectSet()));
    taskRefs.stream().distinct().forEach(t -> {
      ObjectSpec o = new ObjectSpec();
      o.setObj(task(t));
      o.setSkip(false);
      objects.add(o);
    });
    spec.setObjectSet(objects.toArray(ObjectSpec[]::new));
    spec.setReportMissingObjectsInResults(true);
    List<Vm> vms = new ArrayList<>();
    Map<String, TaskInfo> tasks = new LinkedHashMap<>();
    for (ObjectContent oc : retrieve(s, spec)) {
      if ("VirtualMachine".equals(oc.getObj().getType())) {
        vms.add(vm(oc));
      } else if (props(oc).get("info") instanceof TaskInfo info) {
        tasks.put(oc.getObj().getVal(), info);
      }
    }
    return new Inventory(vms, tasks);
  }

  /** One VM's properties, or {@code null} when it is gone. */
  static Vm vm(Sessions.Session s, ManagedObjectReference vm) throws RemoteException {
    List<ObjectContent> r = retrieve(s, objects(List.of(vm), propertySpec("VirtualMachine", VM_PROPERTIES)));
    return r.isEmpty() ? null : vm(r.get(0));
  }

  /** Arbitrary properties of one object, or an empty map when it is gone. */
  static Map<String, Object> properties(Sessions.Session s, ManagedObjectReference mor, String... paths)
      throws RemoteException {
    List<ObjectContent> r = retrieve(s, objects(List.of(mor), propertySpec(mor.getType(), paths)));
    return r.isEmpty() ? Map.of() : props(r.get(0));
  }

  static ManagedObjectReference task(String taskRef) {
    return Sessions.mor("Task", taskRef);
  }

  /** A task's info and a VM's properties, either absent when not asked for or gone. */
  record TaskAndVm(TaskInfo task, Vm vm) {}

  /**
   * A task's info (when {@code taskRef} is not null) and a VM's properties (when {@code vm} is not null) in one
   * RetrievePropertiesEx.
   */
  static TaskAndVm taskAndVm(Sessions.Session s, String taskRef, ManagedObjectReference vm) throws RemoteException {
    List<ManagedObjectReference> mors = new ArrayList<>();
    if (taskRef != null) {
      mors.add(task(taskRef));
    }
    if (vm != null) {
      mors.add(vm);
    }
    if (mors.isEmpty()) {
      return new TaskAndVm(null, null);
    }
    TaskInfo info = null;
    Vm found = null;
    for (ObjectContent oc : retrieve(s, objects(mors, propertySpec("Task", "info"),
        propertySpec("VirtualMachine", VM_PROPERTIES)))) {
      if ("Task".equals(oc.getObj().getType()) && props(oc).get("info") instanceof TaskInfo t) {
        info = t;
      } else if ("VirtualMachine".equals(oc.getObj().getType())) {
        found = vm(oc);
      }
    }
    return new TaskAndVm(info, found);
  }

  /** The infos of the TaskManager's recent tasks (queued, running and recently finished): one call. */
  static List<TaskInfo> recentTasks(Sessions.Session s) throws RemoteException {
    PropertyFilterSpec f = referenced(s.content.getTaskManager(), "TaskManager", "recentTask",
        propertySpec("Task", "info"));
    List<TaskInfo> out = new ArrayList<>();
    for (ObjectContent oc : retrieve(s, f)) {
      if (props(oc).get("info") instanceof TaskInfo info) {
        out.add(info);
      }
    }
    return out;
  }
}
