package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.crds.CustomResourceDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster operator does first: apply OpenShift's own manifests to our CRDs with kubectl, look at them, scale
 * and delete them, and get a clear refusal for bad input.
 */
class KubectlApiScenarioTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));
  private static final String NS = "openshift-machine-api";
  private static final String SET = "mycluster-8wdxt-worker-us-east-1a";

  @TempDir
  static Path dir;
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void startApi() throws IOException {
    Kubectl.requireBinary();
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(NS).endMetadata().build()).create();
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, api.kubeconfigYaml());
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterAll
  static void stopApi() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void openShiftMachineSetIsAppliedListedScaledAndDeleted() {
    assertThat(kubectl.ok("apply", "-f", EXAMPLES.resolve("aws-machineset.yaml").toString()))
        .contains("machineset.machine.openshift.io/" + SET + " created");

    String table = kubectl.ok("get", "machinesets", "-n", NS);
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AVAILABLE", "AGE");
    assertThat(table).contains(SET);

    assertThat(kubectl.ok("scale", "machineset", SET, "-n", NS, "--replicas=3"))
        .contains("machineset.machine.openshift.io/" + SET + " scaled");
    assertThat(client.resources(MachineSet.class).inNamespace(NS).withName(SET).get().getSpec().getReplicas())
        .isEqualTo(3);

    assertThat(kubectl.run("get", "machinesets", SET, "-n", NS, "-o", "jsonpath={.status}").exitCode()).isZero();
    assertThat(kubectl.ok("get", "machinesets", SET, "-n", NS, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");

    assertThat(kubectl.ok("delete", "machineset", SET, "-n", NS))
        .contains("machineset.machine.openshift.io \"" + SET + "\" deleted");
    assertThat(client.resources(MachineSet.class).inNamespace(NS).withName(SET).get()).isNull();
  }

  @Test
  void negativeReplicasAreRefusedNamingTheField() throws IOException {
    Path bad = dir.resolve("negative.yaml");
    Files.writeString(bad, Files.readString(EXAMPLES.resolve("aws-machineset.yaml"))
        .replace("replicas: 1", "replicas: -1").replace("name: " + SET, "name: negative"));

    Kubectl.Result result = kubectl.run("apply", "-f", bad.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("spec.replicas").contains("greater than or equal to 0");
    assertThat(client.resources(MachineSet.class).inNamespace(NS).withName("negative").get()).isNull();
  }

  @Test
  void malformedMaxUnhealthyIsRefusedNamingTheField() throws IOException {
    Path bad = dir.resolve("mhc.yaml");
    Files.writeString(bad, Files.readString(EXAMPLES.resolve("machinehealthcheck.yaml"))
        .replace("maxUnhealthy: 40%", "maxUnhealthy: \"abc%\""));

    Kubectl.Result result = kubectl.run("apply", "-f", bad.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("spec.maxUnhealthy").contains("abc%");
  }

  @Test
  void malformedTimeoutIsRefusedNamingTheField() throws IOException {
    Path bad = dir.resolve("mhc-timeout.yaml");
    Files.writeString(bad, Files.readString(EXAMPLES.resolve("machinehealthcheck.yaml"))
        .replaceFirst("timeout: 300s", "timeout: 5 minutes").replace("name: workers", "name: badtimeout"));

    Kubectl.Result result = kubectl.run("apply", "-f", bad.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("spec.unhealthyConditions[0].timeout").contains("5 minutes");
  }

  @Test
  void healthCheckIsListedByShortNameWithDefaultsApplied() {
    kubectl.ok("apply", "-f", EXAMPLES.resolve("machinehealthcheck.yaml").toString());

    assertThat(kubectl.ok("get", "mhc", "-n", NS).lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "MAXUNHEALTHY", "EXPECTEDMACHINES", "CURRENTHEALTHY");
    assertThat(kubectl.ok("get", "mhc", "workers", "-n", NS, "-o", "jsonpath={.spec.nodeStartupTimeout}"))
        .isEqualTo("10m");
  }

  @Test
  void explainDescribesTheFieldsOfEachKind() {
    assertThat(kubectl.ok("explain", "machineset.spec.replicas"))
        .contains("How many Machines the set keeps");
    assertThat(kubectl.ok("explain", "machinehealthcheck.spec.unhealthyConditions"))
        .contains("Node conditions, any one of which").contains("timeout");
    assertThat(kubectl.ok("explain", "machine.spec.taints.effect")).contains("What the taint does to pods");
    assertThat(kubectl.ok("explain", "clusterautoscaler.spec.scaleDown.unneededTime"))
        .contains("How long a node must have been unneeded");
    assertThat(kubectl.ok("explain", "machineautoscaler.spec.scaleTargetRef")).contains("The MachineSet to autoscale");
  }
}
