package io.machineapi.controllers.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.machineapi.controllers.healthcheck.HealthCheckPolicy.UnhealthyRule;
import io.machineapi.controllers.healthcheck.HealthTarget.NodeCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final HealthCheckPolicy READY_5M = new HealthCheckPolicy(List.of(
      new UnhealthyRule("Ready", "False", Duration.ofMinutes(5)),
      new UnhealthyRule("Ready", "Unknown", Duration.ofMinutes(5))), Duration.ofMinutes(10), null);

  @Test
  void notReadyPastItsTimeoutIsUnhealthyAndRemediated() {
    HealthEvaluation e = HealthEvaluator.evaluate(READY_5M, List.of(ready("a"), notReady("b", 301)), NOW);

    assertThat(e.verdicts().get("b")).isInstanceOf(TargetVerdict.Unhealthy.class);
    assertThat(e.toRemediate()).containsExactly("b");
    assertThat(e.currentHealthy()).isEqualTo(1);
    assertThat(e.remediationsAllowed()).isEqualTo(1);
  }

  @Test
  void notReadyInsideItsTimeoutWaitsAndSchedulesTheExactExpiry() {
    HealthEvaluation e = HealthEvaluator.evaluate(READY_5M, List.of(ready("a"), notReady("b", 120)), NOW);

    assertThat(e.toRemediate()).isEmpty();
    assertThat(e.verdicts().get("b")).isInstanceOf(TargetVerdict.Waiting.class);
    assertThat(e.nextCheck()).contains(NOW.plusSeconds(180));
    assertThat(e.currentHealthy()).as("waiting counts as not healthy").isEqualTo(1);
  }

  @Test
  void machineWithoutNodeIsUnhealthyAfterNodeStartupTimeoutFromInstanceCreation() {
    HealthTarget starting = new HealthTarget("s", false, false, Optional.empty(), Optional.empty(),
        NOW.minus(Duration.ofMinutes(9)), false);
    HealthTarget stuck = new HealthTarget("t", false, false, Optional.empty(), Optional.empty(),
        NOW.minus(Duration.ofMinutes(10)), false);

    HealthEvaluation e = HealthEvaluator.evaluate(READY_5M, List.of(starting, stuck), NOW);

    assertThat(e.toRemediate()).containsExactly("t");
    assertThat(e.nextCheck()).contains(NOW.plus(Duration.ofMinutes(1)));
  }

  @Test
  void zeroNodeStartupTimeoutDisablesTheCheck() {
    HealthCheckPolicy policy = new HealthCheckPolicy(READY_5M.unhealthyConditions(), Duration.ZERO, null);
    HealthTarget stuck = new HealthTarget("t", false, false, Optional.empty(), Optional.empty(),
        NOW.minus(Duration.ofDays(1)), false);

    HealthEvaluation e = HealthEvaluator.evaluate(policy, List.of(stuck), NOW);

    assertThat(e.toRemediate()).isEmpty();
    assertThat(e.nextCheck()).isEmpty();
    assertThat(e.currentHealthy()).isZero();
  }

  @Test
  void tooManyUnhealthyShortCircuitsAndRecoversWhenOneHeals() {
    HealthCheckPolicy max2 = new HealthCheckPolicy(READY_5M.unhealthyConditions(), Duration.ofMinutes(10),
        new IntOrString(2));
    List<HealthTarget> threeOfFiveDown = List.of(ready("a"), ready("b"), notReady("c", 400), notReady("d", 400),
        notReady("e", 400));

    HealthEvaluation down = HealthEvaluator.evaluate(max2, threeOfFiveDown, NOW);
    HealthEvaluation healed = HealthEvaluator.evaluate(max2, List.of(ready("a"), ready("b"), ready("c"),
        notReady("d", 400), notReady("e", 400)), NOW);

    assertThat(down.shortCircuited()).isTrue();
    assertThat(down.toRemediate()).isEmpty();
    assertThat(down.remediationsAllowed()).isZero();
    assertThat(healed.shortCircuited()).isFalse();
    assertThat(healed.toRemediate()).containsExactly("d", "e");
  }

  @Test
  void fortyPercentOfFiveAllowsTwo() {
    HealthCheckPolicy pct = new HealthCheckPolicy(READY_5M.unhealthyConditions(), Duration.ofMinutes(10),
        new IntOrString("40%"));

    assertThat(HealthEvaluator.evaluate(pct, List.of(ready("a"), ready("b"), ready("c"), notReady("d", 400),
        notReady("e", 400)), NOW).toRemediate()).containsExactly("d", "e");
    assertThat(HealthEvaluator.evaluate(pct, List.of(ready("a"), ready("b"), notReady("c", 400), notReady("d", 400),
        notReady("e", 400)), NOW).shortCircuited()).isTrue();
  }

  @Test
  void failedMachinesAndVanishedNodesAreUnhealthyAtOnce() {
    HealthTarget failed = new HealthTarget("f", true, false, Optional.of("n-f"), Optional.of(Map.of()), NOW, false);
    HealthTarget nodeGone = new HealthTarget("g", false, false, Optional.of("n-g"), Optional.empty(), NOW, false);

    assertThat(HealthEvaluator.evaluate(READY_5M, List.of(failed, nodeGone), NOW).toRemediate())
        .containsExactly("f", "g");
  }

  @Test
  void deletingAndExternallyRemediatedTargetsAreNeitherHealthyNorRemediated() {
    HealthTarget deleting = new HealthTarget("d", false, true, Optional.of("n-d"),
        Optional.of(Map.of("Ready", new NodeCondition("False", NOW.minusSeconds(999)))), NOW, false);
    HealthTarget external = new HealthTarget("x", false, false, Optional.of("n-x"),
        Optional.of(Map.of("Ready", new NodeCondition("True", NOW))), NOW, true);

    HealthEvaluation e = HealthEvaluator.evaluate(READY_5M, List.of(deleting, external), NOW);

    assertThat(e.toRemediate()).isEmpty();
    assertThat(e.currentHealthy()).isZero();
  }

  @Test
  void unparsableMaxUnhealthyDisallowsRemediation() {
    HealthCheckPolicy bad = new HealthCheckPolicy(READY_5M.unhealthyConditions(), Duration.ofMinutes(10),
        new IntOrString("lots"));

    HealthEvaluation e = HealthEvaluator.evaluate(bad, List.of(notReady("a", 999)), NOW);

    assertThat(e.shortCircuited()).isTrue();
    assertThat(e.toRemediate()).isEmpty();
  }

  private static HealthTarget ready(String name) {
    return new HealthTarget(name, false, false, Optional.of("n-" + name),
        Optional.of(Map.of("Ready", new NodeCondition("True", NOW.minusSeconds(3600)))), NOW.minusSeconds(7200),
        false);
  }

  private static HealthTarget notReady(String name, long secondsAgo) {
    return new HealthTarget(name, false, false, Optional.of("n-" + name),
        Optional.of(Map.of("Ready", new NodeCondition("False", NOW.minusSeconds(secondsAgo)))),
        NOW.minusSeconds(7200), false);
  }
}
