package io.machineapi.autoscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.DisruptionBudget;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.PodShape;
import io.machineapi.autoscaler.core.SchedulingPredicates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PodDisruptionBudget selectors are label selectors: Gt and Lt, which only node affinity has, never match. */
class BudgetSelectorTest {
  private static final Map<String, String> RANKED = Map.of("app", "web", "rank", "5");

  /** A pod labelled rank=5 that also requires, by node affinity, a node whose rank is greater than 1. */
  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata().withNamespace("default").withName("web-0").withLabels(RANKED)
        .withCreationTimestamp("2026-12-05T12:00:00Z").endMetadata()
        .withNewSpec().withNodeName("n1").addNewContainer().withName("c").endContainer()
        .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirementBuilder()
            .withKey("rank").withOperator("Gt").withValues("1").build()).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .endSpec().build();
  }

  private static PodDisruptionBudget budget(String name, String operator, String... values) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
        .withNewSelector().addNewMatchExpression().withKey("rank").withOperator(operator).withValues(values)
        .endMatchExpression().endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(0).endStatus().build();
  }

  @Test
  void aBudgetSelectorWithGtDoesNotBehaveLikeNodeAffinity() {
    ClusterSnapshot snapshot = SnapshotReader.read(new ClusterObjects(List.of(), List.of(pod()),
        List.of(budget("gt", "Gt", "1"), budget("lt", "Lt", "9"), budget("in", "In", "5")),
        List.of(), List.of(), List.of(), null));
    PodInfo pod = snapshot.pods().get(0);

    // As node affinity, "rank Gt 1" holds on a node labelled rank=5 and fails on one labelled rank=1.
    assertThat(SchedulingPredicates.labelsOrTaintsMismatch(PodShape.of(pod), Map.of("rank", "5"), List.of()))
        .isNull();
    assertThat(SchedulingPredicates.labelsOrTaintsMismatch(PodShape.of(pod), Map.of("rank", "1"), List.of()))
        .contains("node affinity");
    // As a PodDisruptionBudget selector the same expression is invalid and covers no pod, as in the Eviction API;
    // a valid In selector on the same label does.
    assertThat(snapshot.budgets()).extracting(DisruptionBudget::name).containsExactly("gt", "lt", "in");
    assertThat(snapshot.budgets()).filteredOn(b -> b.covers(pod)).extracting(DisruptionBudget::name)
        .containsExactly("in");
  }

  @Test
  void budgetSelectorsFollowLabelSelectorRules() {
    assertThat(SnapshotReader.budgetSelector(new LabelSelector()).matches(RANKED)).as("empty: every pod").isTrue();
    assertThat(SnapshotReader.budgetSelector(null).matches(RANKED)).as("absent: no pod").isFalse();
    LabelSelector all = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web"))
        .addNewMatchExpression().withKey("rank").withOperator("NotIn").withValues("1").endMatchExpression()
        .addNewMatchExpression().withKey("rank").withOperator("Exists").endMatchExpression()
        .addNewMatchExpression().withKey("gone").withOperator("DoesNotExist").endMatchExpression().build();
    assertThat(SnapshotReader.budgetSelector(all).matches(RANKED)).isTrue();
    assertThat(SnapshotReader.budgetSelector(all).matches(Map.of("app", "web", "rank", "1"))).isFalse();
  }
}
