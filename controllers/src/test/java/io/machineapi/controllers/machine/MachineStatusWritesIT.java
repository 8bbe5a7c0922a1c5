package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.apiserver.RequestStats;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.spi.InstanceDetails;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one Machine's way to Running costs in Machine writes, with the status written once per pass at its end: at
 * most one status write per step (Provisioning, Provisioned, the running observation, Running) and three metadata
 * writes (finalizer, identity after create, instance-state running).
 */
class MachineStatusWritesIT {
  private MachineControllerHarness h;

  @BeforeEach
  void start() {
    h = new MachineControllerHarness(new ScriptedSimProvider(), Map.of(), ControllerSettings.defaults(),
        request -> new DrainResult.Complete("nothing to evict"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aMachineReachesRunningWithOneStatusWritePerStep() {
    RequestStats stats = h.api.requestStats();
    h.create(simMachine("writes-0", v -> {}));
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Machine m = h.get("writes-0");
      return MachinePhases.PROVISIONED.equals(h.phase("writes-0")) && m.getMetadata().getAnnotations() != null
          && "running".equals(m.getMetadata().getAnnotations().get(InstanceDetails.INSTANCE_STATE_ANNOTATION));
    });
    h.createNodeFor(h.get("writes-0"), "node-writes-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.RUNNING.equals(h.phase("writes-0")));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.client.nodes().withName("node-writes-0").get()
        .getMetadata().getAnnotations().containsKey(NodeMetadataSync.MACHINE_ANNOTATION));

    assertThat(stats.count("PATCH", "machines/status")).as("status writes: %s", stats.snapshot())
        .isBetween(3L, 4L);
    assertThat(stats.count("PATCH", "machines") + stats.count("PUT", "machines"))
        .as("metadata writes: %s", stats.snapshot()).isEqualTo(3);
    assertThat(stats.writes("nodes") - stats.count("POST", "nodes")).as("Node writes: %s", stats.snapshot())
        .isEqualTo(1);
  }
}
