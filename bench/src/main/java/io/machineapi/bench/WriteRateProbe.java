package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures R, the embedded API's write rate: merge patches of small objects (about the size of a Machine status
 * patch) from several client threads, as controllers issue them. The server serves every request on one event-loop
 * thread, so this is a server-bound figure.
 */
final class WriteRateProbe {
  private WriteRateProbe() {}

  /** Writes per second over {@code writes} merge patches spread over {@code objects} ConfigMaps. */
  static double measure(KubernetesClient client, int objects, int writes, int threads) throws Exception {
    String ns = "bench-write-rate";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (int i = 0; i < objects; i++) {
      client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i)
          .endMetadata().addToData("payload", "x".repeat(1024)).build()).create();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = thread; i < writes; i += threads) {
            client.configMaps().inNamespace(ns).withName("cm-" + (i % objects))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"n\":\"" + i + "\"}}");
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return writes / seconds;
    } finally {
      pool.shutdownNow();
      client.namespaces().withName(ns).delete();
      client.configMaps().inNamespace(ns).delete();
    }
  }
}
