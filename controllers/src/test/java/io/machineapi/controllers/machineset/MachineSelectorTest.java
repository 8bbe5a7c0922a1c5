package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineSelectorTest {

  @Test
  void canonicalFormSortsByKeyLikeFormatLabelSelector() {
    LabelSelector selector = new LabelSelectorBuilder()
        .withMatchLabels(Map.of("z", "1", "b", "2"))
        .addNewMatchExpression().withKey("c").withOperator("NotIn").withValues("y", "x", "x").endMatchExpression()
        .addNewMatchExpression().withKey("a").withOperator("Exists").endMatchExpression()
        .addNewMatchExpression().withKey("d").withOperator("DoesNotExist").endMatchExpression()
        .build();
    assertThat(MachineSelector.of(selector).canonical()).isEqualTo("a,b=2,c notin (x,y),!d,z=1");
  }

  @Test
  void matchesEveryOperator() {
    MachineSelector selector = MachineSelector.of(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("set", "w"))
        .addNewMatchExpression().withKey("zone").withOperator("In").withValues("a", "b").endMatchExpression()
        .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("x").endMatchExpression()
        .addNewMatchExpression().withKey("role").withOperator("Exists").endMatchExpression()
        .addNewMatchExpression().withKey("gone").withOperator("DoesNotExist").endMatchExpression()
        .build());
    assertThat(selector.matches(Map.of("set", "w", "zone", "a", "role", ""))).isTrue();
    assertThat(selector.matches(Map.of("set", "w", "zone", "c", "role", ""))).isFalse();
    assertThat(selector.matches(Map.of("set", "w", "zone", "a", "role", "", "tier", "x"))).isFalse();
    assertThat(selector.matches(Map.of("set", "w", "zone", "a"))).isFalse();
    assertThat(selector.matches(Map.of("set", "w", "zone", "a", "role", "", "gone", "1"))).isFalse();
    assertThat(selector.matches(Map.of("set", "v", "zone", "a", "role", ""))).isFalse();
  }

  @Test
  void emptyOrBrokenSelectorMatchesNothingAndSaysWhy() {
    MachineSelector empty = MachineSelector.of(new LabelSelector());
    assertThat(empty.matches(Map.of("a", "b"))).isFalse();
    assertThat(empty.problem()).contains("spec.selector must not be empty");
    MachineSelector badOperator = MachineSelector.of(new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("a").withOperator("Like").endMatchExpression().build());
    assertThat(badOperator.problem()).hasValueSatisfying(p -> assertThat(p).contains("\"Like\""));
    assertThat(badOperator.matches(Map.of("a", "b"))).isFalse();
    assertThat(badOperator.canonical()).isEmpty();
  }

  @Test
  void nodeAffinityOperatorsAndBadSyntaxAreRefused() {
    MachineSelector greaterThan = MachineSelector.of(new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("rank").withOperator("Gt").withValues("1").endMatchExpression().build());
    assertThat(greaterThan.problem()).contains("spec.selector: \"Gt\" is not a valid label selector operator");
    assertThat(greaterThan.matches(Map.of("rank", "5"))).isFalse();
    MachineSelector noValues = MachineSelector.of(new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("zone").withOperator("In").endMatchExpression().build());
    assertThat(noValues.problem()).hasValueSatisfying(p -> assertThat(p).contains("values set can't be empty"));
    MachineSelector badKey = MachineSelector.of(new LabelSelectorBuilder().withMatchLabels(Map.of("a b", "1")).build());
    assertThat(badKey.problem()).hasValueSatisfying(p -> assertThat(p).contains("\"a b\""));
    assertThat(badKey.matches(Map.of("a b", "1"))).isFalse();
  }

  @Test
  void nullIsTheEmptySelector() {
    assertThat(MachineSelector.of(null).isEmpty()).isTrue();
    assertThat(MachineSelector.of(null)).isEqualTo(MachineSelector.of(new LabelSelector()));
    assertThat(MachineSelector.of(null).matches(Map.of())).isFalse();
  }
}
