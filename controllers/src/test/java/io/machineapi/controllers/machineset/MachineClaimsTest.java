package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineClaimsTest {
  private static final Map<String, String> MATCHING = Map.of("set", "a");
  private final MachineSet set = set();
  private final MachineSelector selector = MachineSelector.of(new LabelSelectorBuilder()
      .withMatchLabels(MATCHING).build());

  private static MachineSet set() {
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("ns").withUid("set-uid").build());
    return set;
  }

  private static Machine machine(String name, Map<String, String> labels, String controllerUid, boolean deleting) {
    Machine machine = new Machine();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace("ns").withLabels(labels);
    if (controllerUid != null) {
      meta.withOwnerReferences(new OwnerReferenceBuilder().withKind("MachineSet").withName("x")
          .withUid(controllerUid).withController(true).build());
    }
    if (deleting) {
      meta.withDeletionTimestamp("2026-06-01T00:00:00Z");
    }
    machine.setMetadata(meta.build());
    return machine;
  }

  private static List<String> names(List<Machine> machines) {
    return machines.stream().map(m -> m.getMetadata().getName()).toList();
  }

  @Test
  void keepsOwnedAndMatchingOrphansAndReleasesOwnedNonMatching() {
    MachineClaims claims = MachineClaims.of(set, selector, List.of(
        machine("e-owned", MATCHING, "set-uid", false),
        machine("b-orphan", MATCHING, null, false),
        machine("c-other-owner", MATCHING, "other-uid", false),
        machine("d-deleting", MATCHING, "set-uid", true),
        machine("a-drifted", Map.of("set", "b"), "set-uid", false),
        machine("f-unrelated", Map.of(), null, false),
        machine("g-orphan-deleting", MATCHING, null, true)));

    assertThat(names(claims.kept())).containsExactly("b-orphan", "e-owned");
    assertThat(names(claims.toAdopt())).containsExactly("b-orphan");
    assertThat(names(claims.toRelease())).containsExactly("a-drifted");
  }

  @Test
  void emptySelectorClaimsNothing() {
    MachineClaims claims = MachineClaims.of(set, MachineSelector.of(null),
        List.of(machine("orphan", MATCHING, null, false)));
    assertThat(claims.kept()).isEmpty();
    assertThat(claims.toAdopt()).isEmpty();
  }
}
