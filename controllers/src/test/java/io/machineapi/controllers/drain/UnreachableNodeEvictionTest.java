package io.machineapi.controllers.drain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.machineapi.controllers.ControllerSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole pass over canned answers, to see the eviction request itself (the embedded API does not show it): on an
 * unreachable Node the eviction carries the configured grace period; on a reachable one, none (the pod's own).
 */
class UnreachableNodeEvictionTest {
  private static final String EVICTION = "/api/v1/namespaces/shop/pods/web-0/eviction";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void evictionOnUnreachableNodeCarriesTheConfiguredGracePeriod() throws Exception {
    JsonNode eviction = evictionSentFor("Unknown", Duration.ofSeconds(3));

    assertThat(eviction.path("deleteOptions").path("gracePeriodSeconds").asLong()).isEqualTo(3);
  }

  @Test
  void evictionOnReachableNodeLeavesThePodsOwnGracePeriod() throws Exception {
    JsonNode eviction = evictionSentFor("True", Duration.ofSeconds(3));

    assertThat(eviction.path("deleteOptions").has("gracePeriodSeconds")).isFalse();
  }

  private JsonNode evictionSentFor(String ready, Duration unreachableGrace) throws Exception {
    // Already cordoned, so the pass reads the Node, lists its pods and evicts: three requests.
    Node node = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec()
        .withUnschedulable(true).endSpec().withNewStatus().addNewCondition().withType("Ready").withStatus(ready)
        .endCondition().endStatus().build();
    server.expect().get().withPath("/api/v1/nodes/n1").andReturn(200, node).once();
    server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1").andReturn(200,
        new PodListBuilder().addToItems(new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-0")
            .endMetadata().withNewSpec().withNodeName("n1").endSpec().withNewStatus().withPhase("Running")
            .endStatus().build()).build()).once();
    server.expect().post().withPath(EVICTION).andReturn(201, new StatusBuilder().withStatus("Success").build())
        .once();
    NodeDrainer drainer = new EvictionNodeDrainer(client,
        new ControllerSettings(1, Duration.ZERO, Duration.ZERO, unreachableGrace), Clock.systemUTC());

    DrainResult result = drainer.drain(new DrainRequest("n1", "ns/m1"));

    assertThat(result).isInstanceOf(DrainResult.Pending.class);
    RecordedRequest request = null;
    for (int i = 0; i < 3; i++) {
      request = server.takeRequest(5, TimeUnit.SECONDS);
    }
    assertThat(request.getPath()).isEqualTo(EVICTION);
    return new ObjectMapper().readTree(request.getBody().readUtf8());
  }
}
