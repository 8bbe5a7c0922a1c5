package io.machineapi.controllers.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachePruningTest {

  @Test
  void aNodeKeepsWhatTheControllersReadAndLosesImagesAndManagedFields() {
    Node node = CachePruning.node(new NodeBuilder()
        .withNewMetadata().withName("n").withUid("u").withResourceVersion("7").addToLabels("l", "v")
        .addToAnnotations("a", "b").withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").build())
        .endMetadata()
        .withNewSpec().withProviderID("sim:///i-1").addNewTaint().withKey("k").withEffect("NoSchedule").endTaint()
        .endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
        .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime("2026-01-01T00:00:00Z")
        .endCondition()
        .addNewImage().withNames("registry/image@sha256:0", "registry/image:1").withSizeBytes(1L).endImage()
        .withNewNodeInfo().withKubeletVersion("v1.30").endNodeInfo()
        .withVolumesInUse("vol").addNewVolumesAttached().withName("vol").withDevicePath("/dev/x").endVolumesAttached()
        .endStatus().build());

    assertThat(node.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(node.getStatus().getImages()).isNullOrEmpty();
    assertThat(node.getStatus().getNodeInfo()).isNull();
    assertThat(node.getStatus().getVolumesInUse()).isNullOrEmpty();
    assertThat(node.getStatus().getVolumesAttached()).isNullOrEmpty();
    assertThat(node.getMetadata().getName()).isEqualTo("n");
    assertThat(node.getMetadata().getUid()).isEqualTo("u");
    assertThat(node.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(node.getMetadata().getLabels()).containsEntry("l", "v");
    assertThat(node.getMetadata().getAnnotations()).containsEntry("a", "b");
    assertThat(node.getSpec().getProviderID()).isEqualTo("sim:///i-1");
    assertThat(node.getSpec().getTaints()).hasSize(1);
    assertThat(SharedCaches.internalIps(node)).containsExactly("10.0.0.1");
    assertThat(node.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"));
  }

  @Test
  void aSecondaryMachineLosesProviderSpecProviderStatusAndManagedFields() {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName("m").withNamespace("ns").addToLabels("l", "v")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).build());
    MachineSpec spec = new MachineSpec();
    spec.setProviderSpec(new ProviderSpec(JsonNodeFactory.instance.objectNode().put("instanceType", "m5.large")));
    spec.setProviderID("aws:///i-1");
    machine.setSpec(spec);
    MachineStatus status = new MachineStatus();
    status.setProviderStatus(JsonNodeFactory.instance.objectNode().put("instanceState", "running"));
    status.setNodeRef(new ObjectReferenceBuilder().withName("n").build());
    status.setPhase("Running");
    machine.setStatus(status);

    CachePruning.secondaryMachine(machine);

    assertThat(machine.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(machine.getSpec().getProviderSpec()).isNull();
    assertThat(machine.getStatus().getProviderStatus()).isNull();
    assertThat(machine.getSpec().getProviderID()).isEqualTo("aws:///i-1");
    assertThat(machine.getStatus().getNodeRef().getName()).isEqualTo("n");
    assertThat(machine.getStatus().getPhase()).isEqualTo("Running");
    assertThat(machine.getMetadata().getLabels()).isEqualTo(java.util.Map.of("l", "v"));
  }

  @Test
  void thePrimaryMachineStoreDropsOnlyManagedFields() {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName("m").withNamespace("ns").withResourceVersion("3")
        .withManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build())).build());
    MachineSpec spec = new MachineSpec();
    spec.setProviderSpec(new ProviderSpec(JsonNodeFactory.instance.objectNode().put("instanceType", "m5.large")));
    machine.setSpec(spec);
    CachePruning.MachineStore store = new CachePruning.MachineStore();

    store.put(store.getKey(machine), machine);

    Machine stored = store.get("ns/m");
    assertThat(stored.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("3");
    assertThat(stored.getSpec().getProviderSpec().getValue().get("instanceType").asText()).isEqualTo("m5.large");
  }
}
