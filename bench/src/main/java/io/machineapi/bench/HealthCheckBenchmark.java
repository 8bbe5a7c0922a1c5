package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineHealthCheckSpec;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.api.machine.v1beta1.UnhealthyCondition;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.healthcheck.MachineHealthCheckReconciler;
import io.machineapi.crds.CustomResourceDefinitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * MachineHealthCheck at scale: N Machines with Ready Nodes (played by the benchmark, with only the MHC controller
 * running), then K Nodes turn NotReady at once; measures the lag from each timeout's expiry to the moment its
 * Machine is seen with a deletionTimestamp, then checks that with M NotReady and {@code maxUnhealthy: 40%} nothing
 * is remediated.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
    description = "N machines, K turn NotReady with a timeout: lag from timeout expiry to deletionTimestamp "
        + "(p50/p99/max); then M NotReady with maxUnhealthy 40% must give zero remediations.")
final class HealthCheckBenchmark implements Callable<Integer> {
  @Option(names = "--machines", description = "N (default ${DEFAULT-VALUE})")
  int machines = 1000;
  @Option(names = "--unhealthy", description = "K, Nodes turning NotReady in phase 1 (default ${DEFAULT-VALUE})")
  int unhealthy = 100;
  @Option(names = "--storm", description = "M, Nodes NotReady in phase 2 (default ${DEFAULT-VALUE})")
  int storm = 500;
  @Option(names = "--timeout-seconds", description = "unhealthy-condition timeout (default ${DEFAULT-VALUE})")
  int timeoutSeconds = 60;

  private final Map<String, Instant> deletionSeen = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    EmbeddedApiServer api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    KubernetesClient client = api.client();
    int phase1 = measureLag(client, "lag", unhealthy, "100%");
    int phase2 = stormHoldsBack(client);
    System.exit(phase1 == 0 && phase2 == 0 ? 0 : 1);
    return 0;
  }

  private int measureLag(KubernetesClient client, String ns, int sick, String maxUnhealthy) throws Exception {
    populate(client, ns);
    SharedIndexInformer<Machine> informer = watchDeletions(client, ns);
    Operator operator = startController(client);
    try {
      createHealthCheck(client, ns, maxUnhealthy);
      awaitFirstEvaluation(client, ns);
      Instant transition = Instant.now();
      markNotReady(client, ns, sick, transition);
      Instant expiry = transition.plusSeconds(timeoutSeconds);
      long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds + 60).toNanos();
      while (deletionSeen.size() < sick && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      List<Long> lags = deletionSeen.values().stream().map(seen -> Duration.between(expiry, seen).toMillis())
          .sorted().toList();
      System.out.printf("| phase | N | NotReady | timeout | remediated | lag p50 | lag p99 | lag max | early |%n");
      System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
      System.out.printf("| 1: lag | %d | %d | %d s | %d | %d ms | %d ms | %d ms | %d |%n", machines, sick,
          timeoutSeconds, lags.size(), percentile(lags, 50), percentile(lags, 99),
          lags.isEmpty() ? -1 : lags.get(lags.size() - 1), lags.stream().filter(l -> l < 0).count());
      return lags.size() == sick && lags.stream().allMatch(l -> l >= 0) ? 0 : 1;
    } finally {
      operator.stop();
      informer.close();
    }
  }

  private int stormHoldsBack(KubernetesClient client) throws Exception {
    String ns = "storm";
    deletionSeen.clear();
    populate(client, ns);
    SharedIndexInformer<Machine> informer = watchDeletions(client, ns);
    Operator operator = startController(client);
    try {
      createHealthCheck(client, ns, "40%");
      awaitFirstEvaluation(client, ns);
      markNotReady(client, ns, storm, Instant.now());
      Thread.sleep(Duration.ofSeconds(timeoutSeconds + 10).toMillis());
      MachineHealthCheck mhc = client.resources(MachineHealthCheck.class).inNamespace(ns).withName("mhc").get();
      System.out.printf("| 2: storm | %d | %d | %d s | %d | maxUnhealthy 40%%: RemediationAllowed=%s, "
              + "remediationsAllowed=%s | | | |%n", machines, storm, timeoutSeconds, deletionSeen.size(),
          mhc.getStatus().getConditions().stream().filter(c -> c.getType().equals("RemediationAllowed"))
              .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse("?"),
          mhc.getStatus().getRemediationsAllowed());
      return deletionSeen.isEmpty() ? 0 : 1;
    } finally {
      operator.stop();
      informer.close();
    }
  }

  /** Waits until the MHC has counted all its healthy targets once (that evaluation is not measured). */
  private void awaitFirstEvaluation(KubernetesClient client, String ns) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      MachineHealthCheck mhc = client.resources(MachineHealthCheck.class).inNamespace(ns).withName("mhc").get();
      if (mhc.getStatus() != null && Integer.valueOf(machines).equals(mhc.getStatus().getCurrentHealthy())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the MachineHealthCheck never counted " + machines + " healthy machines");
  }

  private SharedIndexInformer<Machine> watchDeletions(KubernetesClient client, String ns) {
    return client.resources(Machine.class).inNamespace(ns).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Machine m) {
        seen(m);
      }

      @Override
      public void onUpdate(Machine before, Machine m) {
        seen(m);
      }

      @Override
      public void onDelete(Machine m, boolean unknown) {
        seen(m);
      }

      private void seen(Machine m) {
        if (m.getMetadata().getDeletionTimestamp() != null) {
          deletionSeen.putIfAbsent(m.getMetadata().getName(), Instant.now());
        }
      }
    });
  }

  private static Operator startController(KubernetesClient client) {
    Operator operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
    operator.register(new MachineHealthCheckReconciler(client, new EventRecorder(client, Clock.systemUTC()),
        new SimpleMeterRegistry(), Clock.systemUTC()));
    operator.start();
    return operator;
  }

  /** N Machines (held by a finalizer, so their deletionTimestamp can be observed) with Ready Nodes. */
  private void populate(KubernetesClient client, String ns) throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("set").withNamespace(ns).build());
    MachineSetSpec setSpec = new MachineSetSpec();
    setSpec.setReplicas(machines);
    setSpec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "worker")).build());
    set.setSpec(setSpec);
    String uid = client.resources(MachineSet.class).inNamespace(ns).resource(set).create().getMetadata().getUid();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < machines; i++) {
        String name = "m-" + i;
        done.add(pool.submit(() -> {
          String nodeName = ns + "-" + name;
          client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
              .withNewStatus().addNewCondition().withType("Ready").withStatus("True")
              .withLastTransitionTime(Instant.now().minusSeconds(3600).toString()).endCondition().endStatus()
              .build()).create();
          Machine machine = new Machine();
          machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
              .withLabels(Map.of("role", "worker")).withFinalizers("bench/hold")
              .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("machine.openshift.io/v1beta1")
                  .withKind("MachineSet").withName("set").withUid(uid).withController(true).build()).build());
          Machine created = client.resources(Machine.class).inNamespace(ns).resource(machine).create();
          MachineStatus status = new MachineStatus();
          status.setNodeRef(new ObjectReferenceBuilder().withKind("Node").withName(nodeName).build());
          created.setStatus(status);
          client.resources(Machine.class).inNamespace(ns).resource(created).updateStatus();
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void markNotReady(KubernetesClient client, String ns, int count, Instant transition) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String node = ns + "-m-" + i;
        done.add(pool.submit(() -> client.nodes().withName(node).editStatus(n -> new NodeBuilder(n).editStatus()
            .withConditions().addNewCondition().withType("Ready").withStatus("False")
            .withLastTransitionTime(transition.toString()).endCondition().endStatus().build())));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void createHealthCheck(KubernetesClient client, String ns, String maxUnhealthy) {
    MachineHealthCheck mhc = new MachineHealthCheck();
    mhc.setMetadata(new ObjectMetaBuilder().withName("mhc").withNamespace(ns).build());
    MachineHealthCheckSpec spec = new MachineHealthCheckSpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "worker")).build());
    spec.setUnhealthyConditions(List.of(new UnhealthyCondition("Ready", "False", timeoutSeconds + "s")));
    spec.setMaxUnhealthy(new IntOrString(maxUnhealthy));
    mhc.setSpec(spec);
    client.resources(MachineHealthCheck.class).inNamespace(ns).resource(mhc).create();
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
