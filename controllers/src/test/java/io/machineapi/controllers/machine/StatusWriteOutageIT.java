package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.apiserver.Faults;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API server answers 500 to every Machine status write for a minute, then recovers: the Machine controller keeps
 * retrying with backoff (it never gives up after a few attempts) and the Machines converge with no outside event.
 * Runs with the production retry policy ({@code ControllerRetry}), so it takes about two minutes.
 */
class StatusWriteOutageIT {
  static ScriptedSimProvider provider;
  static MachineControllerHarness h;

  @BeforeAll
  static void start() {
    provider = new ScriptedSimProvider();
    h = new MachineControllerHarness(provider, Map.of(), ControllerSettings.defaults(),
        request -> new DrainResult.Complete("nothing to evict"));
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void machinesConvergeAfterAMinuteOfFailedStatusWrites() {
    Faults.Rule outage = h.api.faults().fail("PATCH", "/machines/[^/?]+/status", 500, "InternalError",
        "etcdserver: request timed out");
    Faults.Rule outagePut = h.api.faults().fail("PUT", "/machines/[^/?]+/status", 500, "InternalError",
        "etcdserver: request timed out");
    Instant start = Instant.now();
    List<String> names = List.of("outage-0", "outage-1", "outage-2");
    names.forEach(name -> h.create(simMachine(name, v -> {})));

    await().atMost(Duration.ofSeconds(90)).until(() -> Duration.between(start, Instant.now()).toSeconds() >= 60
        && outage.hits().get() + outagePut.hits().get() >= 3 * 5);
    // Nothing got past the first status write, so nothing was created in the cloud.
    assertThat(names).allSatisfy(name -> assertThat(h.phase(name)).isNull());
    assertThat(names).allSatisfy(name -> assertThat(provider.creates(name)).isZero());
    assertThat(h.events("outage-0")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(EventRecorder.RECONCILE_ERROR);
      assertThat(e.getMessage()).contains("500");
    });

    h.api.faults().clear();
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(names)
        .allSatisfy(name -> assertThat(h.phase(name)).isEqualTo(MachinePhases.PROVISIONED)));
    assertThat(names).allSatisfy(name -> assertThat(provider.creates(name)).isEqualTo(1));
  }
}
