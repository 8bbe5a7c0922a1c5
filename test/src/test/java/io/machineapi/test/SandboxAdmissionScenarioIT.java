package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.api.machine.v1beta1.MachineSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The operator's admission webhooks in the sandbox, through kubectl: the embedded API calls the webhook server the
 * sandbox runs (registered with the deploy manifests' configurations), so bad input is refused at {@code kubectl
 * apply} with a message naming the problem, and defaults are applied, as on a cluster.
 */
class SandboxAdmissionScenarioIT extends SandboxScenario {

  @Test
  void aMachineSetWithAnEmptyProviderSpecIsRefusedNamingTheField() throws IOException {
    Kubectl.Result refused = apply("empty-spec.yaml", """
        apiVersion: machine.openshift.io/v1beta1
        kind: MachineSet
        metadata:
          name: empty-spec
          namespace: openshift-machine-api
        spec:
          replicas: 1
          selector:
            matchLabels:
              machine.openshift.io/cluster-api-machineset: empty-spec
          template:
            metadata:
              labels:
                machine.openshift.io/cluster-api-machineset: empty-spec
            spec:
              providerSpec: {}
        """);

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("admission webhook \"validation.machineset.machine.openshift.io\" denied "
        + "the request").contains("spec.template.spec.providerSpec.value");
    assertThat(client.resources(MachineSet.class).inNamespace(NS).withName("empty-spec").get()).isNull();
  }

  @Test
  void aClusterAutoscalerNotNamedDefaultIsRefused() throws IOException {
    Kubectl.Result refused = apply("other-ca.yaml", """
        apiVersion: autoscaling.openshift.io/v1
        kind: ClusterAutoscaler
        metadata:
          name: other
        spec: {}
        """);

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("denied the request").contains("default");
    assertThat(kubectl.run("get", "clusterautoscaler", "other").exitCode()).isNotZero();
  }

  @Test
  void aMachineAutoscalerWithMaxBelowMinIsRefused() throws IOException {
    Kubectl.Result refused = apply("eight-two.yaml", """
        apiVersion: autoscaling.openshift.io/v1beta1
        kind: MachineAutoscaler
        metadata:
          name: eight-two
          namespace: openshift-machine-api
        spec:
          minReplicas: 8
          maxReplicas: 2
          scaleTargetRef:
            apiVersion: machine.openshift.io/v1beta1
            kind: MachineSet
            name: sandbox-worker
        """);

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("denied the request").contains("maxReplicas");
    assertThat(kubectl.run("get", "machineautoscaler", "eight-two", "-n", NS).exitCode()).isNotZero();
  }

  @Test
  void aNewMachineSetWithoutTheClusterLabelGetsTheSandboxes() throws IOException {
    Kubectl.Result created = apply("unlabelled.yaml", """
        apiVersion: machine.openshift.io/v1beta1
        kind: MachineSet
        metadata:
          name: unlabelled
          namespace: openshift-machine-api
        spec:
          replicas: 0
          selector:
            matchLabels:
              machine.openshift.io/cluster-api-machineset: unlabelled
          template:
            metadata:
              labels:
                machine.openshift.io/cluster-api-machineset: unlabelled
            spec:
              providerSpec:
                value:
                  apiVersion: machine.sandbox.machine-api.io/v1alpha1
                  kind: SimMachineProviderSpec
        """);

    assertThat(created.exitCode()).as(created.stderr()).isZero();
    MachineSet set = client.resources(MachineSet.class).inNamespace(NS).withName("unlabelled").get();
    assertThat(set.getMetadata().getLabels()).containsEntry("machine.openshift.io/cluster-api-cluster", "sandbox");
  }

  private static Kubectl.Result apply(String file, String yaml) throws IOException {
    Path path = dir.resolve(file);
    Files.writeString(path, yaml);
    return kubectl.run("apply", "-f", path.toString());
  }
}
