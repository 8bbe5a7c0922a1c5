package io.machineapi.controllers.drain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PodEvictor} against canned answers shaped like a real API server's (the embedded API cannot show the request
 * body, and its 429 carries extras a real server does not send).
 */
class PodEvictorTest {
  private static final String PATH = "/api/v1/namespaces/shop/pods/web-0/eviction";
  private static final Pod POD = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-0")
      .endMetadata().build();

  private KubernetesMockServer server;
  private KubernetesClient client;
  private PodEvictor evictor;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    evictor = new PodEvictor(client);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void postsPolicyV1EvictionWithThePodsOwnGracePeriod() throws Exception {
    server.expect().post().withPath(PATH).andReturn(201, success()).once();

    assertThat(evictor.evict(POD, Optional.empty()).outcome()).isEqualTo(PodEvictor.Outcome.EVICTED);

    JsonNode body = lastBody();
    assertThat(body.path("apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(body.path("kind").asText()).isEqualTo("Eviction");
    assertThat(body.path("metadata").path("name").asText()).isEqualTo("web-0");
    assertThat(body.path("deleteOptions").has("gracePeriodSeconds")).isFalse();
  }

  @Test
  void givenGracePeriodIsSentRoundedUpToWholeSeconds() throws Exception {
    server.expect().post().withPath(PATH).andReturn(201, success()).once();

    evictor.evict(POD, Optional.of(Duration.ofMillis(1500)));

    assertThat(lastBody().path("deleteOptions").path("gracePeriodSeconds").asLong()).isEqualTo(2);
  }

  @Test
  void budgetRefusalNamesPodAndBudgetFromTheStatusCause() {
    Status refusal = new StatusBuilder().withStatus("Failure").withCode(429).withReason("TooManyRequests")
        .withMessage("Cannot evict pod as it would violate the pod's disruption budget.")
        .withNewDetails().addNewCause().withReason("DisruptionBudget")
        .withMessage("The disruption budget web needs 2 healthy pods and has 2 currently").endCause().endDetails()
        .build();
    server.expect().post().withPath(PATH).andReturn(429, refusal).once();

    assertThat(evictor.evict(POD, Optional.empty())).isEqualTo(new PodEvictor.Attempt(PodEvictor.Outcome.REFUSED,
        "eviction of shop/web-0 refused: The disruption budget web needs 2 healthy pods and has 2 currently"));
  }

  @Test
  void refusalWithoutBudgetCauseKeepsTheServersMessage() {
    Status throttled = new StatusBuilder().withStatus("Failure").withCode(429).withReason("TooManyRequests")
        .withMessage("too many requests, please try again later").build();
    server.expect().post().withPath(PATH).andReturn(429, throttled).once();

    assertThat(evictor.evict(POD, Optional.empty())).isEqualTo(new PodEvictor.Attempt(PodEvictor.Outcome.REFUSED,
        "eviction of shop/web-0 refused: too many requests, please try again later"));
  }

  @Test
  void missingPodIsGoneAndForbiddenIsAnError() {
    server.expect().post().withPath(PATH).andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound")
        .withMessage("pods \"web-0\" not found").build()).once();
    server.expect().post().withPath(PATH).andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("pods \"web-0\" is forbidden").build()).once();

    assertThat(evictor.evict(POD, Optional.empty()).outcome()).isEqualTo(PodEvictor.Outcome.GONE);
    assertThat(evictor.evict(POD, Optional.empty())).isEqualTo(new PodEvictor.Attempt(PodEvictor.Outcome.ERROR,
        "eviction of shop/web-0 failed: 403 pods \"web-0\" is forbidden"));
  }

  private static Status success() {
    return new StatusBuilder().withStatus("Success").withCode(201).build();
  }

  private JsonNode lastBody() throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getPath()).isEqualTo(PATH);
    return new ObjectMapper().readTree(request.getBody().readUtf8());
  }
}
