package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.autoscaler.cluster.SettingsReader;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.NodeInfo;
import io.machineapi.autoscaler.core.PodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the autoscaler loop reads, held by fabric8 informers (one SharedIndexInformer per type, started once; each
 * lists once and then follows the watch): Nodes and Pods of every namespace, kept only as the core's
 * {@link NodeInfo}/{@link PodInfo} ({@link CompactStore}); PodDisruptionBudgets of every namespace; MachineSets and
 * Machines of the Machine API namespace (all when none is given); the ClusterAutoscalers; the Priority
 * expander ConfigMap. A pass builds its snapshot from these caches without a request.
 *
 * <p>A pod that becomes unschedulable ({@code PodScheduled=False}, reason {@code Unschedulable}, no nominated node),
 * a new ClusterAutoscaler and a ClusterAutoscaler whose spec changed call {@code wake} on the informer's
 * thread, after the cache holds it.
 */
final class ClusterCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

  /** What one pass reads from the caches. */
  record View(ClusterAutoscaler clusterAutoscaler, ConfigMap priorityConfig, ClusterSnapshot snapshot,
      List<ClusterAutoscaler> ignored) {}

  private final CompactStore<Node, NodeInfo> nodeStore;
  private final CompactStore<Pod, PodInfo> podStore;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<PodDisruptionBudget> budgets;
  private final SharedIndexInformer<MachineSet> machineSets;
  private final SharedIndexInformer<Machine> machines;
  private final SharedIndexInformer<ClusterAutoscaler> clusterAutoscalers;
  private final SharedIndexInformer<ConfigMap> priorityConfig;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private CompletableFuture<Void> synced;

  /**
   * @param client the client the informers list and watch with (its request timeout bounds each list)
   * @param machineNamespace namespace of the MachineSets and Machines, or null for all
   */
  ClusterCache(KubernetesClient client, String machineNamespace, Runnable wake) {
    nodeStore = new CompactStore<>(Node::new, n -> SnapshotReader.node(n, null, null), (old, now) -> {});
    podStore = new CompactStore<>(Pod::new, SnapshotReader::pod, (old, now) -> {
      if (pending(now) && (old == null || !pending(old))) {
        wake.run();
      }
    });
    nodes = compact(client.nodes(), nodeStore);
    pods = compact(client.pods().inAnyNamespace(), podStore);
    budgets = add(client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0));
    machineSets = add(machineNamespace == null ? client.resources(MachineSet.class).inAnyNamespace().runnableInformer(0)
        : client.resources(MachineSet.class).inNamespace(machineNamespace).runnableInformer(0));
    machines = add(machineNamespace == null ? client.resources(Machine.class).inAnyNamespace().runnableInformer(0)
        : client.resources(Machine.class).inNamespace(machineNamespace).runnableInformer(0));
    clusterAutoscalers = add(client.resources(ClusterAutoscaler.class).runnableInformer(0));
    // A new ClusterAutoscaler, or a changed spec, is acted on at the next batch window, not the next scan.
    clusterAutoscalers.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ClusterAutoscaler ca) {
        wake.run();
      }

      @Override
      public void onUpdate(ClusterAutoscaler old, ClusterAutoscaler now) {
        if (!Objects.equals(old.getMetadata().getGeneration(), now.getMetadata().getGeneration())) {
          wake.run();
        }
      }

      @Override
      public void onDelete(ClusterAutoscaler ca, boolean finalStateUnknown) {}
    });
    priorityConfig = add(client.configMaps().inNamespace(machineNamespace == null ? LiveCluster.DEFAULT_NAMESPACE
        : machineNamespace).withName(SettingsReader.PRIORITY_CONFIGMAP).runnableInformer(0));
  }

  private static boolean pending(PodInfo p) {
    return p.unschedulable() && !p.terminal() && !p.deleting();
  }

  private <T extends HasMetadata> SharedIndexInformer<T> compact(Informable<T> source, CompactStore<T, ?> store) {
    return add(source.runnableInformer(0).removeNamespaceIndex().itemStore(store));
  }

  private <T> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
    // A failed list or watch is retried by the informer (with its backoff), whatever the error.
    informer.exceptionHandler((started, t) -> {
      LOG.warn("Autoscaler cache of {}: {} (retrying)", informer.getApiTypeClass().getSimpleName(), t.toString());
      return true;
    });
    all.add(informer);
    return informer;
  }

  /** Starts every informer (once); returns at once. */
  synchronized void start() {
    if (synced == null) {
      synced = CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture())
          .toArray(CompletableFuture[]::new));
    }
  }

  /** Waits until every informer has listed once; throws when that takes longer than {@code timeout}. */
  void awaitSynced(Duration timeout) {
    CompletableFuture<Void> started;
    synchronized (this) {
      started = synced;
    }
    if (started == null) {
      throw new IllegalStateException("autoscaler caches not started");
    }
    if (all.stream().allMatch(SharedIndexInformer::hasSynced)) {
      return;
    }
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("autoscaler caches not synced within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("autoscaler caches failed to start: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the autoscaler caches", e);
    }
  }

  /** The ClusterAutoscaler, the Priority ConfigMap and the snapshot, from the caches (no request). */
  View read() {
    ClusterAutoscaler ca = clusterAutoscalers.getStore().getByKey(ClusterAutoscaler.SINGLETON_NAME);
    List<ClusterAutoscaler> ignored = clusterAutoscalers.getStore().list().stream()
        .filter(c -> !ClusterAutoscaler.SINGLETON_NAME.equals(c.getMetadata().getName())).toList();
    if (ca == null) {
      return new View(null, null, null, ignored);
    }
    List<ConfigMap> priority = priorityConfig.getStore().list();
    ClusterSnapshot snapshot = SnapshotReader.assemble(nodeStore.converted(), podStore.converted(),
        budgets.getStore().list(), machineSets.getStore().list(), machines.getStore().list());
    return new View(ca, priority.isEmpty() ? null : priority.get(0), snapshot, ignored);
  }

  /** A reference to the pod {@code namespace/name} (kind, name, namespace, uid) for its Events, or null. */
  Pod podRef(String key) {
    return podStore.get(key);
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::close);
  }
}
