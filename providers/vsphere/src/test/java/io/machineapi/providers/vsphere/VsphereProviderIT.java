package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vmware.vim25.ArrayOfOptionValue;
import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.UserSession;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualVmxnet3;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The provider against vcsim (peers/vcsim.sh: DC0, template rhcos-template, guest IPs 192.0.2.N), driven through the
 * SPI as the Machine controller drives it: describe first; create while describe answers Absent; the returned
 * details (providerID, addresses, providerStatus with the progress token) written back before the next call.
 */
class VsphereProviderIT {
  static final String USER = "administrator@vsphere.local";
  static final String PASSWORD = "vcsim-secret";
  private static final String SERVER = "127.0.0.1";
  private static final String NAMESPACE = "openshift-machine-api";
  private static final String CLUSTER = "vsphere-it";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static final Duration LIFECYCLE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  private static VsphereMachineProvider provider;
  private static Sessions admin;
  private static Credentials adminCredentials;
  /** Machines whose VMs must go at the end. */
  private static final Map<String, Machine> CREATED = new ConcurrentHashMap<>();

  @BeforeAll
  static void peer() {
    URI url = PeerAssumptions.requirePeer("vcsim");
    assertThat(url.getPort()).isEqualTo(8989);
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    provider = newProvider(Map.of());
    VsphereSettings settings = VsphereSettings.from(environment(Map.of()));
    admin = new Sessions(settings, new SoapCounter());
    adminCredentials = new Credentials(SERVER, USER, PASSWORD);
  }

  @AfterAll
  static void cleanUp() {
    if (provider == null) {
      return;
    }
    try {
      CREATED.values().parallelStream().forEach(m -> await().atMost(LIFECYCLE).ignoreExceptions()
          .until(() -> m.deletePass(provider)));
      // No captured log line carries a password or user data.
      for (ILoggingEvent e : List.copyOf(LOGS.list)) {
        String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
            : ThrowableProxyUtil.asString(e.getThrowableProxy()));
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("wrong-" + PASSWORD).doesNotContain("ignition")
            .doesNotContain(Base64.getEncoder().encodeToString(userData("x")).substring(0, 16));
      }
      assertThat(LOGS.list).isNotEmpty();
    } finally {
      provider.close();
      admin.close();
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    }
  }

  static ProviderEnvironment environment(Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(Map.of("port", "8989", "insecure", "true", "taskPollSeconds", "0.05",
        "readTimeoutSeconds", "15", "inventoryMaxAgeSeconds", "300"));
    config.putAll(extra);
    return ProviderEnvironment.defaults().withConfiguration(config).withClock(Clock.systemUTC());
  }

  static VsphereMachineProvider newProvider(Map<String, String> extra) {
    VsphereMachineProvider p = new VsphereMachineProvider();
    p.init(environment(extra));
    return p;
  }

  static byte[] userData(String uid) {
    return ("{\"ignition\":{\"version\":\"3.2.0\",\"config\":{\"merge\":[{\"source\":"
        + "\"https://api-int.example:22623/config/worker\"}]}},\"uid\":\"" + uid + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static ResolvedSecrets secrets(String uid, String password) {
    return ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("vsphere-cloud-credentials", Map.of(
            SERVER + ".username", USER.getBytes(StandardCharsets.UTF_8),
            SERVER + ".password", password.getBytes(StandardCharsets.UTF_8))))
        .withUserDataSecret(new SecretContents("worker-user-data", Map.of("userData", userData(uid))));
  }

  /**
   * Every field vcsim keeps. Not diskGiB: vcsim 0.24.2's clone shares the template's disk object and clears its file
   * name, so editing the disk during a clone fails inside vcsim (which ignores the failure and leaves the clone's
   * device list half changed); the resize request is unit-tested in CloneSpecsTest.
   */
  static final String SPEC = """
      {"apiVersion": "machine.openshift.io/v1beta1", "kind": "VSphereMachineProviderSpec",
       "template": "rhcos-template",
       "workspace": {"server": "127.0.0.1", "datacenter": "DC0", "folder": "/DC0/vm",
                     "datastore": "LocalDS_0", "resourcePool": "/DC0/host/DC0_C0/Resources"},
       "network": {"devices": [{"networkName": "VM Network"}, {"networkName": "DC0_DVPG0"}]},
       "numCPUs": 4, "numCoresPerSocket": 2, "memoryMiB": 4096,
       "dataDisks": [{"name": "etcd", "sizeGiB": 2, "provisioningMode": "Thin"}]}
      """;

  static VSphereMachineProviderSpec spec(String json) throws InvalidConfigurationException {
    try {
      return provider.decode(provider.defaults(JSON.readTree(json)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Machine as the controller keeps it: its status is what the provider's answers wrote. */
  static final class Machine {
    final String name;
    final String uid = UUID.randomUUID().toString();
    final VSphereMachineProviderSpec spec;
    String password = PASSWORD;
    String providerId;
    List<MachineAddress> addresses = List.of();
    ObjectNode providerStatus;
    InstanceState last;
    /** SOAP requests and calls per SPI operation (exact only while no other Machine uses the provider). */
    final Map<String, long[]> soap = new java.util.TreeMap<>();

    private <T> T counted(VsphereMachineProvider p, String op, java.util.concurrent.Callable<T> call)
        throws ProviderException {
      long before = p.requests().total();
      try {
        return call.call();
      } catch (ProviderException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        long[] c = soap.computeIfAbsent(op, k -> new long[2]);
        c[0] += p.requests().total() - before;
        c[1]++;
      }
    }

    String soapSummary() {
      StringBuilder b = new StringBuilder();
      soap.forEach((op, c) -> b.append(op).append(": ").append(c[0]).append(" requests in ").append(c[1])
          .append(" calls; "));
      return b.toString();
    }

    Machine(String name, VSphereMachineProviderSpec spec) {
      this.name = "it-" + RUN + "-" + name;
      this.spec = spec;
    }

    MachineContext context() {
      MachineContext.Builder b = MachineContext.builder(NAMESPACE, name, uid, CLUSTER)
          .labels(Map.of(MachineContext.CLUSTER_ID_LABEL, CLUSTER)).secrets(secrets(uid, password))
          .addresses(addresses).providerId(providerId).providerStatus(providerStatus);
      if (providerStatus != null && providerStatus.hasNonNull(VsphereMachineProvider.TASK_REF)) {
        b.progressToken(providerStatus.get(VsphereMachineProvider.TASK_REF).asText());
      }
      return b.build();
    }

    /** What the controller writes after an answer. */
    void write(ProviderResult r) {
      InstanceState s = (InstanceState) r;
      last = s;
      InstanceDetails d = s.details();
      d.providerId().ifPresent(p -> providerId = p);
      if (s.exists()) {
        addresses = d.addresses();
      }
      JsonNode base = d.providerStatus().orElse(providerStatus);
      ObjectNode status = base == null ? JSON.createObjectNode() : ((ObjectNode) base).deepCopy();
      d.progressToken().ifPresentOrElse(t -> status.put(VsphereMachineProvider.TASK_REF, t),
          () -> status.remove(VsphereMachineProvider.TASK_REF));
      providerStatus = status;
    }

    ProviderResult describe(VsphereMachineProvider p) throws ProviderException {
      DescribeResult r = counted(p, "describe", () -> p.describe(List.of(new DescribeRequest<>(context(), spec))));
      if (r.failureFor(uid).isPresent()) {
        throw r.failureFor(uid).get();
      }
      return r.resultFor(uid).orElseThrow();
    }

    /** One reconcile pass of an unprovisioned or provisioning Machine; true once it is Running. */
    boolean createPass(VsphereMachineProvider p) throws ProviderException {
      ProviderResult observed = describe(p);
      if (observed instanceof InstanceState s && s.exists()) {
        write(s);
        return s.kind() == InstanceState.Kind.RUNNING;
      }
      CREATED.put(uid, this);
      write(counted(p, "create", () -> p.create(context(), spec)));
      return false;
    }

    /** One deletion pass; true once the provider says nothing is left. */
    boolean deletePass(VsphereMachineProvider p) throws ProviderException {
      InstanceState s = (InstanceState) counted(p, "delete", () -> p.delete(context(), spec));
      write(s);
      boolean done = !s.exists();
      if (done) {
        CREATED.remove(uid);
      }
      return done;
    }

    void runToRunning(VsphereMachineProvider p) {
      await().atMost(LIFECYCLE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .until(() -> createPass(p));
    }

    void deleteToGone(VsphereMachineProvider p) {
      await().atMost(LIFECYCLE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .until(() -> deletePass(p));
    }
  }

  /** Every VM (not template) of DC0 with the given instance UUID, read through a separate session. */
  static List<Vim.Vm> vmsWithInstanceUuid(String uid) throws ProviderException {
    ManagedObjectReference dc = Sessions.mor("Datacenter", datacenterId());
    return admin.read(adminCredentials, "test", s -> Vim.vms(s, dc)).stream()
        .filter(v -> uid.equalsIgnoreCase(v.instanceUuid())).toList();
  }

  static String datacenterId() throws ProviderException {
    return admin.read(adminCredentials, "test",
        s -> s.vim.findByInventoryPath(s.content.getSearchIndex(), "/DC0")).getVal();
  }

  static Map<String, Object> vmProperties(String uid, String... paths) throws ProviderException {
    Vim.Vm vm = vmsWithInstanceUuid(uid).get(0);
    return admin.read(adminCredentials, "test", s -> Vim.properties(s, vm.mor(), paths));
  }

  @Test
  void clonesWithEverySpecFeatureAndDeletes() throws Exception {
    Machine m = new Machine("full", spec(SPEC));
    SoapCounter counts = provider.requests();
    // Warm the datacenter, placement and template lookups (cached for lookupCacheSeconds) with another Machine.
    Machine warm = new Machine("warm", spec(SPEC));
    warm.runToRunning(provider);
    warm.deleteToGone(provider);
    long before = counts.total();
    m.runToRunning(provider);
    long lifecycleCreate = counts.total() - before;
    String createSummary = m.soapSummary();
    // Each describe is one request; create starts from the describe's observation: the clone pass reads the recent
    // tasks (plus QueryEvents while a clone runs anywhere) and clones, the reconfigure and power-on passes only act.
    assertThat(m.soap.get("describe")[0]).isEqualTo(m.soap.get("describe")[1]);
    assertThat(m.soap.get("create")[1]).isEqualTo(3);
    assertThat(m.soap.get("create")[0]).isBetween(4L, 5L);
    m.soap.clear();

    List<Vim.Vm> vms = vmsWithInstanceUuid(m.uid);
    assertThat(vms).hasSize(1);
    Vim.Vm vm = vms.get(0);
    assertThat(vm.name()).isEqualTo(m.name);
    assertThat(vm.numCpu()).isEqualTo(4);
    assertThat(vm.memoryMb()).isEqualTo(4096);
    assertThat(m.providerId).isEqualTo("vsphere://" + UUID.fromString(vm.biosUuid()));
    assertThat(m.last.kind()).isEqualTo(InstanceState.Kind.RUNNING);
    assertThat(m.addresses).contains(new MachineAddress(MachineAddress.Type.INTERNAL_DNS, m.name));
    assertThat(m.addresses).anyMatch(a -> a.type() == MachineAddress.Type.INTERNAL_IP
        && a.address().startsWith("192.0.2."));
    assertThat(m.last.details().cloudState()).contains("poweredOn");
    assertThat(m.providerStatus.get("instanceId").asText()).isEqualTo(vm.biosUuid());
    assertThat(m.providerStatus.get("instanceState").asText()).isEqualTo("poweredOn");
    assertThat(m.providerStatus.get(VsphereMachineProvider.TASK_REF).asText()).startsWith("task-");

    Map<String, Object> p = vmProperties(m.uid, "config.extraConfig", "config.hardware.device");
    Map<String, String> extra = new HashMap<>();
    for (OptionValue o : ((ArrayOfOptionValue) p.get("config.extraConfig")).getOptionValue()) {
      extra.put(o.getKey(), String.valueOf(o.getValue()));
    }
    assertThat(new String(Base64.getDecoder().decode(extra.get(GuestInfo.IGNITION_DATA)), StandardCharsets.UTF_8))
        .isEqualTo(new String(userData(m.uid), StandardCharsets.UTF_8));
    assertThat(extra).containsEntry(GuestInfo.IGNITION_ENCODING, "base64")
        .containsEntry(GuestInfo.HOSTNAME, m.name).containsEntry(GuestInfo.STEAL_CLOCK, "TRUE");
    // config.annotation, like numCPUs and memoryMB, is not applied by vcsim's clone (it copies the source's config).
    List<VirtualDevice> devices = List.of(((ArrayOfVirtualDevice) p.get("config.hardware.device"))
        .getVirtualDevice());
    List<VirtualEthernetCard> nics = devices.stream().filter(VirtualEthernetCard.class::isInstance)
        .map(VirtualEthernetCard.class::cast).toList();
    assertThat(nics).hasSize(2).allMatch(VirtualVmxnet3.class::isInstance);
    assertThat(nics.get(0).getBacking()).isInstanceOfSatisfying(VirtualEthernetCardNetworkBackingInfo.class,
        b -> assertThat(b.getDeviceName()).isEqualTo("VM Network"));
    assertThat(nics.get(1).getBacking()).isInstanceOf(VirtualEthernetCardDistributedVirtualPortBackingInfo.class);
    List<VirtualDisk> disks = devices.stream().filter(VirtualDisk.class::isInstance).map(VirtualDisk.class::cast)
        .toList();
    assertThat(disks).hasSize(2);
    assertThat(disks.get(1).getCapacityInKB()).isEqualTo(2L * 1024 * 1024);

    // Settled: the next describes are answered from the inventory without a call.
    long beforePoll = counts.total();
    for (int i = 0; i < 5; i++) {
      assertThat(m.describe(provider).getClass()).isEqualTo(InstanceState.Running.class);
    }
    long steadyPolls = counts.total() - beforePoll;
    assertThat(steadyPolls).isZero();

    m.soap.clear();
    long beforeDelete = counts.total();
    long findByUuidBeforeDelete = counts.count("FindByUuid");
    m.deleteToGone(provider);
    long delete = counts.total() - beforeDelete;
    // The VM's reference comes from the last inventory (no FindByUuid): read + PowerOffVM_Task, read +
    // Destroy_Task, and a last read that finds the VM gone after this Machine's own successful destroy.
    assertThat(delete).isEqualTo(5);
    assertThat(counts.count("FindByUuid")).as("FindByUuid requests").isEqualTo(findByUuidBeforeDelete);
    assertThat(vmsWithInstanceUuid(m.uid)).isEmpty();
    assertThat(m.last.kind()).isEqualTo(InstanceState.Kind.GONE);
    System.out.printf("vsphere SOAP requests of one lifecycle (warm lookups): to Running %d (%s), 5 steady "
        + "describes %d, delete %d (%s); all requests of this provider so far by method %s%n", lifecycleCreate,
        createSummary, steadyPolls, delete, m.soapSummary(), counts.snapshot());
  }

  @Test
  void aRestartBetweenCloneAndStatusWriteLeavesOneVm() throws Exception {
    Machine m = new Machine("restart", spec(SPEC));
    assertThat(((InstanceState) m.describe(provider)).kind()).isEqualTo(InstanceState.Kind.ABSENT);
    CREATED.put(m.uid, m);
    ProviderResult started = provider.create(m.context(), m.spec);
    assertThat(started).isInstanceOf(InstanceState.Pending.class);
    assertThat(((InstanceState) started).details().progressToken()).isPresent();
    // The process dies before writing status: a new provider sees the Machine as it was.
    VsphereMachineProvider restarted = newProvider(Map.of());
    try {
      m.runToRunning(restarted);
      assertThat(vmsWithInstanceUuid(m.uid)).hasSize(1);
      m.deleteToGone(restarted);
      assertThat(vmsWithInstanceUuid(m.uid)).isEmpty();
    } finally {
      restarted.close();
    }
  }

  @Test
  void aMissingTemplateIsInvalidConfiguration() throws Exception {
    Machine m = new Machine("notemplate", spec(SPEC.replace("rhcos-template", "no-such-template")));
    assertThatThrownBy(() -> provider.create(m.context(), m.spec))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
            assertThat(e.errors()).anyMatch(f -> f.path().equals("providerSpec.value.template")));
    Machine net = new Machine("nonet", spec(SPEC.replace("DC0_DVPG0", "no-such-network")));
    assertThatThrownBy(() -> provider.create(net.context(), net.spec))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.errors())
            .anyMatch(f -> f.path().equals("providerSpec.value.network.devices[1].networkName")));
    Machine pool = new Machine("nopool", spec(SPEC.replace("\"resourcePool\": \"/DC0/host/DC0_C0/Resources\"",
        "\"resourcePool\": \"\"")));
    assertThatThrownBy(() -> provider.create(pool.context(), pool.spec))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.errors())
            .anyMatch(f -> f.path().equals("providerSpec.value.workspace.resourcePool")));
    assertThat(vmsWithInstanceUuid(m.uid)).isEmpty();
  }

  @Test
  void twentyMachinesInParallelGetTwentyVms() throws Exception {
    VSphereMachineProviderSpec spec = spec(SPEC);
    List<Machine> machines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      machines.add(new Machine("par-" + i, spec));
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<?>> runs = new ArrayList<>();
      machines.forEach(m -> runs.add(pool.submit(() -> m.runToRunning(provider))));
      for (Future<?> f : runs) {
        f.get();
      }
      Set<String> biosUuids = new HashSet<>();
      for (Machine m : machines) {
        List<Vim.Vm> vms = vmsWithInstanceUuid(m.uid);
        assertThat(vms).hasSize(1);
        assertThat(vms.get(0).name()).isEqualTo(m.name);
        biosUuids.add(m.providerId);
      }
      assertThat(biosUuids).hasSize(20);
      // One describe of all 20 costs one RetrievePropertiesEx (its session, views and datacenter warmed by an
      // earlier one); while the inventory is young and all 20 are settled, a describe costs none.
      List<DescribeRequest<VSphereMachineProviderSpec>> batch = machines.stream()
          .map(m -> new DescribeRequest<>(m.context(), spec)).toList();
      VsphereMachineProvider uncached = newProvider(Map.of("inventoryMaxAgeSeconds", "0.001"));
      try {
        uncached.describe(batch.subList(0, 1));
        long before = uncached.requests().total();
        DescribeResult all = uncached.describe(batch);
        assertThat(uncached.requests().total() - before).isEqualTo(1);
        assertThat(all.results().values()).hasSize(20).allMatch(r -> r instanceof InstanceState.Running);
      } finally {
        uncached.close();
      }
      provider.describe(batch);
      long before = provider.requests().total();
      assertThat(provider.describe(batch).results()).hasSize(20);
      assertThat(provider.requests().total() - before).isZero();
      runs.clear();
      machines.forEach(m -> runs.add(pool.submit(() -> m.deleteToGone(provider))));
      for (Future<?> f : runs) {
        f.get();
      }
      for (Machine m : machines) {
        assertThat(vmsWithInstanceUuid(m.uid)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTerminatedSessionIsReplacedAndTheRunFinishes() throws Exception {
    VsphereMachineProvider own = newProvider(Map.of());
    try {
      Machine m = new Machine("session", spec(SPEC));
      assertThat(((InstanceState) m.describe(own)).kind()).isEqualTo(InstanceState.Kind.ABSENT);
      CREATED.put(m.uid, m);
      m.write(own.create(m.context(), m.spec));
      assertThat(own.requests().count("Login")).isEqualTo(1);
      // Another session of the same user ends every session but its own (as an administrator or an expiry would).
      admin.read(adminCredentials, "terminate sessions", s -> {
        ManagedObjectReference sm = s.content.getSessionManager();
        Map<String, Object> p = Vim.properties(s, sm, "currentSession", "sessionList");
        String mine = ((UserSession) p.get("currentSession")).getKey();
        List<String> others = new ArrayList<>();
        for (UserSession u : ((com.vmware.vim25.ArrayOfUserSession) p.get("sessionList")).getUserSession()) {
          if (!u.getKey().equals(mine) && USER.equals(u.getUserName())) {
            others.add(u.getKey());
          }
        }
        assertThat(others).isNotEmpty();
        s.vim.terminateSession(sm, others.toArray(String[]::new));
        return null;
      });
      m.runToRunning(own);
      m.deleteToGone(own);
      assertThat(own.requests().count("Login")).isEqualTo(2);
      assertThat(vmsWithInstanceUuid(m.uid)).isEmpty();
    } finally {
      own.close();
    }
  }

  @Test
  void aWrongPasswordIsATransientCredentialsError() throws Exception {
    Machine m = new Machine("badpass", spec(SPEC));
    m.password = "wrong-" + PASSWORD;
    assertThatThrownBy(() -> provider.create(m.context(), m.spec))
        .isInstanceOfSatisfying(TransientProviderException.class, e -> {
          assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.CREDENTIALS);
          assertThat(e.getMessage()).doesNotContain(m.password).contains("InvalidLogin");
        });
    DescribeResult r = provider.describe(List.of(new DescribeRequest<>(m.context(), m.spec)));
    assertThat(r.failureFor(m.uid)).get().isInstanceOfSatisfying(TransientProviderException.class,
        e -> assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.CREDENTIALS));
  }
}
