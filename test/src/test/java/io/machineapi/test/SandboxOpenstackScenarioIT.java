package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.providers.openstack.OpenstackMachineProvider;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.test.openstack.NovaAdmin;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox started as {@code ./machine-api sandbox --provider openstack} against the OpenStack peer (real Keystone
 * and Nova with the fake virt driver, Glance, the Neutron stand-in). The OpenShift OpenStack MachineSet of
 * {@code examples/sandbox-openstack-machineset.yaml}, with its Secrets, is applied and scaled 0 → 5 → 1 with kubectl:
 * Nova holds 5 ACTIVE servers named after their Machines whose user data is the Secret's Ignition, the node emulator
 * registers their Nodes, the MachineSet carries the flavor's capacity for scale from zero, and scaling down deletes
 * the removed Machines' servers and their ports.
 */
class SandboxOpenstackScenarioIT extends SandboxScenario {
  private static final String SET = "openstack-workers";

  static NovaAdmin nova;

  @BeforeAll
  static void startSandbox() throws Exception {
    URI keystone = PeerAssumptions.requirePeer("openstack");
    nova = NovaAdmin.login(keystone, "admin", "admin-secret", "admin");
    open(SandboxOptions.defaults().withProviders(Set.of(OpenstackMachineProvider.NAME)));
  }

  @AfterAll
  static void stopSandbox() {
    deleteSetAndClose(SET);
  }

  @Test
  void anOpenShiftOpenstackMachineSetBootsNovaServersWithTheIgnitionAndScalesDown() throws Exception {
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-openstack-machineset.yaml").toString());
    kubectl.ok("scale", "machineset", SET, "-n", NS, "--replicas=5");

    await().atMost(Duration.ofMinutes(3)).until(() -> runningWithNodes(SET).size() == 5);
    byte[] ignition = secretValue("openstack-worker-user-data", "userData");
    List<String> servers = new ArrayList<>();
    Map<String, String> machineOf = new HashMap<>();
    for (Machine m : runningWithNodes(SET)) {
      String providerId = m.getSpec().getProviderID();
      assertThat(providerId).startsWith("openstack:///");
      String id = providerId.substring("openstack:///".length());
      servers.add(id);
      machineOf.put(id, m.getMetadata().getName());
      JsonNode server = nova.server(id).orElseThrow();
      assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
      assertThat(server.path("name").asText()).isEqualTo(m.getMetadata().getName());
      assertThat(Base64.getDecoder().decode(server.path("OS-EXT-SRV-ATTR:user_data").asText())).isEqualTo(ignition);
      assertThat(server.path("metadata").path("Name").asText()).isEqualTo("sandbox-worker");
      assertThat(m.getStatus().getAddresses()).anySatisfy(a -> assertThat(a.getType()).isEqualTo("InternalIP"));
      assertThat(client.nodes().withName(m.getStatus().getNodeRef().getName()).get()).isNotNull();
    }
    assertThat(servers).doesNotHaveDuplicates();
    // Scale from zero: the flavor's capacity on the MachineSet, as OpenShift's provider writes it (m1.small).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.resources(MachineSet.class)
        .inNamespace(NS).withName(SET).get().getMetadata().getAnnotations())
        .containsEntry("machine.openshift.io/vCPU", "1").containsEntry("machine.openshift.io/memoryMb", "2048")
        .containsEntry("machine.openshift.io/GPU", "0"));

    kubectl.ok("scale", "machineset", SET, "-n", NS, "--replicas=1");

    await().atMost(Duration.ofMinutes(2)).until(() -> machinesOfSet(SET).size() == 1);
    String kept = machinesOfSet(SET).get(0).getSpec().getProviderID().substring("openstack:///".length());
    assertThat(servers).contains(kept);
    assertThat(nova.server(kept).orElseThrow().path("status").asText()).isEqualTo("ACTIVE");
    for (String removed : servers.stream().filter(id -> !id.equals(kept)).toList()) {
      // Gone, or (for a few seconds, to an admin) DELETED.
      assertThat(nova.server(removed).map(server -> server.path("status").asText()))
          .as("server %s of a removed Machine", removed).satisfiesAnyOf(o -> assertThat(o).isEmpty(),
              o -> assertThat(o).contains("DELETED"));
      // Nova only unbinds ports it did not create: the provider deletes its own, named after the Machine.
      assertThat(nova.portsNamed(machineOf.get(removed) + "-")).as("ports of Machine %s", machineOf.get(removed))
          .isEmpty();
    }
    assertThat(nova.portsOf(kept)).isNotEmpty();
  }
}
