package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.apiserver.DisruptionBudgets.Budget;
import io.machineapi.apiserver.DisruptionBudgets.Controller;
import io.machineapi.apiserver.DisruptionBudgets.ControllerFinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The disruption controller's arithmetic on plain pods and budgets, without a server. */
class DisruptionBudgetsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  /** Controllers by the uid a pod's controller reference carries. */
  private static final ControllerFinder CONTROLLERS = (ref, namespace) -> Optional.ofNullable(Map.of(
      "rs-uid", new Controller("rs-uid", 20),
      "small-uid", new Controller("small-uid", 3),
      "sts-uid", new Controller("sts-uid", 2),
      // two ReplicaSets of one Deployment resolve to the Deployment
      "rs-old", new Controller("deploy-uid", 4),
      "rs-new", new Controller("deploy-uid", 4)).get(ref.path("uid").asText()));

  @Test
  void maxUnavailableOneOverTwentyReplicasAllowsOneEvictionThenWaitsForTheReplacement() {
    ObjectNode pdb = pdb("{\"maxUnavailable\":1}");
    List<ObjectNode> pods = pods(20, "rs-uid", true);

    Budget all = Budget.of(pdb, pods, CONTROLLERS, NOW);
    assertThat(all.expectedPods()).isEqualTo(20);
    assertThat(all.desiredHealthy()).isEqualTo(19);
    assertThat(all.currentHealthy()).isEqualTo(20);
    assertThat(all.disruptionsAllowed()).as("first eviction").isEqualTo(1);

    pods.remove(0);
    Budget afterFirst = Budget.of(pdb, pods, CONTROLLERS, NOW);
    assertThat(afterFirst.expectedPods()).as("the ReplicaSet still wants 20").isEqualTo(20);
    assertThat(afterFirst.disruptionsAllowed()).as("second eviction").isZero();

    ObjectNode replacement = pod("p-new", "rs-uid", false);
    pods.add(replacement);
    assertThat(Budget.of(pdb, pods, CONTROLLERS, NOW).disruptionsAllowed()).as("replacement not Ready").isZero();

    pods.set(pods.size() - 1, pod("p-new", "rs-uid", true));
    assertThat(Budget.of(pdb, pods, CONTROLLERS, NOW).disruptionsAllowed()).as("replacement Ready").isEqualTo(1);
  }

  @Test
  void aRecordedDisruptionKeepsItsPodOutOfTheHealthyCountForTwoMinutes() {
    List<ObjectNode> pods = pods(20, "rs-uid", true);
    ObjectNode pdb = pdb("{\"maxUnavailable\":1}");
    pdb.putObject("status").putObject("disruptedPods").put("p0", "2026-01-01T11:59:00Z");

    Budget recorded = Budget.of(pdb, pods, CONTROLLERS, NOW);
    assertThat(recorded.currentHealthy()).isEqualTo(19);
    assertThat(recorded.disruptionsAllowed()).isZero();
    assertThat(recorded.disruptedPods()).containsOnlyKeys("p0");

    Budget expired = Budget.of(pdb, pods, CONTROLLERS, NOW.plus(Duration.ofSeconds(61)));
    assertThat(expired.disruptedPods()).isEmpty();
    assertThat(expired.disruptionsAllowed()).isEqualTo(1);
  }

  @Test
  void aRecordedDisruptionEndsWhenItsPodIsGoneOrBeingDeleted() {
    List<ObjectNode> pods = pods(3, "small-uid", true);
    ObjectNode pdb = pdb("{\"maxUnavailable\":1}");
    pdb.putObject("status").putObject("disruptedPods").put("p0", "2026-01-01T11:59:59Z").put("ghost",
        "2026-01-01T11:59:59Z");
    ((ObjectNode) pods.get(0).get("metadata")).put("deletionTimestamp", "2026-01-01T12:00:00Z");

    Budget budget = Budget.of(pdb, pods, CONTROLLERS, NOW);
    assertThat(budget.disruptedPods()).isEmpty();
    assertThat(budget.currentHealthy()).as("a terminating pod is not healthy either").isEqualTo(2);
    assertThat(budget.desiredHealthy()).isEqualTo(2);
    assertThat(budget.disruptionsAllowed()).isZero();
  }

  @Test
  void percentagesAreOfTheSumOfDistinctControllersRoundedUp() {
    List<ObjectNode> pods = new ArrayList<>();
    pods.add(pod("a", "small-uid", true));
    pods.add(pod("b", "small-uid", true));
    pods.add(pod("c", "sts-uid", true));
    pods.add(pod("d", "rs-old", true));
    pods.add(pod("e", "rs-new", false));

    Budget minAvailable = Budget.of(pdb("{\"minAvailable\":\"50%\"}"), pods, CONTROLLERS, NOW);
    assertThat(minAvailable.expectedPods()).as("3 + 2 + one Deployment of 4").isEqualTo(9);
    assertThat(minAvailable.desiredHealthy()).as("4.5 rounded up").isEqualTo(5);
    assertThat(minAvailable.currentHealthy()).isEqualTo(4);
    assertThat(minAvailable.disruptionsAllowed()).isZero();

    Budget maxUnavailable = Budget.of(pdb("{\"maxUnavailable\":\"34%\"}"), pods, CONTROLLERS, NOW);
    assertThat(maxUnavailable.desiredHealthy()).as("9 - ceil(3.06)").isEqualTo(5);
  }

  @Test
  void integerMinAvailableCountsTheMatchingPods() {
    List<ObjectNode> pods = new ArrayList<>(pods(3, "rs-uid", true));
    pods.add(pod("bare", null, false));

    Budget budget = Budget.of(pdb("{\"minAvailable\":2}"), pods, CONTROLLERS, NOW);
    assertThat(budget.expectedPods()).isEqualTo(4);
    assertThat(budget.desiredHealthy()).isEqualTo(2);
    assertThat(budget.currentHealthy()).isEqualTo(3);
    assertThat(budget.disruptionsAllowed()).isEqualTo(1);
    assertThat(budget.syncError()).isNull();
  }

  @Test
  void podsWithoutControllerAreLeftOutOfTheExpectedCount() {
    List<ObjectNode> bare = List.of(pod("a", null, true), pod("b", null, true), pod("c", null, true));
    Budget onlyBare = Budget.of(pdb("{\"maxUnavailable\":1}"), bare, CONTROLLERS, NOW);
    assertThat(onlyBare.expectedPods()).isZero();
    assertThat(onlyBare.currentHealthy()).isEqualTo(3);
    assertThat(onlyBare.disruptionsAllowed()).as("nothing expected, nothing allowed").isZero();

    List<ObjectNode> mixed = new ArrayList<>(pods(3, "small-uid", true));
    mixed.add(pod("bare", null, true));
    Budget budget = Budget.of(pdb("{\"maxUnavailable\":1}"), mixed, CONTROLLERS, NOW);
    assertThat(budget.expectedPods()).isEqualTo(3);
    assertThat(budget.currentHealthy()).as("the bare pod still counts as healthy").isEqualTo(4);
    assertThat(budget.disruptionsAllowed()).isEqualTo(2);
  }

  @Test
  void aControllerThatCannotBeFoundFailsSafeWithTheStoredNumbers() {
    ObjectNode pdb = pdb("{\"maxUnavailable\":1}");
    pdb.putObject("status").put("expectedPods", 5).put("currentHealthy", 5).put("desiredHealthy", 4)
        .put("disruptionsAllowed", 1).put("observedGeneration", 1);
    Budget budget = Budget.of(pdb, List.of(pod("lost", "nobody", true)), CONTROLLERS, NOW);
    assertThat(budget.syncError()).isEqualTo("found no controllers for pod \"lost\"");
    assertThat(budget.disruptionsAllowed()).isZero();
    assertThat(budget.expectedPods()).isEqualTo(5);

    JsonNode condition = budget.status(pdb, NOW).path("conditions").get(0);
    assertThat(condition.path("type").asText()).isEqualTo("DisruptionAllowed");
    assertThat(condition.path("status").asText()).isEqualTo("False");
    assertThat(condition.path("reason").asText()).isEqualTo("SyncFailed");
    assertThat(condition.path("message").asText()).isEqualTo("found no controllers for pod \"lost\"");
  }

  @Test
  void theConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
    ObjectNode pdb = pdb("{\"maxUnavailable\":1}");
    List<ObjectNode> pods = pods(20, "rs-uid", true);
    ObjectNode first = Budget.of(pdb, pods, CONTROLLERS, NOW).status(pdb, NOW);
    assertThat(first.path("conditions").get(0).path("reason").asText()).isEqualTo("SufficientPods");
    pdb.set("status", first);

    Instant later = NOW.plusSeconds(30);
    ObjectNode same = Budget.of(pdb, pods, CONTROLLERS, later).status(pdb, later);
    assertThat(same.path("conditions").get(0).path("lastTransitionTime").asText()).isEqualTo("2026-01-01T12:00:00Z");

    ObjectNode changed = Budget.of(pdb, pods.subList(1, 20), CONTROLLERS, later).status(pdb, later);
    assertThat(changed.path("conditions").get(0).path("reason").asText()).isEqualTo("InsufficientPods");
    assertThat(changed.path("conditions").get(0).path("lastTransitionTime").asText())
        .isEqualTo("2026-01-01T12:00:30Z");
    assertThat(changed.path("observedGeneration").asLong()).isEqualTo(1);
  }

  private static ObjectNode pdb(String spec) {
    ObjectNode pdb = (ObjectNode) Store.parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"generation\":1},"
        + "\"spec\":" + spec + "}");
    ((ObjectNode) pdb.get("spec")).putObject("selector").putObject("matchLabels").put("app", "web");
    return pdb;
  }

  private static List<ObjectNode> pods(int count, String controllerUid, boolean ready) {
    List<ObjectNode> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pods.add(pod("p" + i, controllerUid, ready));
    }
    return pods;
  }

  private static ObjectNode pod(String name, String controllerUid, boolean ready) {
    ObjectNode pod = (ObjectNode) Store.parse("""
        {"metadata":{"name":"%s","namespace":"ns","labels":{"app":"web"}},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"%s"}]}}""".formatted(name,
        ready ? "True" : "False"));
    if (controllerUid != null) {
      ((ObjectNode) pod.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
          .put("kind", "ReplicaSet").put("name", "owner").put("uid", controllerUid).put("controller", true);
    }
    return pod;
  }
}
