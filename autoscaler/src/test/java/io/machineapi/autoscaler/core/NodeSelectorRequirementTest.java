package io.machineapi.autoscaler.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSelectorRequirementTest {
  private static final Map<String, String> NODE = Map.of("zone", "a", "cores", "8");

  private static boolean node(String key, String operator, String... values) {
    return new NodeSelectorRequirement(key, operator, List.of(values)).matches(NODE);
  }

  @Test
  void setOperatorsLikeLabelSelectors() {
    assertThat(node("zone", "In", "a", "b")).isTrue();
    assertThat(node("zone", "In", "b")).isFalse();
    assertThat(node("missing", "In", "a")).isFalse();
    assertThat(node("zone", "NotIn", "b")).isTrue();
    assertThat(node("zone", "NotIn", "a")).isFalse();
    assertThat(node("missing", "NotIn", "a")).isTrue();
    assertThat(node("zone", "Exists")).isTrue();
    assertThat(node("missing", "Exists")).isFalse();
    assertThat(node("missing", "DoesNotExist")).isTrue();
    assertThat(node("zone", "DoesNotExist")).isFalse();
  }

  @Test
  void gtAndLtCompareIntegerLabels() {
    assertThat(node("cores", "Gt", "4")).isTrue();
    assertThat(node("cores", "Gt", "8")).isFalse();
    assertThat(node("cores", "Lt", "16")).isTrue();
    assertThat(node("cores", "Lt", "8")).isFalse();
    assertThat(node("zone", "Gt", "1")).as("label not an integer").isFalse();
    assertThat(node("missing", "Lt", "9")).as("label absent").isFalse();
  }

  @Test
  void invalidExpressionsMatchNoNode() {
    assertThat(node("cores", "Gt", "x")).as("Gt value not an integer").isFalse();
    assertThat(node("cores", "Gt", "1", "2")).as("Gt with two values").isFalse();
    assertThat(node("zone", "In")).as("In without values").isFalse();
    assertThat(node("zone", "Exists", "a")).as("Exists with a value").isFalse();
    assertThat(node("zone", "Like", "a")).as("unknown operator").isFalse();
    assertThat(node("zone", "in", "a")).as("operators are case-sensitive").isFalse();
  }

  @Test
  void termsAreOredAndExpressionsAnded() {
    NodeSelectorRequirement zoneA = new NodeSelectorRequirement("zone", "In", List.of("a"));
    NodeSelectorRequirement big = new NodeSelectorRequirement("cores", "Gt", List.of("16"));
    assertThat(NodeSelectorRequirement.anyTermMatches(List.of(), NODE)).isTrue();
    assertThat(NodeSelectorRequirement.anyTermMatches(List.of(List.of(zoneA, big)), NODE)).isFalse();
    assertThat(NodeSelectorRequirement.anyTermMatches(List.of(List.of(big), List.of(zoneA)), NODE)).isTrue();
    assertThat(zoneA).isEqualTo(new NodeSelectorRequirement("zone", "In", List.of("a")))
        .hasSameHashCodeAs(new NodeSelectorRequirement("zone", "In", List.of("a")));
  }
}
