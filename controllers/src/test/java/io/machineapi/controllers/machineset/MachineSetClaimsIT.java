package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.MachineSetHarness.NS;
import static io.machineapi.controllers.machineset.MachineSetHarness.SET_LABEL;
import static io.machineapi.controllers.machineset.MachineSetHarness.machineSet;
import static io.machineapi.controllers.machineset.MachineSetHarness.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scale-down victims, adoption, orphaning and invalid templates against the embedded API. */
class MachineSetClaimsIT {
  static MachineSetHarness cluster;
  /** UIDs of the orphans created here, by name (they are gone after a scale-down). */
  private static final Map<String, String> UIDS = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    cluster = new MachineSetHarness(5, 0);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<String> names(List<Machine> machines) {
    return machines.stream().map(m -> m.getMetadata().getName()).toList();
  }

  /**
   * Five linked, Ready orphans created in four distinct seconds ({@code -2} and {@code -3} in the same one, to show
   * the name tie-break), adopted by a set of 5; {@code <prefix>-4} gets the delete annotation; then the set scales
   * to 2.
   */
  private List<String> survivorsOfScaleDown(String prefix, DeletePolicy policy) {
    for (List<String> sameSecond : List.of(List.of("1"), List.of("2", "3"), List.of("4"), List.of("5"))) {
      MachineSetHarness.awaitNextSecond();
      for (String suffix : sameSecond) {
        Machine orphan = cluster.orphan(prefix + "-" + suffix, MachineSetHarness.selectorLabels(prefix));
        UIDS.put(orphan.getMetadata().getName(), orphan.getMetadata().getUid());
      }
    }
    for (String suffix : List.of("1", "2", "3", "4", "5")) {
      cluster.linkNode(prefix + "-" + suffix, "True");
    }
    assertThat(created(prefix + "-2")).as("created in the same second").isEqualTo(created(prefix + "-3"));
    assertThat(created(prefix + "-1")).isBefore(created(prefix + "-2"));
    cluster.create(machineSet(prefix, 5, policy));
    await().atMost(timeout()).until(() -> cluster.get(prefix).getStatus() != null
        && Integer.valueOf(5).equals(cluster.get(prefix).getStatus().getReadyReplicas()));
    assertThat(cluster.machines(prefix)).allSatisfy(m ->
        assertThat(MachineOwnership.isControlledBy(m, cluster.get(prefix))).isTrue());

    cluster.client.resources(Machine.class).inNamespace(NS).withName(prefix + "-4").edit(m -> {
      m.getMetadata().setAnnotations(Map.of(DeletePriority.DELETE_ANNOTATION, Instant.now().toString()));
      return m;
    });
    cluster.scale(prefix, 2);
    await().atMost(timeout()).until(() -> cluster.machines(prefix).size() == 2);
    assertThat(cluster.writes.creates(prefix)).isZero();
    await().atMost(timeout()).untilAsserted(() -> assertThat(cluster.events(prefix))
        .filteredOn(e -> "SuccessfulDelete".equals(e.getReason())).hasSize(3));
    return names(cluster.machines(prefix));
  }

  private static Instant created(String machine) {
    return Instant.parse(cluster.client.resources(Machine.class).inNamespace(NS).withName(machine).get()
        .getMetadata().getCreationTimestamp());
  }

  @Test
  void scaleDownRemovesAnnotatedMachineFirstThenOldestWithNameTieBreak() {
    // Deleted: old-4 (annotated), old-1 (oldest), old-2 (same age as old-3, earlier name).
    assertThat(survivorsOfScaleDown("old", DeletePolicy.Oldest)).containsExactly("old-3", "old-5");
  }

  @Test
  void scaleDownRemovesAnnotatedMachineFirstThenNewestWithNameTieBreak() {
    // Deleted: new-4 (annotated), new-5 (newest), new-2 (same age as new-3, earlier name).
    assertThat(survivorsOfScaleDown("new", DeletePolicy.Newest)).containsExactly("new-1", "new-3");
  }

  @Test
  void scaleDownWithRandomPolicyRemovesAnnotatedMachineFirstThenByUidHash() {
    List<String> survivors = survivorsOfScaleDown("rnd", DeletePolicy.Random);
    assertThat(survivors).doesNotContain("rnd-4");
    // The healthy four ranked by the uid-hash value of their real UIDs: the top two go.
    Instant now = Instant.now();
    DeletePriority random = new DeletePriority(DeletePolicy.Random, Clock.systemUTC(),
        n -> Optional.of(TestObjects.node(n, "True", now)));
    List<Machine> healthy = List.of("rnd-1", "rnd-2", "rnd-3", "rnd-5").stream().map(name -> {
      Machine m = TestObjects.running(name, now);
      m.getMetadata().setUid(UIDS.get(name));
      return m;
    }).toList();
    List<String> victims = names(random.victims(healthy, 2));
    assertThat(survivors).doesNotContainAnyElementsOf(victims).hasSize(2);
  }

  @Test
  void orphanGainingMatchingLabelsIsAdoptedThenTheSetScalesDownByOne() {
    cluster.create(machineSet("adopt", 2, DeletePolicy.Oldest));
    await().atMost(timeout()).until(() -> cluster.machines("adopt").size() == 2);
    cluster.machines("adopt").forEach(m -> cluster.linkNode(m.getMetadata().getName(), "True"));
    MachineSetHarness.awaitNextSecond();
    Machine orphan = cluster.orphan("adopt-orphan", Map.of("unrelated", "yes"));
    cluster.linkNode("adopt-orphan", "True");

    cluster.client.resources(Machine.class).inNamespace(NS).withName("adopt-orphan").edit(m -> {
      m.getMetadata().setLabels(MachineSetHarness.selectorLabels("adopt"));
      return m;
    });

    // Oldest policy: the adopted Machine is the newest, so it stays and one of the set's own goes.
    await().atMost(timeout()).until(() -> cluster.machines("adopt").size() == 2
        && cluster.machines("adopt").stream().anyMatch(m -> m.getMetadata().getName().equals("adopt-orphan")));
    Machine adopted = cluster.client.resources(Machine.class).inNamespace(NS).withName("adopt-orphan").get();
    assertThat(adopted.getMetadata().getUid()).isEqualTo(orphan.getMetadata().getUid());
    assertThat(MachineOwnership.controllerOf(adopted)).hasValueSatisfying(ref -> {
      assertThat(ref.getUid()).isEqualTo(cluster.get("adopt").getMetadata().getUid());
      assertThat(ref.getBlockOwnerDeletion()).isTrue();
    });
    assertThat(cluster.writes.creates("adopt")).isEqualTo(2);
    await().atMost(timeout()).until(() -> Integer.valueOf(2).equals(cluster.get("adopt").getStatus().getReplicas()));
  }

  @Test
  void machineLosingASelectorLabelIsReleasedAndReplaced() {
    MachineSet set = cluster.create(machineSet("release", 2, null));
    String setUid = set.getMetadata().getUid();
    await().atMost(timeout()).until(() -> cluster.machines("release").size() == 2);
    String leaving = cluster.machines("release").get(0).getMetadata().getName();

    cluster.client.resources(Machine.class).inNamespace(NS).withName(leaving).edit(m -> {
      Map<String, String> labels = new HashMap<>(m.getMetadata().getLabels());
      labels.remove(SET_LABEL);
      m.getMetadata().setLabels(labels);
      return m;
    });

    await().atMost(timeout()).until(() -> cluster.machines("release").size() == 2
        && !names(cluster.machines("release")).contains(leaving));
    Machine released = cluster.client.resources(Machine.class).inNamespace(NS).withName(leaving).get();
    assertThat(released).isNotNull();
    await().atMost(timeout()).until(() -> MachineOwnership.controllerOf(
        cluster.client.resources(Machine.class).inNamespace(NS).withName(leaving).get()).isEmpty());
    assertThat(cluster.writes.creates("release")).isEqualTo(3);
    await().atMost(timeout()).until(() -> Integer.valueOf(2).equals(cluster.get("release").getStatus().getReplicas()));
    assertThat(cluster.machines("release")).allSatisfy(m ->
        assertThat(MachineOwnership.controllerOf(m).orElseThrow().getUid()).isEqualTo(setUid));
  }

  @Test
  void ownedMachineThatCannotBeReleasedStillCapsCreation() {
    cluster.create(machineSet("capped", 2, null));
    await().atMost(timeout()).until(() -> cluster.machines("capped").size() == 2);
    String leaving = cluster.machines("capped").get(0).getMetadata().getName();
    cluster.writes.refusedOwnerWrites.add(leaving);

    cluster.client.resources(Machine.class).inNamespace(NS).withName(leaving).edit(m -> {
      Map<String, String> labels = new HashMap<>(m.getMetadata().getLabels());
      labels.remove(SET_LABEL);
      m.getMetadata().setLabels(labels);
      return m;
    });

    // It no longer counts (replicas 1) but still carries the set's reference: no replacement while that lasts.
    await().atMost(timeout()).until(() -> Integer.valueOf(1).equals(cluster.get("capped").getStatus().getReplicas()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(12000))
        .until(() -> cluster.writes.creates("capped") == 2);

    cluster.writes.refusedOwnerWrites.remove(leaving);
    cluster.client.resources(Machine.class).inNamespace(NS).withName(leaving).edit(m -> {
      m.getMetadata().setAnnotations(Map.of("example.com/poke", "1"));
      return m;
    });
    await().atMost(timeout()).until(() -> cluster.machines("capped").size() == 2
        && !names(cluster.machines("capped")).contains(leaving));
    assertThat(cluster.writes.creates("capped")).isEqualTo(3);
  }

  @Test
  void templateLabelsNotMatchingTheSelectorGiveInvalidConfigurationAndNoMachines() {
    MachineSet set = machineSet("invalid", 3, null);
    set.getSpec().getTemplate().getMetadata().setLabels(Map.of(SET_LABEL, "something-else"));
    cluster.create(set);

    MachineSetStatus status = await().atMost(timeout()).until(() -> cluster.get("invalid").getStatus(),
        s -> s != null && s.getErrorReason() != null);
    assertThat(status.getErrorReason()).isEqualTo("InvalidConfiguration");
    assertThat(status.getErrorMessage()).contains("spec.template.metadata.labels").contains("spec.selector");
    await().atMost(timeout()).untilAsserted(() -> assertThat(cluster.events("invalid")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("ReconcileError");
      assertThat(e.getMessage()).contains("spec.template.metadata.labels");
    }));
    assertThat(cluster.writes.creates("invalid")).isZero();
    assertThat(cluster.client.resources(Machine.class).inNamespace(NS).list().getItems())
        .noneMatch(m -> m.getMetadata().getName().startsWith("invalid-"));

    // Fixing the template clears the error and the set fills up.
    cluster.client.resources(MachineSet.class).inNamespace(NS).withName("invalid").edit(s -> {
      s.getSpec().getTemplate().getMetadata().setLabels(Map.of(SET_LABEL, "invalid",
          MachineSetHarness.CLUSTER_LABEL, "test"));
      return s;
    });
    await().atMost(timeout()).until(() -> cluster.machines("invalid").size() == 3);
    await().atMost(timeout()).until(() -> cluster.get("invalid").getStatus().getErrorReason() == null);
  }
}
