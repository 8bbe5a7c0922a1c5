package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Estimates the embedded API's share of the benchmark's heap: the run's MachineSets, Machines, Nodes and Events are
 * copied into a second API of its own, with no controllers, node emulator or watches, and the used heap after a full
 * collection is read while it holds them; what that adds to the heap is what the first API's store costs. Leaves out
 * what serving the controllers' watches costs the API.
 */
final class ApiStoreHeap {
  /** Kinds copied, owners before what they own. */
  private static final List<Kind> KINDS = List.of(new Kind("machine.openshift.io/v1beta1", "MachineSet", true),
      new Kind("machine.openshift.io/v1beta1", "Machine", true), new Kind("v1", "Node", true),
      new Kind("v1", "Event", false));

  private record Kind(String apiVersion, String kind, boolean statusSubresource) {}

  /** What was copied and the heap measured. */
  record Result(Map<String, Integer> objects, long usedAfterGcMiB) {}

  private ApiStoreHeap() {}

  /**
   * How long a request may take here. The embedded API's event loop can stall for half a minute: when a client closes
   * a watch (an informer restarts its watch every few minutes), the mock server waits on the event loop for the
   * watch's pending sends.
   */
  private static final int REQUEST_TIMEOUT_MILLIS = 120_000;

  /** The objects to copy, listed from the benchmark's API, one list per kind in {@link #KINDS} order. */
  static List<List<GenericKubernetesResource>> snapshot(KubernetesClient api) {
    List<List<GenericKubernetesResource>> lists = new ArrayList<>();
    try (KubernetesClient client = patient(api)) {
      for (Kind kind : KINDS) {
        lists.add(new ArrayList<>(operation(client, kind).inAnyNamespace().list().getItems()));
      }
    }
    return lists;
  }

  /** A client with {@code client}'s configuration and a request timeout of {@link #REQUEST_TIMEOUT_MILLIS}. */
  private static KubernetesClient patient(KubernetesClient client) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withRequestTimeout(REQUEST_TIMEOUT_MILLIS).build()).build();
  }

  /**
   * Loads {@code snapshot} into an API of its own ({@code threads} clients at a time), reads the used heap after a
   * full collection while that API runs, and stops it. Empties {@code snapshot}, so the caller's copy is not counted.
   */
  static Result measure(List<List<GenericKubernetesResource>> snapshot, int threads) throws Exception {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (Sandbox api = Sandbox.startApiOnly(0)) {
      try (KubernetesClient apiClient = api.client(); KubernetesClient client = patient(apiClient)) {
        Map<String, String> newUids = new ConcurrentHashMap<>();
        for (int k = 0; k < KINDS.size(); k++) {
          Kind kind = KINDS.get(k);
          List<GenericKubernetesResource> objects = snapshot.get(k);
          counts.put(kind.kind(), objects.size());
          load(client, kind, objects, newUids, threads);
          objects.clear();
        }
      }
      snapshot.clear();
      return new Result(counts, HeapPeak.usedAfterGcMiB());
    }
  }

  private static void load(KubernetesClient client, Kind kind, List<GenericKubernetesResource> objects,
      Map<String, String> newUids, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = thread; i < objects.size(); i += threads) {
            copy(client, kind, objects.get(i), newUids);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates {@code object} as a new object (owners' new uids), then writes its status if it has one. */
  private static void copy(KubernetesClient client, Kind kind, GenericKubernetesResource object,
      Map<String, String> newUids) {
    ObjectMeta meta = object.getMetadata();
    String oldUid = meta.getUid();
    meta.setUid(null);
    meta.setResourceVersion(null);
    meta.setCreationTimestamp(null);
    meta.setGeneration(null);
    meta.setManagedFields(null);
    if (meta.getOwnerReferences() != null) {
      // An owner that was not copied would make the API's garbage collector delete the copy.
      List<OwnerReference> kept = new ArrayList<>();
      for (OwnerReference ref : meta.getOwnerReferences()) {
        String uid = newUids.get(ref.getUid());
        if (uid != null) {
          ref.setUid(uid);
          kept.add(ref);
        }
      }
      meta.setOwnerReferences(kept.isEmpty() ? null : kept);
    }
    Object status = kind.statusSubresource() ? object.getAdditionalProperties().remove("status") : null;
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
        operation = operation(client, kind);
    GenericKubernetesResource created = meta.getNamespace() == null ? operation.resource(object).create()
        : operation.inNamespace(meta.getNamespace()).resource(object).create();
    newUids.put(oldUid, created.getMetadata().getUid());
    if (status != null) {
      Resource<GenericKubernetesResource> target = meta.getNamespace() == null ? operation.resource(created)
          : operation.inNamespace(meta.getNamespace()).resource(created);
      target.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          Serialization.asJson(Map.of("status", status)));
    }
  }

  private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> operation(KubernetesClient client, Kind kind) {
    return client.genericKubernetesResources(kind.apiVersion(), kind.kind());
  }
}
