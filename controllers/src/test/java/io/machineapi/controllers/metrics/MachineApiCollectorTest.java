package io.machineapi.controllers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MachineApiCollectorTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Machine> machines = new ArrayList<>();
  private final List<MachineSet> machineSets = new ArrayList<>();
  private final AtomicBoolean setsCached = new AtomicBoolean(true);

  MachineApiCollectorTest() {
    registry.getPrometheusRegistry().register(new MachineApiCollector(() -> Optional.of(List.copyOf(machines)),
        () -> setsCached.get() ? Optional.of(List.copyOf(machineSets)) : Optional.empty()));
  }

  private static ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace("openshift-machine-api")
        .withCreationTimestamp("2026-01-02T03:04:05Z").build();
  }

  private static Machine machine(String name, String providerId, String node, String phase) {
    Machine machine = new Machine();
    machine.setMetadata(metadata(name));
    machine.setSpec(new MachineSpec());
    machine.getSpec().setProviderID(providerId);
    machine.setStatus(new MachineStatus());
    machine.getStatus().setPhase(phase);
    if (node != null) {
      machine.getStatus().setNodeRef(new ObjectReferenceBuilder().withKind("Node").withName(node).build());
    }
    return machine;
  }

  /** A MachineSet whose status counts are {@code counts}: replicas, ready, available (null = unset). */
  private static MachineSet machineSet(String name, Integer... counts) {
    MachineSet set = new MachineSet();
    set.setMetadata(metadata(name));
    set.setStatus(new MachineSetStatus());
    set.getStatus().setReplicas(counts[0]);
    set.getStatus().setReadyReplicas(counts[1]);
    set.getStatus().setAvailableReplicas(counts[2]);
    return set;
  }

  @Test
  void reportsEachMachineWithOpenShiftsLabelsAndTheCounts() {
    machines.add(machine("w-1", "sim:///us-east-1a/i-1", "node-1", "Running"));
    machines.add(machine("w-2", null, null, "Provisioning"));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("mapi_machine_items 2.0")
        .contains("mapi_machine_created_timestamp_seconds{api_version=\"machine.openshift.io/v1beta1\","
            + "name=\"w-1\",namespace=\"openshift-machine-api\",node=\"node-1\",phase=\"Running\","
            + "spec_provider_id=\"sim:///us-east-1a/i-1\"} 1.767323045E9")
        .contains("mapi_machine_created_timestamp_seconds{api_version=\"machine.openshift.io/v1beta1\","
            + "name=\"w-2\",namespace=\"openshift-machine-api\",node=\"\",phase=\"Provisioning\","
            + "spec_provider_id=\"\"}")
        .contains("mapi_mao_collector_up{kind=\"mapi_machine_items\"} 1.0")
        .contains("mapi_machineset_items 0.0");
  }

  @Test
  void reportsEachMachineSetsStatusReplicas() {
    machineSets.add(machineSet("workers", 3, 2, 1));
    machineSets.add(machineSet("fresh", null, null, null));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("mapi_machineset_items 2.0")
        .contains("mapi_machine_set_status_replicas{name=\"workers\",namespace=\"openshift-machine-api\"} 3.0")
        .contains("mapi_machine_set_status_replicas_ready{name=\"workers\",namespace=\"openshift-machine-api\"} 2.0")
        .contains("mapi_machine_set_status_replicas_available{name=\"workers\",namespace=\"openshift-machine-api\"}"
            + " 1.0")
        .contains("mapi_machine_set_status_replicas{name=\"fresh\",namespace=\"openshift-machine-api\"} 0.0")
        .contains("mapi_machineset_created_timestamp_seconds{api_version=\"machine.openshift.io/v1beta1\","
            + "name=\"workers\",namespace=\"openshift-machine-api\"} 1.767323045E9");
  }

  @Test
  void aCacheThatCannotBeReadIsReportedDownWithoutItsSeries() {
    machineSets.add(machineSet("workers", 3, 2, 1));
    setsCached.set(false);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("mapi_mao_collector_up{kind=\"mapi_machineset_items\"} 0.0")
        .contains("mapi_mao_collector_up{kind=\"mapi_machine_items\"} 1.0")
        .doesNotContain("mapi_machineset_items ")
        .doesNotContain("mapi_machine_set_status_replicas");
  }

  @Test
  void theSeriesFollowTheCacheFromOneScrapeToTheNext() {
    machines.add(machine("w-1", null, null, "Provisioning"));
    assertThat(registry.scrape()).contains("phase=\"Provisioning\"");

    machines.set(0, machine("w-1", "sim:///i-1", "node-1", "Running"));
    String scrape = registry.scrape();

    assertThat(scrape).contains("phase=\"Running\"").doesNotContain("phase=\"Provisioning\"");
  }
}
