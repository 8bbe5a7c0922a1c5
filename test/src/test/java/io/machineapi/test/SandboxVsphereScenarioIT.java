package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.test.vsphere.VcenterAdmin;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox started as {@code ./machine-api sandbox --provider vsphere --provider-config vsphere.port=8989
 * --provider-config vsphere.insecure=true} against vcsim ({@code peers/vcsim.sh}). The OpenShift vSphere MachineSet of
 * {@code examples/sandbox-vsphere-machineset.yaml}, with its Secrets, is applied and scaled 0 → 5 → 1 with kubectl:
 * vcsim holds 5 powered-on clones of the template named after their Machines, each with the Secret's Ignition in
 * {@code guestinfo.ignition.config.data} and the Machine's UID as instance UUID; the node emulator registers their
 * Nodes; the MachineSet carries numCPUs and memoryMiB for scale from zero; scaling down destroys the removed VMs.
 */
class SandboxVsphereScenarioIT extends SandboxScenario {
  private static final String SET = "vsphere-workers";
  static final String USER = "administrator@vsphere.local";
  static final String PASSWORD = "vcsim-secret";

  static VcenterAdmin vcenter;

  @BeforeAll
  static void startSandbox() throws Exception {
    URI sdk = PeerAssumptions.requirePeer("vcsim");
    vcenter = VcenterAdmin.login(sdk, USER, PASSWORD);
    open(SandboxOptions.defaults().withProviders(Set.of("vsphere")).withProviderConfig(Map.of(
        "vsphere.port", String.valueOf(sdk.getPort()), "vsphere.insecure", "true", "vsphere.taskPollSeconds", "1")));
  }

  @AfterAll
  static void stopSandbox() {
    deleteSetAndClose(SET);
    if (vcenter != null) {
      vcenter.close();
    }
  }

  @Test
  void anOpenShiftVsphereMachineSetClonesPowersOnAndDestroysVms() throws Exception {
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-vsphere-machineset.yaml").toString());
    kubectl.ok("scale", "machineset", SET, "-n", NS, "--replicas=5");

    await().atMost(Duration.ofMinutes(3)).until(() -> runningWithNodes(SET).size() == 5);
    byte[] ignition = secretValue("vsphere-worker-user-data", "userData");
    List<String> names = new ArrayList<>();
    for (Machine m : runningWithNodes(SET)) {
      String name = m.getMetadata().getName();
      names.add(name);
      VcenterAdmin.Vm vm = vcenter.vm(name, "guestinfo.ignition.config.data").orElseThrow(
          () -> new AssertionError("no single VM named " + name));
      assertThat(vm.powerState()).isEqualTo("poweredOn");
      assertThat(vm.template()).isFalse();
      assertThat(m.getSpec().getProviderID()).isEqualTo("vsphere://" + vm.biosUuid());
      assertThat(vm.instanceUuid()).isEqualTo(m.getMetadata().getUid());
      assertThat(Base64.getDecoder().decode(vm.extraConfig().orElseThrow())).isEqualTo(ignition);
      assertThat(m.getStatus().getAddresses()).anySatisfy(a -> assertThat(a.getType()).isEqualTo("InternalIP"));
      assertThat(client.nodes().withName(m.getStatus().getNodeRef().getName()).get()).isNotNull();
    }
    // Scale from zero: numCPUs and memoryMiB on the MachineSet, as OpenShift's provider writes them.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.resources(MachineSet.class)
        .inNamespace(NS).withName(SET).get().getMetadata().getAnnotations())
        .containsEntry("machine.openshift.io/vCPU", "4").containsEntry("machine.openshift.io/memoryMb", "16384"));

    kubectl.ok("scale", "machineset", SET, "-n", NS, "--replicas=1");

    await().atMost(Duration.ofMinutes(2)).until(() -> machinesOfSet(SET).size() == 1);
    String kept = machinesOfSet(SET).get(0).getMetadata().getName();
    assertThat(names).contains(kept);
    assertThat(vcenter.vm(kept, "guestinfo.hostname").orElseThrow().powerState()).isEqualTo("poweredOn");
    for (String removed : names.stream().filter(n -> !n.equals(kept)).toList()) {
      assertThat(vcenter.named(removed)).as("VMs named %s after its Machine was removed", removed).isEmpty();
    }
  }
}
