package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import org.junit.jupiter.api.Test;

class RecentWritesTest {
  private final RecentWrites recent = new RecentWrites();

  @Test
  void aCacheCopyOurWritesSupersededIsReplacedByTheLastAnswer() {
    recent.wrote("1", machine("2", "status"));
    recent.wrote("2", machine("3", "nodeRef"));

    assertThat(recent.freshest(machine("1", "old")).getMetadata().getAnnotations()).containsEntry("v", "nodeRef");
    assertThat(recent.freshest(machine("2", "status")).getMetadata().getResourceVersion()).isEqualTo("3");
  }

  @Test
  void aVersionWeNeverSawIsSomeoneElsesNewerWriteAndWins() {
    recent.wrote("1", machine("2", "ours"));

    assertThat(recent.freshest(machine("7", "theirs")).getMetadata().getAnnotations()).containsEntry("v", "theirs");
    // The entry is gone once the cache moved past it: even an old version is now taken as it comes.
    assertThat(recent.freshest(machine("1", "old")).getMetadata().getAnnotations()).containsEntry("v", "old");
  }

  @Test
  void theAnswerIsACopySoAPassCannotChangeWhatIsRemembered() {
    recent.wrote("1", machine("2", "ours"));
    recent.freshest(machine("1", "old")).getMetadata().getAnnotations().put("v", "changed");

    assertThat(recent.freshest(machine("1", "old")).getMetadata().getAnnotations()).containsEntry("v", "ours");
  }

  private static Machine machine(String resourceVersion, String marker) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName("m").withNamespace("ns").withUid("u-1")
        .withResourceVersion(resourceVersion).addToAnnotations("v", marker).build());
    return machine;
  }
}
