package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale from zero with no hand-written capacity: a new MachineSet of 0 replicas (8-CPU {@code sim.2xlarge}, created
 * without annotations) and its MachineAutoscaler; a pod of 6 CPU fits no demo worker (3.5 CPU allocatable), only a
 * Node of the new set. The MachineSet controller writes the set's capacity from the sim catalogue, the autoscaler
 * reads it and scales the set from 0 to 1, and the pod runs.
 */
class SandboxScaleFromZeroScenarioIT extends SandboxScenario {
  private static final String SET = "sandbox-big";

  private static final String MANIFESTS = """
      apiVersion: machine.openshift.io/v1beta1
      kind: MachineSet
      metadata:
        name: sandbox-big
        namespace: openshift-machine-api
        labels:
          machine.openshift.io/cluster-api-cluster: sandbox
      spec:
        replicas: 0
        selector:
          matchLabels:
            machine.openshift.io/cluster-api-cluster: sandbox
            machine.openshift.io/cluster-api-machineset: sandbox-big
        template:
          metadata:
            labels:
              machine.openshift.io/cluster-api-cluster: sandbox
              machine.openshift.io/cluster-api-machine-role: worker
              machine.openshift.io/cluster-api-machine-type: worker
              machine.openshift.io/cluster-api-machineset: sandbox-big
          spec:
            providerSpec:
              value:
                apiVersion: machine.sandbox.machine-api.io/v1alpha1
                kind: SimMachineProviderSpec
                instanceType: sim.2xlarge
                region: sim-region-1
                zone: sim-region-1a
                userDataSecret:
                  name: worker-user-data
      ---
      apiVersion: autoscaling.openshift.io/v1beta1
      kind: MachineAutoscaler
      metadata:
        name: sandbox-big
        namespace: openshift-machine-api
      spec:
        minReplicas: 0
        maxReplicas: 2
        scaleTargetRef:
          apiVersion: machine.openshift.io/v1beta1
          kind: MachineSet
          name: sandbox-big
      """;

  private static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: big-1
        namespace: default
        labels: {app: big}
      spec:
        nodeSelector:
          kubernetes.io/arch: amd64
        containers:
        - name: big
          image: nginx
          resources:
            requests: {cpu: "6", memory: 8Gi}
      """;

  @Test
  void aPodOnlyANewZeroReplicaSetCanHostScalesItFromZero() throws Exception {
    Path manifests = dir.resolve("scale-from-zero.yaml");
    Files.writeString(manifests, MANIFESTS);
    kubectl.ok("apply", "-f", manifests.toString());

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(annotations())
        .containsEntry("machine.openshift.io/vCPU", "8")
        .containsEntry("machine.openshift.io/memoryMb", "32768")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=amd64")
        .containsEntry("machine.openshift.io/cluster-api-autoscaler-node-group-max-size", "2"));
    assertThat(set().getSpec().getReplicas()).isZero();

    Path pod = dir.resolve("big-pod.yaml");
    Files.writeString(pod, POD);
    // --validate=false: the embedded API serves OpenAPI schemas for the Machine API types, not for core Pods.
    kubectl.ok("apply", "--validate=false", "-f", pod.toString());

    await().atMost(Duration.ofSeconds(90)).until(() -> "Running".equals(phase()));
    assertThat(set().getSpec().getReplicas()).isEqualTo(1);
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .anyMatch(e -> "TriggeredScaleUp".equals(e.getReason()) && e.getMessage().contains(SET + " 0->1"));
  }

  private static MachineSet set() {
    return client.resources(MachineSet.class).inNamespace(NS).withName(SET).get();
  }

  private static Map<String, String> annotations() {
    MachineSet s = set();
    return s == null || s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
  }

  private static String phase() {
    Pod p = client.pods().inNamespace("default").withName("big-1").get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }
}
