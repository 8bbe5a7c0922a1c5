package io.machineapi.controllers.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenShift machine-api-operator's Machine and MachineSet collector, under the same names and labels, computed at
 * each scrape from the Machine and MachineSet controllers' informer caches (no API call):
 * <ul>
 *   <li>{@value #MACHINE_ITEMS} and {@value #MACHINESET_ITEMS}: how many are cached;</li>
 *   <li>{@value #MACHINE_CREATED}: per Machine its creation time, labelled {@code name}, {@code namespace},
 *       {@code spec_provider_id}, {@code node}, {@code api_version}, {@code phase};</li>
 *   <li>{@value #MACHINESET_CREATED}: per MachineSet its creation time, labelled {@code name}, {@code namespace},
 *       {@code api_version};</li>
 *   <li>{@value #REPLICAS}, {@value #REPLICAS_AVAILABLE}, {@value #REPLICAS_READY}: per MachineSet its status
 *       counts, labelled {@code name}, {@code namespace};</li>
 *   <li>{@value #COLLECTOR_UP}: per {@code kind} ({@code mapi_machine_items}, {@code mapi_machineset_items}) 1 when
 *       the cache could be read, 0 when it is not running (the controller has not started, or has stopped); a kind
 *       that is down reports none of its other series.</li>
 * </ul>
 * The series exist only in a {@link PrometheusMeterRegistry}: a Micrometer meter cannot appear and disappear with
 * the objects it describes between two scrapes.
 */
public final class MachineApiCollector implements MultiCollector {
  static final String MACHINE_ITEMS = "mapi_machine_items";
  static final String MACHINESET_ITEMS = "mapi_machineset_items";
  static final String MACHINE_CREATED = "mapi_machine_created_timestamp_seconds";
  static final String MACHINESET_CREATED = "mapi_machineset_created_timestamp_seconds";
  static final String REPLICAS = "mapi_machine_set_status_replicas";
  static final String REPLICAS_AVAILABLE = "mapi_machine_set_status_replicas_available";
  static final String REPLICAS_READY = "mapi_machine_set_status_replicas_ready";
  static final String COLLECTOR_UP = "mapi_mao_collector_up";

  private final Supplier<Optional<List<Machine>>> machines;
  private final Supplier<Optional<List<MachineSet>>> machineSets;

  /**
   * @param machines the cached Machines, or empty when the cache cannot be read
   * @param machineSets the cached MachineSets, or empty when the cache cannot be read
   */
  public MachineApiCollector(Supplier<Optional<List<Machine>>> machines,
      Supplier<Optional<List<MachineSet>>> machineSets) {
    this.machines = machines;
    this.machineSets = machineSets;
  }

  /**
   * Registers a collector reading the primary caches of the given Machine and MachineSet controllers with
   * {@code meters}, if it is a Prometheus registry; does nothing otherwise.
   */
  public static void bind(MeterRegistry meters, RegisteredController<Machine> machineController,
      RegisteredController<MachineSet> machineSetController) {
    if (meters instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(new MachineApiCollector(cached(machineController),
          cached(machineSetController)));
    }
  }

  /** The objects in a controller's primary cache while its informers run. */
  static <T extends HasMetadata> Supplier<Optional<List<T>>> cached(RegisteredController<T> registered) {
    if (!(registered instanceof Controller<T> controller)) {
      return Optional::empty;
    }
    return () -> {
      ControllerEventSource<T> source = controller.getEventSourceManager().getControllerEventSource();
      return source.isRunning() ? Optional.of(source.list(o -> true).toList()) : Optional.empty();
    };
  }

  @Override
  public MetricSnapshots collect() {
    List<GaugeSnapshot> snapshots = new ArrayList<>();
    GaugeSnapshot.Builder up = GaugeSnapshot.builder().name(COLLECTOR_UP)
        .help("Machine API Operator metrics are being collected and reported successfully");
    Optional<List<Machine>> machineList = machines.get();
    up.dataPoint(point(machineList.isPresent() ? 1 : 0, "kind", MACHINE_ITEMS));
    machineList.ifPresent(list -> collectMachines(list, snapshots));
    Optional<List<MachineSet>> machineSetList = machineSets.get();
    up.dataPoint(point(machineSetList.isPresent() ? 1 : 0, "kind", MACHINESET_ITEMS));
    machineSetList.ifPresent(list -> collectMachineSets(list, snapshots));
    snapshots.add(up.build());
    return new MetricSnapshots(List.copyOf(snapshots));
  }

  private static void collectMachines(List<Machine> list, List<GaugeSnapshot> snapshots) {
    GaugeSnapshot.Builder created = GaugeSnapshot.builder().name(MACHINE_CREATED)
        .help("Timestamp of the mapi managed Machine creation time");
    for (Machine machine : list) {
      var spec = machine.getSpec();
      var status = machine.getStatus();
      created.dataPoint(point(createdSeconds(machine), "name", machine.getMetadata().getName(),
          "namespace", machine.getMetadata().getNamespace(),
          "spec_provider_id", spec == null ? null : spec.getProviderID(),
          "node", status == null || status.getNodeRef() == null ? null : status.getNodeRef().getName(),
          "api_version", apiVersion(machine),
          "phase", status == null ? null : status.getPhase()));
    }
    snapshots.add(created.build());
    snapshots.add(GaugeSnapshot.builder().name(MACHINE_ITEMS)
        .help("Count of machine objects currently at the apiserver").dataPoint(point(list.size())).build());
  }

  private static void collectMachineSets(List<MachineSet> list, List<GaugeSnapshot> snapshots) {
    GaugeSnapshot.Builder created = GaugeSnapshot.builder().name(MACHINESET_CREATED)
        .help("Timestamp of the mapi managed Machineset creation time");
    GaugeSnapshot.Builder available = GaugeSnapshot.builder().name(REPLICAS_AVAILABLE)
        .help("Information of the mapi managed Machineset's status for available replicas");
    GaugeSnapshot.Builder ready = GaugeSnapshot.builder().name(REPLICAS_READY)
        .help("Information of the mapi managed Machineset's status for ready replicas");
    GaugeSnapshot.Builder replicas = GaugeSnapshot.builder().name(REPLICAS)
        .help("Information of the mapi managed Machineset's status for replicas");
    for (MachineSet set : list) {
      String name = set.getMetadata().getName();
      String namespace = set.getMetadata().getNamespace();
      var status = set.getStatus();
      created.dataPoint(point(createdSeconds(set), "name", name, "namespace", namespace,
          "api_version", apiVersion(set)));
      available.dataPoint(point(status == null ? 0 : count(status.getAvailableReplicas()), "name", name,
          "namespace", namespace));
      ready.dataPoint(point(status == null ? 0 : count(status.getReadyReplicas()), "name", name,
          "namespace", namespace));
      replicas.dataPoint(point(status == null ? 0 : count(status.getReplicas()), "name", name,
          "namespace", namespace));
    }
    snapshots.add(GaugeSnapshot.builder().name(MACHINESET_ITEMS).help("Count of machinesets at the apiserver")
        .dataPoint(point(list.size())).build());
    snapshots.add(created.build());
    snapshots.add(available.build());
    snapshots.add(ready.build());
    snapshots.add(replicas.build());
  }

  /** A data point; a null label value is exported as empty, as OpenShift does for an unset field. */
  private static GaugeDataPointSnapshot point(double value, String... labels) {
    String[] values = labels.clone();
    for (int i = 1; i < values.length; i += 2) {
      values[i] = values[i] == null ? "" : values[i];
    }
    return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(values)).build();
  }

  private static double createdSeconds(HasMetadata object) {
    String created = object.getMetadata().getCreationTimestamp();
    if (created == null) {
      return 0;
    }
    try {
      return Instant.parse(created).getEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** As the object was served; objects read from a list may lack it, then the type's own. */
  private static String apiVersion(HasMetadata object) {
    return object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass());
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
