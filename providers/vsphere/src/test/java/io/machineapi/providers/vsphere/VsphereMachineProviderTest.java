package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.Event;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VmBeingClonedEvent;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider's decisions from what vCenter reported (no vCenter involved). */
class VsphereMachineProviderTest {
  private static final String UID = "9a1b2c3d-0000-4000-8000-00000000000a";
  private static final String BIOS = "4215D1B2-AAAA-BBBB-CCCC-0123456789AB";
  private final VsphereMachineProvider provider = new VsphereMachineProvider();

  VsphereMachineProviderTest() {
    provider.init(ProviderEnvironment.defaults().withConfiguration(Map.of("taskPollSeconds", "2",
        "inventoryMaxAgeSeconds", "300")));
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private static Vim.Vm vm(String power, String... ips) {
    return new Vim.Vm(Sessions.mor("VirtualMachine", "vm-9"), "worker-0", UID, BIOS, power, List.of(ips), 4, 8192,
        false);
  }

  private static TaskInfo task(TaskInfoState state, String descriptionId) {
    TaskInfo t = new TaskInfo();
    t.setState(state);
    t.setDescriptionId(descriptionId);
    t.setKey("task-5");
    t.setTask(Sessions.mor("Task", "task-5"));
    t.setEventChainId(77);
    return t;
  }

  private static MachineContext.Builder machine() {
    return MachineContext.builder("ns", "worker-0", UID, "cluster");
  }

  @Test
  void aPoweredOnVmWithAnIpIsRunning() {
    InstanceState s = (InstanceState) provider.state(machine().progressToken("task-5").build(),
        vm("poweredOn", "192.0.2.10", "fd00::10"), null);
    assertThat(s.kind()).isEqualTo(InstanceState.Kind.RUNNING);
    assertThat(s.details().providerId()).contains("vsphere://4215d1b2-aaaa-bbbb-cccc-0123456789ab");
    assertThat(s.details().addresses()).containsExactly(MachineAddress.internalIp("192.0.2.10"),
        MachineAddress.internalIp("fd00::10"), new MachineAddress(MachineAddress.Type.INTERNAL_DNS, "worker-0"));
    assertThat(s.details().cloudState()).contains("poweredOn");
    assertThat(s.details().providerStatus().get().get("instanceId").asText()).isEqualTo(BIOS);
    assertThat(s.details().providerStatus().get().get("instanceState").asText()).isEqualTo("poweredOn");
    assertThat(s.details().progressToken()).contains("task-5");
  }

  @Test
  void aPoweredOnVmWithoutAnIpIsPending() {
    InstanceState s = (InstanceState) provider.state(machine().build(), vm("poweredOn"), null);
    assertThat(s).isInstanceOfSatisfying(InstanceState.Pending.class,
        p -> assertThat(p.recheckAfter()).isEqualTo(Duration.ofSeconds(2)));
    assertThat(s.details().providerId()).isPresent();
  }

  @Test
  void aRunningTaskIsPendingWithItsToken() {
    InstanceState s = (InstanceState) provider.state(machine().progressToken("task-5").build(), null,
        task(TaskInfoState.running, "VirtualMachine.clone"));
    assertThat(s.kind()).isEqualTo(InstanceState.Kind.PENDING);
    assertThat(s.details().progressToken()).contains("task-5");
    assertThat(s.details().providerId()).isEmpty();
  }

  @Test
  void aPoweredOffVmWhileProvisioningIsNotRunningYet() {
    assertThat(provider.state(machine().progressToken("task-5").build(), vm("poweredOff"),
        task(TaskInfoState.success, "VirtualMachine.clone"))).isEqualTo(InstanceState.absent());
    assertThat(provider.state(machine().progressToken("task-5").build(), vm("poweredOff"),
        task(TaskInfoState.error, "VirtualMachine.powerOn"))).isEqualTo(InstanceState.absent());
    // Provisioned, then powered off by someone: it exists.
    InstanceState off = (InstanceState) provider.state(machine().providerId("vsphere://x").build(),
        vm("poweredOff"), null);
    assertThat(off.kind()).isEqualTo(InstanceState.Kind.PENDING);
    assertThat(off.details().cloudState()).contains("poweredOff");
  }

  @Test
  void noVmIsAbsentOrGone() {
    assertThat(provider.state(machine().build(), null, null)).isEqualTo(InstanceState.absent());
    assertThat(provider.state(machine().progressToken("task-5").build(), null,
        task(TaskInfoState.error, "VirtualMachine.clone"))).isEqualTo(InstanceState.absent());
    InstanceState gone = (InstanceState) provider.state(machine().providerId("vsphere://x").build(), null, null);
    assertThat(gone.kind()).isEqualTo(InstanceState.Kind.GONE);
    assertThat(gone.details().providerId()).contains("vsphere://x");
  }

  @Test
  void theInventoryAnswersOnlySettledMachinesWhileYoung() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    VsphereMachineProvider.Inventory inv = new VsphereMachineProvider.Inventory(at,
        Map.of(UID, vm("poweredOn", "192.0.2.10"), "other", vm("poweredOn")));
    assertThat(provider.answersFromCache(inv, at.plusSeconds(299), List.of(UID.toUpperCase()))).isTrue();
    assertThat(provider.answersFromCache(inv, at.plusSeconds(300), List.of(UID))).isFalse();
    assertThat(provider.answersFromCache(inv, at.plusSeconds(10), List.of(UID, "other"))).isFalse();
    assertThat(provider.answersFromCache(inv, at.plusSeconds(10), List.of(UID, "missing"))).isFalse();
    assertThat(provider.answersFromCache(null, at, List.of(UID))).isFalse();
  }

  @Test
  void createTrustsOnlyAFreshDescribeOfTheSameTask() {
    Instant now = Instant.now();
    VsphereMachineProvider.Observation seen = new VsphereMachineProvider.Observation(now, "task-5",
        vm("poweredOff"), task(TaskInfoState.success, "VirtualMachine.clone"));
    assertThat(provider.usable(seen, "task-5")).isTrue();
    assertThat(provider.usable(seen, "task-6")).isFalse();
    assertThat(provider.usable(seen, null)).isFalse();
    assertThat(provider.usable(new VsphereMachineProvider.Observation(now.minusSeconds(11), null, null, null), null))
        .isFalse();
    assertThat(provider.usable(new VsphereMachineProvider.Observation(now, null, null, null), null)).isTrue();
    assertThat(provider.usable(null, null)).isFalse();
  }

  @Test
  void reconfigureOnlyWhenTheCloneDidNotApplyTheSpec() throws Exception {
    VSphereMachineProviderSpec spec = provider.decode(VSphereMachineProviderSpecTest.json(
        VSphereMachineProviderSpecTest.FULL));
    assertThat(VsphereMachineProvider.needsReconfigure(spec, new Vim.Vm(null, "w", UID, BIOS, "poweredOff",
        List.of(), 4, 16384, false))).isFalse();
    assertThat(VsphereMachineProvider.needsReconfigure(spec, new Vim.Vm(null, "w", UID, BIOS, "poweredOff",
        List.of(), 1, 16384, false))).isTrue();
    assertThat(VsphereMachineProvider.needsReconfigure(spec, new Vim.Vm(null, "w", UID, BIOS, "poweredOff",
        List.of(), 4, 32, false))).isTrue();
  }

  @Test
  void aRunningCloneIsAttributedByItsBeingClonedEvent() {
    TaskInfo clone = task(TaskInfoState.running, "VirtualMachine.clone");
    VmBeingClonedEvent mine = new VmBeingClonedEvent();
    mine.setChainId(77);
    mine.setDestName("worker-0");
    VmBeingClonedEvent other = new VmBeingClonedEvent();
    other.setChainId(78);
    other.setDestName("worker-0");
    List<TaskInfo> running = Tasks.runningClones(List.of(clone, task(TaskInfoState.success, "VirtualMachine.clone"),
        task(TaskInfoState.running, "VirtualMachine.powerOn")));
    assertThat(running).containsExactly(clone);
    assertThat(Tasks.cloneOf(running, List.<Event>of(other, mine), "worker-0")).contains("task-5");
    assertThat(Tasks.cloneOf(running, List.<Event>of(mine), "worker-1")).isEmpty();
    assertThat(Tasks.cloneOf(running, List.<Event>of(other), "worker-0")).isEmpty();
    assertThat(Tasks.isClone(task(TaskInfoState.queued, "VirtualMachine.cloneVm"))).isTrue();
    assertThat(Tasks.unfinished(task(TaskInfoState.queued, "x"))).isTrue();
  }

  @Test
  void credentialsComeFromTheServersKeysAndNeverShowThePassword() throws Exception {
    ResolvedSecrets secrets = ResolvedSecrets.none().withCredentialsSecret(new SecretContents("creds", Map.of(
        "vc.example.com.username", "admin".getBytes(StandardCharsets.UTF_8),
        "vc.example.com.password", "s3cret-pw".getBytes(StandardCharsets.UTF_8))));
    Credentials c = Credentials.from(secrets, "vc.example.com");
    assertThat(c.username()).isEqualTo("admin");
    assertThat(c.toString()).isEqualTo("admin@vc.example.com");
    assertThat(c.key()).doesNotContain("s3cret-pw").isNotEqualTo(new Credentials("vc.example.com", "admin",
        "other").key());
    assertThatThrownBy(() -> Credentials.from(secrets, "other.example.com"))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
          assertThat(e.errors().get(0).path()).isEqualTo("providerSpec.value.credentialsSecret");
          assertThat(e.getMessage()).contains("other.example.com.username").doesNotContain("s3cret-pw");
        });
  }

  @Test
  void settingsAreCheckedAtInit() {
    VsphereSettings s = VsphereSettings.from(ProviderEnvironment.defaults());
    assertThat(s.port()).isEqualTo(443);
    assertThat(s.insecure()).isFalse();
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.taskPoll()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.inventoryMaxAge()).isEqualTo(Duration.ofSeconds(300));
    assertThat(VsphereSettings.from(ProviderEnvironment.defaults().withConfiguration(Map.of("taskPollSeconds",
        "0.05"))).taskPoll()).isEqualTo(Duration.ofMillis(50));
    for (Map<String, String> bad : List.of(Map.of("port", "0"), Map.of("insecure", "yes"),
        Map.of("readTimeoutSeconds", "-1"), Map.of("taskPollSeconds", "soon"))) {
      assertThatThrownBy(() -> VsphereSettings.from(ProviderEnvironment.defaults().withConfiguration(bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("vsphere.");
    }
  }

  @Test
  void isRegisteredAsAService() {
    assertThat(java.util.ServiceLoader.load(io.machineapi.spi.MachineProvider.class).stream()
        .map(p -> p.type().getName())).contains(VsphereMachineProvider.class.getName());
    assertThat(provider.progressTokenField()).isEqualTo("taskRef");
    assertThat(provider.providerSpecKinds()).containsExactly("VSphereMachineProviderSpec");
  }
}
