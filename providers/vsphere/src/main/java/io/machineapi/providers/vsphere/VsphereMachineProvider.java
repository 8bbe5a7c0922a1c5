package io.machineapi.providers.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByTime;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SpecDecoder;
import io.machineapi.spi.TransientProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vsphere} provider: one VM per Machine, cloned from a template with instance UUID = Machine UID, so the
 * VM is found by {@code SearchIndex.FindByUuid(instanceUuid=true)} after any crash. Every step is a vCenter task that
 * is started and never waited for: the task's id is returned as the progress token ({@code providerStatus.taskRef})
 * and the next call reads the task's state. Describe reads every VM of a datacenter with one RetrievePropertiesEx
 * and answers settled Machines from the last read while it is younger than {@code inventoryMaxAgeSeconds}.
 *
 * <p>Sequence of one Machine: clone (powered off, Pending) → the VM exists powered off, describe answers Absent, so
 * the controller calls create again → reconfigure CPU/memory when the clone did not apply them → power on → Pending
 * until the guest reports an IP → Running. Delete: power off → destroy → Gone.
 */
public final class VsphereMachineProvider implements MachineProvider<VSphereMachineProviderSpec> {
  public static final String NAME = "vsphere";
  public static final String PROVIDER_ID_PREFIX = "vsphere://";
  static final String TASK_REF = "taskRef";
  private static final Logger LOG = LoggerFactory.getLogger(VsphereMachineProvider.class);
  /** A VM someone powered off after provisioning: looked at again this often. */
  private static final Duration POWERED_OFF_RECHECK = Duration.ofSeconds(60);

  private final SpecDecoder decoder = SpecDecoder.lenient();
  private final SoapCounter counter = new SoapCounter();
  /** The last VM inventory read per credential and datacenter. */
  private final Map<String, Inventory> inventories = new ConcurrentHashMap<>();
  /** Failed tasks already reported once per Machine (uid|taskRef): the next call goes on from the VM's state. */
  private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
  private VsphereSettings settings;
  private Clock clock;
  private Sessions sessions;
  private Placement placement;

  /** How long a describe's observation of a Machine that is not running may stand in for create's own read. */
  static final Duration OBSERVATION_TRUST = Duration.ofSeconds(10);

  /** What a describe saw of a Machine it answered Absent for: its VM (or none) and its last task (or none). */
  record Observation(Instant at, String taskRef, Vim.Vm vm, TaskInfo task) {}

  /** Per Machine UID, the last such observation; used once by create. */
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();

  /** A datacenter's VMs by instance UUID, as read at {@code at}. */
  record Inventory(Instant at, Map<String, Vim.Vm> byInstanceUuid) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> providerSpecKinds() {
    return Set.of(VSphereMachineProviderSpec.KIND);
  }

  @Override
  public String progressTokenField() {
    return TASK_REF;
  }

  @Override
  public void init(ProviderEnvironment environment) {
    settings = VsphereSettings.from(environment);
    clock = environment.clock();
    sessions = new Sessions(settings, counter);
    placement = new Placement(sessions, clock, settings.lookupCache());
    if (!Object.class.getModule().isOpen("java.lang", VsphereMachineProvider.class.getModule())) {
      LOG.warn("vsphere: java.lang is not open to the provider (JVM option --add-opens "
          + "java.base/java.lang=ALL-UNNAMED): vCenter faults will arrive as \"Could not map the soap fault\" and "
          + "be classified as OTHER");
    }
    if (!"false".equals(System.getProperty("sun.net.http.retryPost"))) {
      LOG.warn("vsphere: -Dsun.net.http.retryPost=false is not set: the JDK may re-send a task-starting request "
          + "(a clone) once after a dropped connection");
    }
  }

  /** SOAP requests sent so far, by method name: for tests and the benchmark. */
  public SoapCounter requests() {
    return counter;
  }

  @Override
  public void close() {
    if (sessions != null) {
      sessions.close();
    }
  }

  // ---------------------------------------------------------------------------------------------------- spec

  @Override
  public VSphereMachineProviderSpec decode(JsonNode providerSpecValue) throws InvalidConfigurationException {
    if (providerSpecValue != null && providerSpecValue.hasNonNull("apiVersion")) {
      String apiVersion = providerSpecValue.get("apiVersion").asText();
      if (!apiVersion.equals(VSphereMachineProviderSpec.API_VERSION)
          && !apiVersion.equals(VSphereMachineProviderSpec.LEGACY_API_VERSION)) {
        throw new InvalidConfigurationException(FieldErrors.PROVIDER_SPEC_VALUE + ".apiVersion", "must be "
            + VSphereMachineProviderSpec.API_VERSION + " or " + VSphereMachineProviderSpec.LEGACY_API_VERSION
            + ", got " + apiVersion);
      }
    }
    VSphereMachineProviderSpec spec = decoder.decode(providerSpecValue, VSphereMachineProviderSpec.class);
    spec.validate();
    return spec;
  }

  /** OpenShift's defaults: {@code userDataSecret.name} worker-user-data, {@code credentialsSecret.name}
   * vsphere-cloud-credentials. */
  @Override
  public JsonNode defaults(JsonNode providerSpecValue) {
    if (providerSpecValue == null || !providerSpecValue.isObject()) {
      return providerSpecValue;
    }
    ObjectNode out = null;
    for (Map.Entry<String, String> d : Map.of("userDataSecret", VSphereMachineProviderSpec.DEFAULT_USER_DATA_SECRET,
        "credentialsSecret", VSphereMachineProviderSpec.DEFAULT_CREDENTIALS_SECRET).entrySet()) {
      JsonNode ref = providerSpecValue.get(d.getKey());
      boolean missing = ref == null || ref.isNull();
      boolean unnamed = ref != null && ref.isObject()
          && (ref.get("name") == null || ref.get("name").isNull() || ref.get("name").asText().isBlank());
      if (ref != null && !ref.isNull() && !ref.isObject()) {
        continue;
      }
      if (missing || unnamed) {
        out = out == null ? ((ObjectNode) providerSpecValue).deepCopy() : out;
        (missing ? out.putObject(d.getKey()) : (ObjectNode) out.get(d.getKey())).put("name", d.getValue());
      }
    }
    return out == null ? providerSpecValue : out;
  }

  @Override
  public List<String> warnings(VSphereMachineProviderSpec spec) {
    return spec.warnings();
  }

  /** vCPUs and memory as the spec asks for them (OpenShift writes these annotations from the spec); no call. */
  @Override
  public Optional<InstanceCapacity> capacity(VSphereMachineProviderSpec spec, ResolvedSecrets secrets) {
    if (spec.cpus() < 1 || spec.memory() < 1) {
      return Optional.empty();
    }
    return Optional.of(new InstanceCapacity(spec.cpus() + "vCPU-" + spec.memory() + "MiB", spec.cpus(),
        spec.memory(), 0, "", OptionalInt.empty(), InstanceCapacity.AMD64));
  }

  // -------------------------------------------------------------------------------------------------- create

  @Override
  public ProviderResult create(MachineContext machine, VSphereMachineProviderSpec spec) throws ProviderException {
    Optional<String> token = machine.progressToken();
    Observation seen = observations.remove(machine.uid());
    Look read = usable(seen, token.orElse(null)) ? observed(machine, spec, seen) : look(machine, spec);
    Credentials c = read.credentials();
    Placement.Datacenter dc = read.datacenter();
    TaskInfo info = read.task();
    if (info != null && Tasks.unfinished(info)) {
      return pending(read.vm() == null ? InstanceDetails.builder() : details(read.vm()), token.get(),
          Tasks.label(info));
    }
    if (info != null && Tasks.failed(info)) {
      reportOnce(machine, token.get(), info);
    }
    Vim.Vm vm = read.vm();
    if (vm == null) {
      if (info != null && Tasks.isClone(info) && !Tasks.failed(info)
          && reportedFailures.add(machine.uid() + "|" + token.get())) {
        // Cloned, yet not found by its instance UUID: vCenter may not show it yet. Once more, then clone anew.
        throw new TransientProviderException(TransientProviderException.Reason.CONFLICT, "clone task "
            + token.get() + " finished but no VM has instance UUID " + machine.uid() + " yet", null);
      }
      Optional<String> running = runningClone(c, machine.name());
      if (running.isPresent()) {
        LOG.info("Machine {}: its clone {} is still running (started before a restart)", machine.key(),
            running.get());
        return pending(InstanceDetails.builder(), running.get(), "clone");
      }
      return clone(c, dc, machine, spec);
    }
    return advance(c, machine, spec, vm);
  }

  /** Reports a failed task once (transient, with vCenter's message); later calls go on from the VM's state. */
  private void reportOnce(MachineContext machine, String taskRef, TaskInfo info) throws TransientProviderException {
    if (reportedFailures.add(machine.uid() + "|" + taskRef)) {
      throw VsphereErrors.taskFailed(Tasks.label(info), taskRef, info.getError());
    }
  }

  /** The VM exists: reconfigure and power on as needed, else report it. */
  private ProviderResult advance(Credentials c, MachineContext machine, VSphereMachineProviderSpec spec, Vim.Vm vm)
      throws ProviderException {
    if (vm.poweredOn()) {
      return observed(vm, machine.progressToken().orElse(null));
    }
    boolean poweredOff = "poweredOff".equals(vm.powerState());
    if (poweredOff && needsReconfigure(spec, vm)) {
      VirtualMachineConfigSpec change = new VirtualMachineConfigSpec();
      if (spec.cpus() > 0) {
        change.setNumCPUs(spec.cpus());
        change.setNumCoresPerSocket(spec.coresPerSocket());
      }
      if (spec.memory() > 0) {
        change.setMemoryMB(spec.memory());
      }
      ManagedObjectReference task = sessions.write(c, "ReconfigVM_Task",
          s -> s.vim.reconfigVM_Task(vm.mor(), change));
      return pending(details(vm), task.getVal(), "reconfigure");
    }
    ManagedObjectReference task = sessions.write(c, "PowerOnVM_Task", s -> s.vim.powerOnVM_Task(vm.mor(), null));
    return pending(details(vm), task.getVal(), "power-on");
  }

  /** vcsim ignores the clone spec's CPU and memory; a real vCenter applies them, and then nothing differs. */
  static boolean needsReconfigure(VSphereMachineProviderSpec spec, Vim.Vm vm) {
    return (spec.cpus() > 0 && spec.cpus() != vm.numCpu()) || (spec.memory() > 0 && spec.memory() != vm.memoryMb());
  }

  private ProviderResult clone(Credentials c, Placement.Datacenter dc, MachineContext machine,
      VSphereMachineProviderSpec spec) throws ProviderException {
    byte[] userData = machine.secrets().userData().orElseThrow(() -> new InvalidConfigurationException(
        FieldErrors.PROVIDER_SPEC_VALUE + ".userDataSecret", "Secret "
            + spec.userDataSecret().map(r -> r.name()).orElse("(none)") + " has no userData key"));
    Placement.Template template = placement.template(c, dc, spec);
    Placement.Target target = placement.target(c, dc, spec);
    VirtualMachineCloneSpec cloneSpec = CloneSpecs.build(machine, spec, template, target, userData);
    ManagedObjectReference task;
    try {
      task = sessions.write(c, "CloneVM_Task",
          s -> s.vim.cloneVM_Task(template.mor(), target.folder(), machine.name(), cloneSpec));
    } catch (ProviderException e) {
      // A template or placement object may have been replaced since it was cached: look them up again next time.
      placement.invalidate(c);
      throw e;
    }
    LOG.info("Machine {}: cloning {} as VM {} (task {})", machine.key(), template.name(), machine.name(),
        task.getVal());
    return pending(InstanceDetails.builder().cloudState("cloning"), task.getVal(), "clone");
  }

  /** What the recent tasks say about a running clone of this VM name (one call, two when clones are running). */
  private Optional<String> runningClone(Credentials c, String vmName) throws ProviderException {
    List<TaskInfo> running = Tasks.runningClones(sessions.read(c, "read recent tasks", Vim::recentTasks));
    if (running.isEmpty()) {
      return Optional.empty();
    }
    Calendar since = running.stream().map(TaskInfo::getQueueTime).filter(java.util.Objects::nonNull)
        .min(Calendar::compareTo).map(t -> (Calendar) t.clone()).orElseGet(Calendar::getInstance);
    since.add(Calendar.MINUTE, -1);
    EventFilterSpec filter = new EventFilterSpec();
    filter.setEventTypeId(new String[] {"VmBeingClonedEvent"});
    EventFilterSpecByTime time = new EventFilterSpecByTime();
    time.setBeginTime(since);
    filter.setTime(time);
    Event[] events = sessions.read(c, "QueryEvents",
        s -> s.vim.queryEvents(s.content.getEventManager(), filter));
    return Tasks.cloneOf(running, events == null ? List.of() : List.of(events), vmName);
  }

  // ------------------------------------------------------------------------------------------------ describe

  @Override
  public DescribeResult describe(List<DescribeRequest<VSphereMachineProviderSpec>> machines)
      throws TransientProviderException {
    DescribeResult.Builder out = DescribeResult.builder();
    Map<String, List<DescribeRequest<VSphereMachineProviderSpec>>> groups = new LinkedHashMap<>();
    Map<String, Credentials> creds = new HashMap<>();
    Map<String, Placement.Datacenter> dcs = new HashMap<>();
    for (DescribeRequest<VSphereMachineProviderSpec> r : machines) {
      try {
        Credentials c = credentials(r.machine().secrets(), r.spec());
        Placement.Datacenter dc = placement.datacenter(c, r.spec().workspaceOrEmpty());
        String key = c.key() + "|" + dc.mor().getVal();
        creds.put(key, c);
        dcs.put(key, dc);
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      } catch (ProviderException e) {
        out.failure(r.uid(), e);
      }
    }
    for (Map.Entry<String, List<DescribeRequest<VSphereMachineProviderSpec>>> g : groups.entrySet()) {
      Credentials c = creds.get(g.getKey());
      try {
        describeGroup(c, dcs.get(g.getKey()), g.getKey(), g.getValue(), out);
      } catch (ProviderException e) {
        // A cached datacenter vCenter no longer knows must not fail every later describe: looked up afresh next time.
        placement.invalidate(c);
        TransientProviderException t = e instanceof TransientProviderException te ? te
            : new TransientProviderException(TransientProviderException.Reason.OTHER, e.getMessage(), e);
        g.getValue().forEach(r -> out.failure(r.uid(), t));
      }
    }
    return out.build();
  }

  private void describeGroup(Credentials c, Placement.Datacenter dc, String key,
      List<DescribeRequest<VSphereMachineProviderSpec>> requests, DescribeResult.Builder out)
      throws ProviderException {
    Inventory inventory = inventories.get(key);
    Instant now = clock.instant();
    if (answersFromCache(inventory, now, requests.stream().map(DescribeRequest::uid).toList())) {
      for (DescribeRequest<VSphereMachineProviderSpec> r : requests) {
        Vim.Vm vm = inventory.byInstanceUuid().get(r.uid().toLowerCase(Locale.ROOT));
        out.result(r.uid(), state(r.machine(), vm, null));
      }
      return;
    }
    // One read: the datacenter's VMs and the last task of every Machine of the batch that has one.
    List<String> taskRefs = requests.stream().map(r -> r.machine().progressToken()).flatMap(Optional::stream)
        .toList();
    Vim.Inventory read = sessions.read(c, "read VM inventory", s -> Vim.inventory(s, dc.mor(), taskRefs));
    Map<String, Vim.Vm> byUuid = new HashMap<>();
    for (Vim.Vm vm : read.vms()) {
      if (vm.instanceUuid() != null && !vm.template()) {
        byUuid.putIfAbsent(vm.instanceUuid().toLowerCase(Locale.ROOT), vm);
      }
    }
    inventories.put(key, new Inventory(now, byUuid));
    for (DescribeRequest<VSphereMachineProviderSpec> r : requests) {
      Vim.Vm vm = byUuid.get(r.uid().toLowerCase(Locale.ROOT));
      TaskInfo task = r.machine().progressToken().map(read.tasks()::get).orElse(null);
      ProviderResult state = state(r.machine(), vm, task);
      if (!(state instanceof InstanceState s && s.exists())) {
        // The controller calls create next: it may start from this observation instead of reading again.
        observations.put(r.uid(), new Observation(now, r.machine().progressToken().orElse(null), vm, task));
      }
      out.result(r.uid(), state);
    }
  }

  /**
   * Whether the last inventory answers every requested Machine without a call: younger than
   * {@code inventoryMaxAgeSeconds} and each Machine's VM found in it powered on with a guest IP.
   */
  boolean answersFromCache(Inventory inventory, Instant now, List<String> uids) {
    if (inventory == null || !inventory.at().plus(settings.inventoryMaxAge()).isAfter(now)) {
      return false;
    }
    return uids.stream().allMatch(uid -> {
      Vim.Vm vm = inventory.byInstanceUuid().get(uid.toLowerCase(Locale.ROOT));
      return vm != null && vm.settled();
    });
  }

  /** A Machine's state from its VM (may be null) and its last task (may be null: none, or purged). */
  ProviderResult state(MachineContext machine, Vim.Vm vm, TaskInfo task) {
    String token = machine.progressToken().orElse(null);
    if (vm != null && vm.poweredOn()) {
      return observed(vm, token);
    }
    if (task != null && Tasks.unfinished(task)) {
      return pending(vm == null ? InstanceDetails.builder() : details(vm), token, Tasks.label(task));
    }
    boolean provisioned = machine.providerId().isPresent() || !machine.addresses().isEmpty();
    if (vm != null) {
      if (provisioned) {
        return new InstanceState.Pending(details(vm).providerId(providerId(vm)).progressToken(token).build(),
            POWERED_OFF_RECHECK.compareTo(settings.taskPoll()) > 0 ? POWERED_OFF_RECHECK : settings.taskPoll());
      }
      // Powered off while provisioning: not running yet, so the controller calls create, which powers it on (or
      // reports the failed task that left it off).
      return InstanceState.absent();
    }
    if (provisioned) {
      return new InstanceState.Gone(InstanceDetails.builder().providerId(machine.providerId().orElse(null))
          .cloudState("notFound").build());
    }
    return InstanceState.absent();
  }

  // -------------------------------------------------------------------------------------------------- delete

  @Override
  public ProviderResult delete(MachineContext machine, VSphereMachineProviderSpec spec) throws ProviderException {
    Look read = look(machine, spec);
    Credentials c = read.credentials();
    Optional<String> token = machine.progressToken();
    TaskInfo info = read.task();
    if (info != null && Tasks.unfinished(info)) {
      return terminating(InstanceDetails.builder().providerId(machine.providerId().orElse(null)), token.get());
    }
    if (info != null && Tasks.failed(info) && !Tasks.isClone(info)) {
      reportOnce(machine, token.get(), info);
    }
    Vim.Vm vm = read.vm();
    if (vm == null) {
      // Without a task of this Machine on record a clone may have started before a restart: it is looked for.
      Optional<String> running = info != null ? Optional.empty() : runningClone(c, machine.name());
      if (running.isPresent()) {
        // A clone started before a restart is still running: destroy what it makes once it is done.
        return terminating(InstanceDetails.builder(), running.get());
      }
      forget(machine);
      boolean existed = machine.providerId().isPresent() || token.isPresent();
      return existed ? new InstanceState.Gone(InstanceDetails.builder()
          .providerId(machine.providerId().orElse(null)).cloudState("notFound").build()) : InstanceState.absent();
    }
    if (!"poweredOff".equals(vm.powerState())) {
      ManagedObjectReference task = sessions.write(c, "PowerOffVM_Task", s -> s.vim.powerOffVM_Task(vm.mor()));
      LOG.info("Machine {}: powering off VM {} (task {})", machine.key(), vm.name(), task.getVal());
      return terminating(details(vm).providerId(providerId(vm)), task.getVal());
    }
    ManagedObjectReference task = sessions.write(c, "Destroy_Task", s -> s.vim.destroy_Task(vm.mor()));
    LOG.info("Machine {}: destroying VM {} (task {})", machine.key(), vm.name(), task.getVal());
    return terminating(details(vm).providerId(providerId(vm)).cloudState("destroying"), task.getVal());
  }

  private void forget(MachineContext machine) {
    observations.remove(machine.uid());
    reportedFailures.removeIf(k -> k.startsWith(machine.uid() + "|"));
  }

  // ------------------------------------------------------------------------------------------------- helpers

  private static Credentials credentials(ResolvedSecrets secrets, VSphereMachineProviderSpec spec)
      throws InvalidConfigurationException {
    return Credentials.from(secrets, spec.workspaceOrEmpty().server());
  }

  /** What create and delete start from: the Machine's last task (if any) and VM (if any). */
  private record Look(Credentials credentials, Placement.Datacenter datacenter, TaskInfo task, Vim.Vm vm) {}

  /**
   * Whether a describe's observation may stand in for create's own read: made by this process less than
   * {@link #OBSERVATION_TRUST} ago, for the same task (the controller describes right before it creates).
   */
  boolean usable(Observation seen, String token) {
    return seen != null && java.util.Objects.equals(seen.taskRef(), token)
        && seen.at().plus(OBSERVATION_TRUST).isAfter(clock.instant());
  }

  private Look observed(MachineContext machine, VSphereMachineProviderSpec spec, Observation seen)
      throws ProviderException {
    Credentials c = credentials(machine.secrets(), spec);
    return new Look(c, placement.datacenter(c, spec.workspaceOrEmpty()), seen.task(), seen.vm());
  }

  /** Finds the Machine's VM by instance UUID, then reads its last task and the VM in one call. */
  private Look look(MachineContext machine, VSphereMachineProviderSpec spec) throws ProviderException {
    Credentials c = credentials(machine.secrets(), spec);
    Placement.Datacenter dc = placement.datacenter(c, spec.workspaceOrEmpty());
    String token = machine.progressToken().orElse(null);
    ManagedObjectReference listed = listedVm(c, dc, machine.uid());
    ManagedObjectReference mor = listed != null ? listed : findVm(c, dc, machine.uid());
    Vim.TaskAndVm read = sessions.read(c, "read task and VM", s -> Vim.taskAndVm(s, token, mor));
    if (listed != null && read.vm() == null && (read.task() == null || !Tasks.destroyedVm(read.task()))) {
      // The VM the last inventory listed is gone and this Machine's own destroy did not remove it: looked up by
      // instance UUID after all, in case it was registered again under another reference.
      ManagedObjectReference again = findVm(c, dc, machine.uid());
      if (again != null) {
        read = sessions.read(c, "read task and VM", s -> Vim.taskAndVm(s, token, again));
      }
    }
    return new Look(c, dc, read.task(), read.vm());
  }

  /**
   * The Machine's VM as the last inventory of its datacenter listed it (a managed-object reference is never reused
   * by vCenter), so delete's passes need no {@code FindByUuid}; null when that inventory does not list it.
   */
  private ManagedObjectReference listedVm(Credentials c, Placement.Datacenter dc, String uid) {
    Inventory inventory = inventories.get(c.key() + "|" + dc.mor().getVal());
    Vim.Vm vm = inventory == null ? null : inventory.byInstanceUuid().get(uid.toLowerCase(Locale.ROOT));
    return vm == null ? null : vm.mor();
  }

  /** The Machine's VM: instance UUID = Machine UID, VMs only. */
  private ManagedObjectReference findVm(Credentials c, Placement.Datacenter dc, String uid) throws ProviderException {
    return sessions.read(c, "FindByUuid",
        s -> s.vim.findByUuid(s.content.getSearchIndex(), dc.mor(), uid, true, Boolean.TRUE));
  }

  private ProviderResult pending(InstanceDetails.Builder details, String taskRef, String what) {
    LOG.debug("task {} ({}) under way", taskRef, what);
    return new InstanceState.Pending(details.progressToken(taskRef).build(), settings.taskPoll());
  }

  private InstanceState terminating(InstanceDetails.Builder details, String taskRef) {
    return new InstanceState.Terminating(details.progressToken(taskRef).build(), settings.taskPoll());
  }

  /** A powered-on VM: Running once the guest reports an IP, else Pending. */
  private InstanceState observed(Vim.Vm vm, String token) {
    InstanceDetails.Builder b = details(vm).providerId(providerId(vm)).progressToken(token);
    for (String ip : vm.ips()) {
      b.address(MachineAddress.Type.INTERNAL_IP, ip);
    }
    if (vm.name() != null) {
      b.address(MachineAddress.Type.INTERNAL_DNS, vm.name());
    }
    return vm.ips().isEmpty() ? new InstanceState.Pending(b.build(), settings.taskPoll())
        : new InstanceState.Running(b.build());
  }

  /** Power state and providerStatus ({@code instanceId}, {@code instanceState}). */
  static InstanceDetails.Builder details(Vim.Vm vm) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    if (vm.biosUuid() != null) {
      status.put("instanceId", vm.biosUuid());
    }
    if (vm.powerState() != null) {
      status.put("instanceState", vm.powerState());
    }
    return InstanceDetails.builder().cloudState(vm.powerState()).providerStatus(status);
  }

  /** {@code vsphere://<BIOS uuid>}, normalised as a UUID (lower case) when it parses as one. */
  static String providerId(Vim.Vm vm) {
    if (vm.biosUuid() == null) {
      return null;
    }
    String uuid = vm.biosUuid();
    try {
      uuid = UUID.fromString(uuid).toString();
    } catch (IllegalArgumentException e) {
      // kept as vCenter wrote it
    }
    return PROVIDER_ID_PREFIX + uuid;
  }
}
