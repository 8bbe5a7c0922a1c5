package io.machineapi.autoscaler.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSelectorRequirementTest {
  private static final Map<String, String> NODE = Map.of("zone", "a", "cores", "8");

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "zone    | In           | a;b | true",
      "zone    | In           | b   | false",
      "missing | In           | a   | false",
      "zone    | NotIn        | b   | true",
      "zone    | NotIn        | a   | false",
      "missing | NotIn        | a   | true",
      "zone    | Exists       |     | true",
      "missing | Exists       |     | false",
      "missing | DoesNotExist |     | true",
      "zone    | DoesNotExist |     | false",
      "cores   | Gt           | 4   | true",
      "cores   | Gt           | 8   | false",
      "cores   | Lt           | 16  | true",
      "cores   | Lt           | 8   | false",
      "zone    | Gt           | 1   | false",
      "missing | Lt           | 9   | false",
      "cores   | Gt           | x   | false",
      "cores   | Gt           | 1;2 | false",
      "zone    | In           |     | false",
      "zone    | Exists       | a   | false",
      "zone    | Like         | a   | false",
      "zone    | in           | a   | false",
  })
  void matchesLikeNodeAffinity(String key, String operator, String values, boolean expected) {
    List<String> list = values == null ? List.of() : List.of(values.split(";"));
    assertThat(new NodeSelectorRequirement(key, operator, list).matches(NODE)).isEqualTo(expected);
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
