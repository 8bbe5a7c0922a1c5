package io.machineapi.controllers.admission;

import static io.machineapi.controllers.admission.Reviews.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AutoscalerAdmissionTest {

  private final ClusterAutoscalerValidation clusterAutoscaler = new ClusterAutoscalerValidation();
  private final MachineAutoscalerValidation machineAutoscaler = new MachineAutoscalerValidation();

  private AdmissionResponse ca(String name, String spec) {
    return clusterAutoscaler.admit(Reviews.create("ClusterAutoscaler", "",
        json("{apiVersion: 'autoscaling.openshift.io/v1', kind: 'ClusterAutoscaler', metadata: {name: '" + name
            + "'}, spec: " + spec + "}")));
  }

  @Test
  void onlyTheClusterAutoscalerNamedDefaultIsAccepted() {
    assertThat(ca("default", "{}").allowed()).isTrue();
    AdmissionResponse other = ca("other", "{}");
    assertThat(other.allowed()).isFalse();
    assertThat(other.message()).isEqualTo("metadata.name: must be default (the only ClusterAutoscaler acted on), "
        + "got other");
  }

  @Test
  void resourceLimitsNeedMaxAtLeastMinAndNothingNegative() {
    assertThat(ca("default", "{resourceLimits: {maxNodesTotal: 10, cores: {min: 8, max: 128}, memory: {min: 4, "
        + "max: 256}, gpus: [{type: 'nvidia-t4', min: 0, max: 4}]}}").allowed()).isTrue();
    assertThat(ca("default", "{resourceLimits: {cores: {min: 8, max: 4}}}").message())
        .isEqualTo("spec.resourceLimits.cores.max: must be greater than or equal to min (8), got 4");
    assertThat(ca("default", "{resourceLimits: {memory: {min: -1, max: 4}}}").message())
        .isEqualTo("spec.resourceLimits.memory.min: must not be negative, got -1");
    assertThat(ca("default", "{resourceLimits: {maxNodesTotal: -3}}").message())
        .isEqualTo("spec.resourceLimits.maxNodesTotal: must not be negative");
    assertThat(ca("default", "{resourceLimits: {gpus: [{type: 't4', min: 3, max: 2}, {type: '', min: 0, max: 0}]}}")
        .message()).isEqualTo("spec.resourceLimits.gpus[0].max: must be greater than or equal to min (3), got 2; "
        + "spec.resourceLimits.gpus[1].type: must be set; spec.resourceLimits.gpus[1].max: must be at least 1, got 0");
  }

  @Test
  void aGpuTypeThatIsNotALabelValueOnlyWarns() {
    AdmissionResponse response = ca("default", "{resourceLimits: {gpus: [{type: 'nvidia.com/gpu', min: 0, max: 4}]}}");
    assertThat(response.message()).isEmpty();
    assertThat(response.allowed()).isTrue();
    assertThat(response.warnings()).containsExactly(
        "spec.resourceLimits.gpus[0].type: nvidia.com/gpu is not a valid label value, so no Node label can carry it");
  }

  @Test
  void utilizationThresholdMustLieStrictlyBetweenZeroAndOne() {
    assertThat(ca("default", "{scaleDown: {enabled: true, utilizationThreshold: '0.4'}}").allowed()).isTrue();
    assertThat(ca("default", "{scaleDown: {enabled: true, utilizationThreshold: '1'}}").message())
        .isEqualTo("spec.scaleDown.utilizationThreshold: must be greater than 0 and less than 1, got 1");
    assertThat(ca("default", "{scaleDown: {enabled: true, utilizationThreshold: '0'}}").allowed()).isFalse();
    assertThat(ca("default", "{scaleDown: {enabled: true, utilizationThreshold: 'half'}}").message())
        .startsWith("spec.scaleDown.utilizationThreshold: must be a number");
  }

  @Test
  void durationsMustParse() {
    assertThat(ca("default", "{maxNodeProvisionTime: '15m', scaleUp: {newPodScaleUpDelay: '10s'}, scaleDown: "
        + "{enabled: true, delayAfterAdd: '1h30m', delayAfterDelete: '0s', delayAfterFailure: '3m', "
        + "unneededTime: '10m'}}").allowed()).isTrue();
    assertThat(ca("default", "{scaleDown: {enabled: true, unneededTime: '10 minutes'}}").message())
        .isEqualTo("spec.scaleDown.unneededTime: must be a duration like 10m or 1h30m, got \"10 minutes\"");
    assertThat(ca("default", "{maxNodeProvisionTime: '-1m'}").message()).startsWith("spec.maxNodeProvisionTime:");
    assertThat(ca("default", "{scaleUp: {newPodScaleUpDelay: '5'}}").message())
        .startsWith("spec.scaleUp.newPodScaleUpDelay:");
  }

  private AdmissionResponse ma(String spec) {
    return machineAutoscaler.admit(Reviews.create("MachineAutoscaler", "ns",
        json("{apiVersion: 'autoscaling.openshift.io/v1beta1', kind: 'MachineAutoscaler', metadata: {name: 'ma', "
            + "namespace: 'ns'}, spec: " + spec + "}")));
  }

  private static final String TARGET = "scaleTargetRef: {apiVersion: 'machine.openshift.io/v1beta1', "
      + "kind: 'MachineSet', name: 'workers'}";

  @Test
  void machineAutoscalerReplicasMustBeOrdered() {
    assertThat(ma("{minReplicas: 0, maxReplicas: 3, " + TARGET + "}").allowed()).isTrue();
    AdmissionResponse inverted = ma("{minReplicas: 8, maxReplicas: 2, " + TARGET + "}");
    assertThat(inverted.allowed()).isFalse();
    assertThat(inverted.message()).isEqualTo("spec.maxReplicas (2) must be >= spec.minReplicas (8)");
    assertThat(ma("{minReplicas: -1, maxReplicas: 2, " + TARGET + "}").message())
        .isEqualTo("spec.minReplicas must be >= 0 (is -1)");
  }

  @Test
  void machineAutoscalerTargetsOnlyMachineSets() {
    assertThat(ma("{minReplicas: 1, maxReplicas: 2, scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', "
        + "name: 'x'}}").message()).isEqualTo("spec.scaleTargetRef apps/v1 Deployment is not supported: only "
        + "machine.openshift.io/v1beta1 MachineSet can be autoscaled");
    assertThat(ma("{minReplicas: 1, maxReplicas: 2, scaleTargetRef: {kind: 'MachineSet', name: 'x'}}").allowed())
        .isFalse();
    assertThat(ma("{minReplicas: 1, maxReplicas: 2}").message()).isEqualTo("spec.scaleTargetRef is required");
    assertThat(ma("{minReplicas: 'one', maxReplicas: 2, " + TARGET + "}").message())
        .startsWith("not a MachineAutoscaler: ");
  }

  @Test
  void removingTheFinalizerOfAnInvalidObjectIsAllowed() {
    ObjectNode stored = json("{metadata: {name: 'ma', finalizers: ['machinetarget.autoscaling.openshift.io']}, "
        + "spec: {minReplicas: 8, maxReplicas: 2, " + TARGET + "}}");
    ObjectNode released = stored.deepCopy();
    ((ObjectNode) released.get("metadata")).remove("finalizers");
    assertThat(machineAutoscaler.admit(Reviews.update("MachineAutoscaler", "ns", stored, released)).allowed())
        .isTrue();
    ObjectNode storedCa = json("{metadata: {name: 'other', finalizers: ['f']}, spec: {}}");
    ObjectNode releasedCa = storedCa.deepCopy();
    ((ObjectNode) releasedCa.get("metadata")).putArray("finalizers");
    assertThat(clusterAutoscaler.admit(Reviews.update("ClusterAutoscaler", "", storedCa, releasedCa)).allowed())
        .isTrue();
  }
}
