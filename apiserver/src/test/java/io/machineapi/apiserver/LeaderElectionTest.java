package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What a leader election (fabric8's LeaderElector, java-operator-sdk's lease access check) needs from the server. */
class LeaderElectionTest extends ApiServerTestBase {

  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/default/leases";

  @Test
  void aStaleLeaseUpdateIsAConflictWordedLikeKubeApiserver() {
    client.leases().inNamespace("default").resource(new LeaseBuilder().withNewMetadata().withName("stale")
        .endMetadata().withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(15).endSpec().build()).create();
    Lease read = client.leases().inNamespace("default").withName("stale").get();
    read.getSpec().setHolderIdentity("b");
    Lease updated = client.leases().inNamespace("default").resource(read).update();
    assertThat(updated.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());

    read.getSpec().setHolderIdentity("c"); // still the resourceVersion before the update
    String expected = "Operation cannot be fulfilled on leases.coordination.k8s.io \"stale\": the object has been "
        + "modified; please apply your changes to the latest version and try again";
    assertThatThrownBy(() -> client.leases().inNamespace("default").resource(read).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage()).isEqualTo(expected);
        });
    ObjectNode raw = (ObjectNode) get(LEASES + "/stale").body();
    raw.with("metadata").put("resourceVersion", read.getMetadata().getResourceVersion());
    Answer answer = send("PUT", LEASES + "/stale", "application/json", raw.toString());
    assertThat(answer.code()).isEqualTo(409);
    assertThat(answer.body().path("message").asText()).isEqualTo(expected);
    assertThat(client.leases().inNamespace("default").withName("stale").get().getSpec().getHolderIdentity())
        .isEqualTo("b");
  }

  @Test
  void selfSubjectRulesReviewAllowsEverything() {
    SelfSubjectRulesReview review = client.resource(new SelfSubjectRulesReviewBuilder().withNewSpec()
        .withNamespace("default").endSpec().build()).create();

    assertThat(review.getSpec().getNamespace()).isEqualTo("default");
    assertThat(review.getStatus().getIncomplete()).isFalse();
    assertThat(review.getStatus().getResourceRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getVerbs()).containsExactly("*");
      assertThat(rule.getApiGroups()).containsExactly("*");
      assertThat(rule.getResources()).containsExactly("*");
    });
    assertThat(review.getStatus().getNonResourceRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getNonResourceURLs()).containsExactly("*"));
    Answer raw = send("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "application/json",
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
            + "\"spec\":{\"namespace\":\"default\"}}");
    assertThat(raw.code()).isEqualTo(201);
    assertThat(get("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").code())
        .as("reviews are not stored: there is nothing to list").isEqualTo(405);
  }

  @Test
  void selfSubjectAccessReviewIsAllowed() {
    SelfSubjectAccessReview review = client.resource(new SelfSubjectAccessReviewBuilder().withNewSpec()
        .withNewResourceAttributes().withGroup("coordination.k8s.io").withResource("leases").withVerb("update")
        .withNamespace("default").endResourceAttributes().endSpec().build()).create();

    assertThat(review.getStatus().getAllowed()).isTrue();
    assertThat(review.getSpec().getResourceAttributes().getVerb()).isEqualTo("update");
  }

  @Test
  void ofTwoLeaderElectorsExactlyOneLeadsAndTheOtherTakesOverWhenItStops() {
    ExecutorService executor = Executors.newCachedThreadPool();
    Set<String> leading = ConcurrentHashMap.newKeySet();
    try {
      CompletableFuture<?> a = elector("candidate-a", leading, executor);
      CompletableFuture<?> b = elector("candidate-b", leading, executor);

      await().atMost(Duration.ofSeconds(10)).until(() -> leading.size() == 1);
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> leading.size() == 1);
      String first = leading.iterator().next();
      assertThat(client.leases().inNamespace("default").withName("elect").get().getSpec().getHolderIdentity())
          .isEqualTo(first);

      (first.equals("candidate-a") ? a : b).cancel(true); // releases the lease
      String second = first.equals("candidate-a") ? "candidate-b" : "candidate-a";
      await().atMost(Duration.ofSeconds(10)).until(() -> leading.equals(Set.of(second)));
      assertThat(client.leases().inNamespace("default").withName("elect").get().getSpec().getHolderIdentity())
          .isEqualTo(second);
      List.of(a, b).forEach(f -> f.cancel(true));
    } finally {
      executor.shutdownNow();
    }
  }

  private static CompletableFuture<?> elector(String identity, Set<String> leading, ExecutorService executor) {
    return new LeaderElectorBuilder(client, executor).withConfig(new LeaderElectionConfigBuilder()
        .withName("elect").withLock(new LeaseLock("default", "elect", identity))
        .withLeaseDuration(Duration.ofSeconds(3)).withRenewDeadline(Duration.ofSeconds(2))
        .withRetryPeriod(Duration.ofMillis(200)).withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(() -> leading.add(identity), () -> leading.remove(identity),
            leader -> { }))
        .build()).build().start();
  }
}
