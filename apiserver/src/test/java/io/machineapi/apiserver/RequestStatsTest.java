package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

class RequestStatsTest {

  @Test
  void countsSuccessfulRequestsByVerbAndResourceIncludingSubresources() {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0); KubernetesClient client = server.client()) {
      server.requestStats().reset();

      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
      client.nodes().withName("n1").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("a", "b").endMetadata()
          .build());
      client.nodes().withName("n1").editStatus(n -> new NodeBuilder(n).withNewStatus().addNewCondition()
          .withType("Ready").withStatus("True").endCondition().endStatus().build());
      client.nodes().withName("n1").get();
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
          .endMetadata().build()).create();
      // refused (already exists): not counted
      try {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
            .endMetadata().build()).create();
      } catch (RuntimeException expected) {
        // 409
      }

      RequestStats stats = server.requestStats();
      assertThat(stats.count("POST", "nodes")).isEqualTo(1);
      assertThat(stats.count("GET", "nodes")).isGreaterThanOrEqualTo(1);
      assertThat(stats.writes("nodes")).isEqualTo(3);
      assertThat(stats.count("POST", "configmaps")).isEqualTo(1);
      assertThat(stats.snapshot()).containsKey("POST nodes");
    }
  }
}
