package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.TestObjects.node;
import static io.machineapi.controllers.machineset.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import io.machineapi.api.machine.v1beta1.MachineTemplateSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineSetStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final Map<String, Node> nodes = new HashMap<>();
  private final MachineSetStatusCalculator calculator = new MachineSetStatusCalculator(
      Clock.fixed(NOW, ZoneOffset.UTC), name -> Optional.ofNullable(nodes.get(name)));

  private static MachineSet set(int minReadySeconds) {
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("ns").withGeneration(7L).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(4);
    spec.setMinReadySeconds(minReadySeconds);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("set", "a"))
        .addNewMatchExpression().withKey("zone").withOperator("In").withValues("b", "a").endMatchExpression()
        .build());
    MachineObjectMeta meta = new MachineObjectMeta();
    meta.setLabels(Map.of("set", "a", "role", "worker"));
    MachineTemplateSpec template = new MachineTemplateSpec();
    template.setMetadata(meta);
    spec.setTemplate(template);
    set.setSpec(spec);
    return set;
  }

  private Machine machine(String name, String ready, Duration readyFor) {
    Machine machine = running(name, NOW.minus(Duration.ofDays(1)));
    machine.getMetadata().setLabels(Map.of("set", "a", "role", "worker"));
    if (ready != null) {
      nodes.put(name, node(name, ready, NOW.minus(readyFor)));
    }
    return machine;
  }

  @Test
  void countsFollowNodeReadinessAndMinReadySeconds() {
    Machine longReady = machine("long", "True", Duration.ofSeconds(120));
    Machine justReady = machine("just", "True", Duration.ofSeconds(20));
    Machine notReady = machine("unknown", "Unknown", Duration.ofSeconds(500));
    Machine noNode = machine("nonode", null, Duration.ZERO);
    noNode.getMetadata().setLabels(Map.of("set", "a"));

    MachineSetStatusCalculator.Computed computed =
        calculator.compute(set(60), List.of(longReady, justReady, notReady, noNode), Optional.empty());

    MachineSetStatus status = computed.status();
    assertThat(status.getReplicas()).isEqualTo(4);
    assertThat(status.getFullyLabeledReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(2);
    assertThat(status.getAvailableReplicas()).isEqualTo(1);
    assertThat(status.getObservedGeneration()).isEqualTo(7L);
    assertThat(status.getLabelSelector()).isEqualTo("set=a,zone in (a,b)");
    assertThat(status.getErrorReason()).isNull();
    assertThat(computed.recheckAfter()).contains(Duration.ofSeconds(40));
  }

  @Test
  void withoutMinReadySecondsEveryReadyMachineIsAvailableAndNoRecheck() {
    MachineSetStatusCalculator.Computed computed = calculator.compute(set(0),
        List.of(machine("a", "True", Duration.ZERO), machine("b", "False", Duration.ZERO)), Optional.empty());
    assertThat(computed.status().getReadyReplicas()).isEqualTo(1);
    assertThat(computed.status().getAvailableReplicas()).isEqualTo(1);
    assertThat(computed.recheckAfter()).isEmpty();
  }

  @Test
  void invalidSetGetsErrorReasonAndKeepsConditions() {
    MachineSet set = set(0);
    MachineSetStatus current = new MachineSetStatus();
    current.setConditions(List.of());
    set.setStatus(current);
    MachineSetStatus status = calculator.compute(set, List.of(), Optional.of("bad selector")).status();
    assertThat(status.getErrorReason()).isEqualTo("InvalidConfiguration");
    assertThat(status.getErrorMessage()).isEqualTo("bad selector");
    assertThat(status.getConditions()).isNotNull();
    assertThat(MachineSetStatusCalculator.same(status, current)).isFalse();
    assertThat(MachineSetStatusCalculator.same(status,
        calculator.compute(set, List.of(), Optional.of("bad selector")).status())).isTrue();
  }
}
