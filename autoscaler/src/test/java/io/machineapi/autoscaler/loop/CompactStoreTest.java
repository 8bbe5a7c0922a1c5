package io.machineapi.autoscaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.PodInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactStoreTest {
  private final List<String> changes = new ArrayList<>();
  private final CompactStore<Pod, PodInfo> store = new CompactStore<>(Pod::new, SnapshotReader::pod,
      (old, now) -> changes.add((old == null ? "-" : String.valueOf(old.unschedulable())) + "->"
          + now.unschedulable()));

  private static Pod pod(String rv, boolean unschedulable) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1")
        .withResourceVersion(rv).withAnnotations(java.util.Map.of("big", "x".repeat(1000))).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
    if (unschedulable) {
      b.withNewStatus().addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
          .endCondition().endStatus();
    }
    return b.build();
  }

  @Test
  void keepsTheConvertedValueAndAStubAndReportsEachChange() {
    assertThat(store.put("ns/p", pod("1", false))).isNull();
    Pod old = store.put("ns/p", pod("2", true));
    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("1");
    store.put("ns/p", pod("3", true));
    assertThat(changes).containsExactly("-->false", "false->true", "true->true");

    assertThat(store.converted()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("p");
      assertThat(p.unschedulable()).isTrue();
    });
    Pod ref = store.get("ns/p");
    assertThat(ref.getKind()).isEqualTo("Pod");
    assertThat(ref.getMetadata().getUid()).isEqualTo("u1");
    assertThat(ref.getMetadata().getResourceVersion()).isEqualTo("3");
    assertThat(ref.getSpec()).as("only the metadata the informer needs is kept").isNull();
    assertThat(ref.getMetadata().getAnnotations()).isNullOrEmpty();

    assertThat(store.remove("ns/p").getMetadata().getName()).isEqualTo("p");
    assertThat(store.converted()).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void anObjectThatCannotBeConvertedIsLeftOutNotThrown() {
    CompactStore<Pod, PodInfo> failing = new CompactStore<>(Pod::new, p -> {
      throw new NumberFormatException("bad quantity");
    }, (old, now) -> changes.add("called"));
    failing.put("ns/p", pod("1", true));
    assertThat(failing.converted()).isEmpty();
    assertThat(failing.get("ns/p").getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(changes).isEmpty();
  }
}
