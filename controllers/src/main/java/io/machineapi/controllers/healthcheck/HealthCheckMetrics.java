package io.machineapi.controllers.healthcheck;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenShift's MachineHealthCheck metrics, under their Prometheus names: {@code mapi_machinehealthcheck_nodes_covered},
 * {@code mapi_machinehealthcheck_remediation_success_total} and {@code mapi_machinehealthcheck_short_circuit}, each
 * tagged with the MHC's {@code name} and {@code namespace}.
 */
final class HealthCheckMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> covered = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> shortCircuit = new ConcurrentHashMap<>();

  HealthCheckMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void observe(String namespace, String name, int nodesCovered, boolean shortCircuited) {
    gauge(covered, "mapi_machinehealthcheck_nodes_covered", namespace, name).set(nodesCovered);
    gauge(shortCircuit, "mapi_machinehealthcheck_short_circuit", namespace, name).set(shortCircuited ? 1 : 0);
  }

  void remediated(String namespace, String name) {
    // the Prometheus registry adds the _total suffix to counters
    Counter.builder("mapi_machinehealthcheck_remediation_success").tags(tags(namespace, name)).register(registry)
        .increment();
  }

  private AtomicInteger gauge(Map<String, AtomicInteger> gauges, String metric, String namespace, String name) {
    return gauges.computeIfAbsent(namespace + "/" + name,
        k -> registry.gauge(metric, tags(namespace, name), new AtomicInteger()));
  }

  private static Tags tags(String namespace, String name) {
    return Tags.of("namespace", namespace, "name", name);
  }
}
