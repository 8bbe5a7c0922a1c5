package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeMetadataSyncTest {

  @Test
  void copiesLabelsAnnotationsAndTaintsAndRecordsWhatCameFromTheMachine() {
    Node node = node(Map.of("kubernetes.io/hostname", "n1"), Map.of(), List.of());
    JsonNode patch = patch(node, machine(Map.of("team", "blue"), Map.of("a/b", "c"), List.of(taint("gpu", "NoSchedule"))));

    assertThat(patch.at("/metadata/labels/team").asText()).isEqualTo("blue");
    assertThat(patch.at("/metadata/labels").has("kubernetes.io/hostname")).isFalse();
    assertThat(patch.at("/metadata/annotations/a~1b").asText()).isEqualTo("c");
    assertThat(patch.at("/metadata/annotations/machine.openshift.io~1machine").asText()).isEqualTo("ns/m");
    assertThat(patch.at("/metadata/annotations/machine.openshift.io~1labels-from-machine").asText()).isEqualTo("team");
    assertThat(patch.at("/metadata/annotations/machine.openshift.io~1taints-from-machine").asText())
        .isEqualTo("gpu:NoSchedule");
    assertThat(patch.at("/spec/taints/0/key").asText()).isEqualTo("gpu");
  }

  @Test
  void removesOnlyTrackedKeysThatLeftTheMachine() {
    Node node = node(Map.of("team", "blue", "zone", "z1", "own", "node"),
        Map.of(NodeMetadataSync.LABELS_FROM_MACHINE, "team,zone", NodeMetadataSync.MACHINE_ANNOTATION, "ns/m",
            NodeMetadataSync.TAINTS_FROM_MACHINE, "gpu:NoSchedule"),
        List.of(taint("gpu", "NoSchedule"), taint("kubelet", "NoExecute")));
    JsonNode patch = patch(node, machine(Map.of("team", "blue"), Map.of(), List.of()));

    assertThat(patch.at("/metadata/labels/zone").isNull()).isTrue();
    assertThat(patch.at("/metadata/labels").has("own")).isFalse();
    assertThat(patch.at("/metadata/labels").has("team")).isFalse();
    assertThat(patch.at("/metadata/annotations/machine.openshift.io~1labels-from-machine").asText()).isEqualTo("team");
    assertThat(patch.at("/metadata/annotations/machine.openshift.io~1taints-from-machine").isNull()).isTrue();
    assertThat(patch.at("/spec/taints")).hasSize(1);
    assertThat(patch.at("/spec/taints/0/key").asText()).isEqualTo("kubelet");
  }

  @Test
  void aTaintTheNodeAlreadyHadStaysTheNodesAndIsNotTracked() {
    Node node = node(Map.of(), Map.of(), List.of(new TaintBuilder().withKey("gpu").withValue("node-value")
        .withEffect("NoSchedule").build()));
    JsonNode patch = patch(node, machine(Map.of(), Map.of(), List.of(taint("gpu", "NoSchedule"))));

    assertThat(patch.at("/spec").isMissingNode()).isTrue();
    assertThat(patch.at("/metadata/annotations").has("machine.openshift.io/taints-from-machine")).isFalse();
  }

  @Test
  void nothingToWriteWhenTheNodeAlreadyMatches() {
    Node node = node(Map.of("team", "blue"), Map.of(NodeMetadataSync.LABELS_FROM_MACHINE, "team",
        NodeMetadataSync.MACHINE_ANNOTATION, "ns/m"), List.of());
    assertThat(NodeMetadataSync.patch(node, machine(Map.of("team", "blue"), Map.of(), List.of()))).isEmpty();
  }

  private static JsonNode patch(Node node, Machine machine) {
    Optional<String> patch = NodeMetadataSync.patch(node, machine);
    assertThat(patch).isPresent();
    return Serialization.unmarshal(patch.get(), JsonNode.class);
  }

  private static Taint taint(String key, String effect) {
    return new TaintBuilder().withKey(key).withValue("v").withEffect(effect).build();
  }

  private static Node node(Map<String, String> labels, Map<String, String> annotations, List<Taint> taints) {
    return new NodeBuilder().withNewMetadata().withName("n1").withResourceVersion("7").withLabels(labels)
        .withAnnotations(annotations).endMetadata().withNewSpec().withTaints(taints).endSpec().build();
  }

  private static Machine machine(Map<String, String> labels, Map<String, String> annotations, List<Taint> taints) {
    Machine machine = new Machine();
    machine.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("m").withNamespace("ns")
        .build());
    MachineSpec spec = new MachineSpec();
    MachineObjectMeta meta = new MachineObjectMeta();
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    spec.setMetadata(meta);
    spec.setTaints(taints);
    machine.setSpec(spec);
    return machine;
  }
}
