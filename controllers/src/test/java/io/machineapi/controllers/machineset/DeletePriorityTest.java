package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.TestObjects.node;
import static io.machineapi.controllers.machineset.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.fabric8.kubernetes.api.model.Node;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeletePriorityTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Map<String, Node> nodes = new HashMap<>();

  private DeletePriority priority(DeletePolicy policy) {
    return new DeletePriority(policy, clock, name -> Optional.ofNullable(nodes.get(name)));
  }

  private Machine ready(String name, Duration age) {
    Machine machine = running(name, NOW.minus(age));
    nodes.put(name, node(name, "True", NOW.minus(age)));
    return machine;
  }

  private static List<String> names(List<Machine> machines) {
    return machines.stream().map(m -> m.getMetadata().getName()).toList();
  }

  @Test
  void tiersAreDeletingThenAnnotatedThenUnhealthyThenPolicy() {
    Machine healthyOld = ready("a-healthy-old", Duration.ofDays(400));
    Machine unhealthy = ready("b-unhealthy", Duration.ofMinutes(1));
    unhealthy.getStatus().setPhase(MachinePhases.FAILED);
    Machine annotated = ready("c-annotated", Duration.ofMinutes(1));
    annotated.getMetadata().setAnnotations(Map.of(DeletePriority.DELETE_ANNOTATION, "2026-06-01T00:00:00Z"));
    Machine deleting = ready("d-deleting", Duration.ofMinutes(1));
    deleting.getMetadata().setDeletionTimestamp(NOW.toString());

    for (DeletePolicy policy : DeletePolicy.values()) {
      assertThat(names(priority(policy).victims(List.of(healthyOld, unhealthy, annotated, deleting), 4)))
          .as(policy.name())
          .containsExactly("d-deleting", "c-annotated", "b-unhealthy", "a-healthy-old");
    }
  }

  @Test
  void emptyDeleteAnnotationDoesNothingAndLegacyKeyCounts() {
    Machine empty = ready("a-empty", Duration.ofDays(1));
    empty.getMetadata().setAnnotations(Map.of(DeletePriority.DELETE_ANNOTATION, ""));
    Machine legacy = ready("b-legacy", Duration.ofDays(1));
    legacy.getMetadata().setAnnotations(Map.of(DeletePriority.LEGACY_DELETE_ANNOTATION, "yes"));

    DeletePriority oldest = priority(DeletePolicy.Oldest);
    assertThat(oldest.priority(legacy)).isEqualTo(DeletePriority.ANNOTATED);
    assertThat(oldest.priority(empty)).isLessThan(DeletePriority.UNHEALTHY);
  }

  @Test
  void unhealthyCoversErrorNoNodeRefAndNodeNotReady() {
    Machine error = ready("error", Duration.ofDays(1));
    error.getStatus().setErrorMessage("boom");
    Machine noNode = ready("no-node", Duration.ofDays(1));
    noNode.getStatus().setNodeRef(null);
    Machine notReady = ready("not-ready", Duration.ofDays(1));
    nodes.put("not-ready", node("not-ready", "Unknown", NOW));
    Machine nodeMissing = ready("node-missing", Duration.ofDays(1));
    nodes.remove("node-missing");

    DeletePriority newest = priority(DeletePolicy.Newest);
    for (Machine m : List.of(error, noNode, notReady, nodeMissing)) {
      assertThat(newest.priority(m)).as(m.getMetadata().getName()).isEqualTo(DeletePriority.UNHEALTHY);
    }
    assertThat(newest.priority(ready("fine", Duration.ofDays(1)))).isLessThan(DeletePriority.UNHEALTHY);
  }

  @Test
  void oldestFollowsTheAgeCurveAndNewestItsMirror() {
    Machine hundredDays = ready("m100", Duration.ofDays(100));
    double expected = 50 * (1 - Math.exp(-1));
    assertThat(priority(DeletePolicy.Oldest).priority(hundredDays)).isCloseTo(expected, offset(1e-9));
    assertThat(priority(DeletePolicy.Newest).priority(hundredDays)).isCloseTo(50 - expected,
        offset(1e-9));

    Machine future = ready("future", Duration.ofDays(-1));
    assertThat(priority(DeletePolicy.Oldest).priority(future)).isZero();

    List<Machine> machines = List.of(ready("young", Duration.ofHours(1)), ready("mid", Duration.ofDays(3)),
        ready("old", Duration.ofDays(30)));
    assertThat(names(priority(DeletePolicy.Oldest).victims(machines, 2))).containsExactly("old", "mid");
    assertThat(names(priority(DeletePolicy.Newest).victims(machines, 2))).containsExactly("young", "mid");
  }

  @Test
  void tiesAreBrokenByName() {
    List<Machine> machines = new ArrayList<>(List.of(ready("c", Duration.ofDays(2)), ready("a", Duration.ofDays(2)),
        ready("b", Duration.ofDays(2))));
    assertThat(names(priority(DeletePolicy.Oldest).victims(machines, 2))).containsExactly("a", "b");
    assertThat(names(priority(DeletePolicy.Newest).victims(machines, 3))).containsExactly("a", "b", "c");
    Machine x = ready("x", Duration.ofDays(1));
    Machine y = ready("y", Duration.ofDays(1));
    x.getStatus().setNodeRef(null);
    y.getStatus().setNodeRef(null);
    assertThat(names(priority(DeletePolicy.Random).victims(List.of(y, x), 1))).containsExactly("x");
  }

  @Test
  void randomIsStableButNotNameOrder() {
    List<Machine> machines = IntStream.range(0, 20).mapToObj(i -> ready(String.format("m-%02d", i),
        Duration.ofDays(i))).toList();
    DeletePriority random = priority(DeletePolicy.Random);
    List<String> first = names(random.victims(machines, 20));
    List<Machine> reversed = new ArrayList<>(machines);
    Collections.reverse(reversed);
    assertThat(names(priority(null).victims(reversed, 20))).isEqualTo(first);
    assertThat(first).isNotEqualTo(names(machines));
    assertThat(first).isNotEqualTo(names(priority(DeletePolicy.Oldest).victims(machines, 20)));
    assertThat(machines).allSatisfy(m -> assertThat(random.priority(m)).isBetween(0.0, 50.0));
  }
}
