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
 * tagged with the MHC's {@code name} and {@code namespace}. An MHC's series are removed when it is deleted.
 */
final class HealthCheckMetrics {
  static final String NODES_COVERED = "mapi_machinehealthcheck_nodes_covered";
  static final String SHORT_CIRCUIT = "mapi_machinehealthcheck_short_circuit";
  /** The Prometheus registry adds the _total suffix to counters. */
  static final String REMEDIATION_SUCCESS = "mapi_machinehealthcheck_remediation_success";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> covered = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> shortCircuit = new ConcurrentHashMap<>();

  HealthCheckMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void observe(String namespace, String name, int nodesCovered, boolean shortCircuited) {
    gauge(covered, NODES_COVERED, namespace, name).set(nodesCovered);
    gauge(shortCircuit, SHORT_CIRCUIT, namespace, name).set(shortCircuited ? 1 : 0);
  }

  void remediated(String namespace, String name) {
    Counter.builder(REMEDIATION_SUCCESS).tags(tags(namespace, name)).register(registry)
        .increment();
  }

  /** Removes every series of the MHC (it was deleted). */
  void forget(String namespace, String name) {
    covered.remove(namespace + "/" + name);
    shortCircuit.remove(namespace + "/" + name);
    for (String metric : new String[] {NODES_COVERED, SHORT_CIRCUIT, REMEDIATION_SUCCESS}) {
      registry.find(metric).tags(tags(namespace, name)).meters().forEach(registry::remove);
    }
  }

  private AtomicInteger gauge(Map<String, AtomicInteger> gauges, String metric, String namespace, String name) {
    return gauges.computeIfAbsent(namespace + "/" + name,
        k -> registry.gauge(metric, tags(namespace, name), new AtomicInteger()));
  }

  private static Tags tags(String namespace, String name) {
    return Tags.of("namespace", namespace, "name", name);
  }
}
