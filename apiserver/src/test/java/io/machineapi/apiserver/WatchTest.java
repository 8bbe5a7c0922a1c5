package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** WebSocket watches pass through the dispatcher to the crud store: informers see adds, updates and deletes. */
class WatchTest extends ApiServerTestBase {

  @Test
  void informerSeesAddUpdateDelete() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default")
        .withLabel("watched", "yes").inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap obj) {
            events.add("ADD " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            events.add("UPDATE " + newObj.getMetadata().getName());
          }

          @Override
          public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            events.add("DELETE " + obj.getMetadata().getName());
          }
        })) {
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("w1")
          .addToLabels("watched", "yes").endMetadata().addToData("k", "1").build()).create();
      client.configMaps().withName("w1").edit(c -> new ConfigMapBuilder(c).addToData("k", "2").build());
      client.configMaps().withName("w1").delete();
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(events).containsExactly("ADD w1", "UPDATE w1", "DELETE w1"));
    }
  }
}
