package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.sandbox.DemoCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Everyday kubectl against the sandbox, each answered as a real kube-apiserver answers it: imperative creates of
 * built-in kinds, dry runs that persist nothing, orphaning deletes, strict field validation, name validation, events
 * with reasons, OpenShift's documented MachineHealthCheck, and a drain held by a PodDisruptionBudget.
 */
class SandboxKubectlFidelityScenarioIT extends SandboxScenario {

  @Test
  void imperativeCreatesOfNamespaceSecretAndConfigMapReadBack() {
    kubectl.ok("create", "namespace", "team-a");
    kubectl.ok("-n", "team-a", "create", "secret", "generic", "creds", "--from-literal=a=b");
    kubectl.ok("-n", "team-a", "create", "configmap", "settings", "--from-literal=a=b");

    assertThat(kubectl.ok("get", "namespace", "team-a", "-o", "jsonpath={.status.phase}")).isEqualTo("Active");
    assertThat(kubectl.ok("-n", "team-a", "get", "secret", "creds", "-o", "jsonpath={.data.a}")).isEqualTo("Yg==");
    assertThat(kubectl.ok("-n", "team-a", "get", "configmap", "settings", "-o", "jsonpath={.data.a}"))
        .isEqualTo("b");
  }

  @Test
  void diffAndServerDryRunLeaveTheLiveMachineSetAlone() throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> workers().size() == 3);
    // generation, not resourceVersion: the controllers keep writing status and capacity annotations meanwhile.
    String before = kubectl.ok("get", "machineset", DemoCluster.MACHINE_SET, "-n", NS, "-o",
        "jsonpath={.spec.replicas} {.metadata.generation}");

    kubectl.ok("scale", "machineset", DemoCluster.MACHINE_SET, "-n", NS, "--replicas=5", "--dry-run=server");
    String live = kubectl.ok("get", "machineset", DemoCluster.MACHINE_SET, "-n", NS, "-o", "yaml");
    Path edited = dir.resolve("edited.yaml");
    Files.writeString(edited, live.replace("replicas: 3\n  selector", "replicas: 5\n  selector"));
    Kubectl.Result diff = kubectl.run("diff", "-f", edited.toString());
    assertThat(diff.exitCode()).as("diff found the change: %s", diff.stderr()).isEqualTo(1);
    assertThat(diff.stdout()).contains("+  replicas: 5");

    assertThat(kubectl.ok("get", "machineset", DemoCluster.MACHINE_SET, "-n", NS, "-o",
        "jsonpath={.spec.replicas} {.metadata.generation}")).isEqualTo(before);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> workers().size() == 3);
  }

  @Test
  void anOrphaningDeleteKeepsTheMachinesAndTheirInstances() throws IOException {
    Path file = dir.resolve("orphans.yaml");
    Files.writeString(file, machineSet("orphans", "replicas: 2"));
    kubectl.ok("apply", "-f", file.toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> SandboxMachines.runningWithReadyNode(client,
        SandboxMachines.of(client, NS, "orphans")) == 2);
    Set<String> instances = Set.copyOf(SandboxMachines.of(client, NS, "orphans").stream()
        .map(m -> m.getSpec().getProviderID()).toList());

    kubectl.ok("delete", "machineset", "orphans", "-n", NS, "--cascade=orphan");

    await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(io.machineapi.api.machine.v1beta1.MachineSet
        .class).inNamespace(NS).withName("orphans").get() == null);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<Machine> left = SandboxMachines.of(client, NS, "orphans");
      assertThat(left).hasSize(2).allSatisfy(m -> {
        assertThat(m.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(m.getMetadata().getDeletionTimestamp()).isNull();
      });
      assertThat(left).extracting(m -> m.getSpec().getProviderID()).containsExactlyInAnyOrderElementsOf(instances);
    });
  }

  @Test
  void aTypoedFieldAndAnInvalidNameAreRefusedAndNothingIsCreated() throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, machineSet("typo", "replica: 3"));
    Kubectl.Result refused = kubectl.run("apply", "-f", typo.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("strict decoding error: unknown field \"spec.replica\"");
    assertThat(kubectl.run("get", "machineset", "typo", "-n", NS).exitCode()).isNotZero();

    Path badName = dir.resolve("bad-name.yaml");
    Files.writeString(badName, machineSet("infra-worker_Zone", "replicas: 0"));
    Kubectl.Result invalid = kubectl.run("apply", "-f", badName.toString());
    assertThat(invalid.exitCode()).isNotZero();
    assertThat(invalid.stderr()).contains("metadata.name: Invalid value: \"infra-worker_Zone\"")
        .contains("a lowercase RFC 1123 subdomain");
  }

  @Test
  void eventsShowTheirReasonsAndOpenShiftsDocumentedHealthCheckApplies() throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> workers().size() == 3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<String> lines = kubectl.ok("get", "events", "-n", NS).lines().toList();
      assertThat(lines.get(0)).containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
      assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("Normal\\s+\\S+\\s+machine/"));
    });

    // OpenShift's schema requires neither type nor status of an unhealthy condition; the second one omits status.
    Path mhc = dir.resolve("mhc.yaml");
    Files.writeString(mhc, """
        apiVersion: machine.openshift.io/v1beta1
        kind: MachineHealthCheck
        metadata:
          name: example
          namespace: openshift-machine-api
        spec:
          selector:
            matchLabels:
              machine.openshift.io/cluster-api-machine-role: worker
              machine.openshift.io/cluster-api-machine-type: worker
              machine.openshift.io/cluster-api-machineset: sandbox-worker
          unhealthyConditions:
          - type: "Ready"
            timeout: "300s"
            status: "False"
          - type: "Ready"
            timeout: "600s"
          maxUnhealthy: "40%"
          nodeStartupTimeout: "10m"
        """);
    assertThat(kubectl.ok("apply", "-f", mhc.toString())).contains("machinehealthcheck.machine.openshift.io/example created");
    assertThat(client.resources(MachineHealthCheck.class).inNamespace(NS).withName("example").get().getSpec()
        .getUnhealthyConditions()).hasSize(2);
  }

  @Test
  void deletingAMachineWhoseNodeRuns20ReplicasNeverLeavesMoreThanOneUnavailable() throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> SandboxMachines.runningWithReadyNode(client, workers()) == 3);
    Path web = dir.resolve("web.yaml");
    Files.writeString(web, """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: 20
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
          namespace: default
        spec:
          maxUnavailable: 1
          selector:
            matchLabels:
              app: web
        """);
    kubectl.ok("apply", "-f", web.toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> ready().size() == 20);
    // Pods without requests all go to the same Node (the least allocated, then by name): the victim runs them all.
    Map<String, Long> perNode = ready().values().stream().collect(java.util.stream.Collectors.groupingBy(n -> n,
        java.util.stream.Collectors.counting()));
    String node = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(perNode.get(node)).isEqualTo(20L);
    Machine victim = workers().stream().filter(m -> node.equals(m.getStatus().getNodeRef().getName())).findFirst()
        .orElseThrow();

    Map<String, String> readyPods = new ConcurrentHashMap<>(ready());
    AtomicInteger fewest = new AtomicInteger(readyPods.size());
    try (SharedIndexInformer<Pod> watch = client.pods().inNamespace("default").withLabel("app", "web").inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            track(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            track(pod);
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {
            readyPods.remove(pod.getMetadata().getName());
            fewest.accumulateAndGet(readyPods.size(), Math::min);
          }

          private void track(Pod pod) {
            if (isReady(pod)) {
              readyPods.put(pod.getMetadata().getName(), pod.getSpec().getNodeName());
            } else {
              readyPods.remove(pod.getMetadata().getName());
            }
            fewest.accumulateAndGet(readyPods.size(), Math::min);
          }
        })) {
      kubectl.ok("delete", "machine", victim.getMetadata().getName(), "-n", NS, "--wait=false");

      await().atMost(Duration.ofSeconds(150)).until(() -> client.resources(Machine.class).inNamespace(NS)
          .withName(victim.getMetadata().getName()).get() == null);
      assertThat(fewest.get()).as("fewest Ready replicas during the drain").isGreaterThanOrEqualTo(19);
      await().atMost(Duration.ofSeconds(30)).until(() -> ready().size() == 20
          && !ready().containsValue(node));
    }
  }

  private static Map<String, String> ready() {
    Map<String, String> byName = new ConcurrentHashMap<>();
    client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
        .filter(SandboxKubectlFidelityScenarioIT::isReady)
        .forEach(p -> byName.put(p.getMetadata().getName(), p.getSpec().getNodeName()));
    return byName;
  }

  private static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<Machine> workers() {
    return SandboxMachines.of(client, NS, DemoCluster.MACHINE_SET);
  }

  /** A sim MachineSet like the demo's, with {@code replicasLine} as its spec's first line. */
  private static String machineSet(String name, String replicasLine) {
    return """
        apiVersion: machine.openshift.io/v1beta1
        kind: MachineSet
        metadata:
          name: NAME
          namespace: openshift-machine-api
        spec:
          REPLICAS
          selector:
            matchLabels:
              machine.openshift.io/cluster-api-machineset: NAME
          template:
            metadata:
              labels:
                machine.openshift.io/cluster-api-cluster: sandbox
                machine.openshift.io/cluster-api-machineset: NAME
            spec:
              providerSpec:
                value:
                  apiVersion: machine.sandbox.machine-api.io/v1alpha1
                  kind: SimMachineProviderSpec
                  instanceType: sim.medium
                  region: sim-region-1
                  zone: sim-region-1a
                  userDataSecret:
                    name: worker-user-data
        """.replace("NAME", name).replace("REPLICAS", replicasLine);
  }
}
