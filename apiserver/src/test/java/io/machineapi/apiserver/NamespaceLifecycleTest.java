package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleTest extends ApiServerTestBase {

  private static final Duration GONE = Duration.ofSeconds(15);

  @Test
  void theNamespacesOfAFreshServerExist() {
    for (String name : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      Answer namespace = get("/api/v1/namespaces/" + name);
      assertThat(namespace.code()).as(name).isEqualTo(200);
      assertThat(namespace.body().path("status").path("phase").asText()).isEqualTo("Active");
      assertThat(namespace.body().path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
      assertThat(namespace.body().path("metadata").path("labels").path("kubernetes.io/metadata.name").asText())
          .isEqualTo(name);
    }
  }

  @Test
  void aNewNamespaceGetsTheKubernetesFinalizerAndIsActiveWhateverStatusIsPosted() {
    Answer created = send("POST", "/api/v1/namespaces", "application/json", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nl-new"},"status":{"phase":"Terminating"}}""");

    assertThat(created.code()).isEqualTo(201);
    assertThat(created.body().path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    assertThat(created.body().path("status").path("phase").asText()).isEqualTo("Active");
    assertThat(created.body().path("metadata").has("finalizers")).isFalse();
  }

  @Test
  void anUpdateKeepsSpecFinalizersAndFinalizeChangesThem() {
    namespace("nl-update");
    Answer current = get("/api/v1/namespaces/nl-update");
    com.fasterxml.jackson.databind.node.ObjectNode body = current.body().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("metadata").path("labels")).put("team", "a");
    String replaced = body.toString().replace("\"kubernetes\"", "\"example.com/other\"");

    Answer updated = send("PUT", "/api/v1/namespaces/nl-update", "application/json", replaced);
    assertThat(updated.code()).isEqualTo(200);
    assertThat(updated.body().path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    assertThat(updated.body().path("metadata").path("labels").path("team").asText()).isEqualTo("a");

    Answer finalized = send("PUT", "/api/v1/namespaces/nl-update/finalize", "application/json", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nl-update"},
         "spec":{"finalizers":["kubernetes","example.com/other"]}}""");
    assertThat(finalized.code()).isEqualTo(200);
    Answer status = send("PUT", "/api/v1/namespaces/nl-update/status", "application/json",
        get("/api/v1/namespaces/nl-update").body().toString().replace("\"Active\"", "\"Active\",\"x\":1"));
    assertThat(status.code()).isEqualTo(200);
    assertThat(get("/api/v1/namespaces/nl-update").body().path("spec").path("finalizers").toString())
        .isEqualTo("[\"kubernetes\",\"example.com/other\"]");
  }

  @Test
  void creatingInAMissingNamespaceIsNotFoundForEveryKindAndForDryRuns() {
    List<String[]> creates = List.of(
        new String[] {"/api/v1/namespaces/nl-absent/configmaps",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}"},
        new String[] {"/apis/example.com/v1/namespaces/nl-absent/widgets", widgetJson("w", 1)},
        new String[] {"/apis/example.com/v1/namespaces/nl-absent/widgets?dryRun=All", widgetJson("w", 1)},
        new String[] {"/apis/networking.k8s.io/v1/namespaces/nl-absent/networkpolicies",
            "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"n\"}}"});
    for (String[] create : creates) {
      Answer answer = send("POST", create[0], "application/json", create[1]);

      assertThat(answer.code()).as(create[0]).isEqualTo(404);
      assertThat(answer.body().path("reason").asText()).isEqualTo("NotFound");
      assertThat(answer.body().path("message").asText()).isEqualTo("namespaces \"nl-absent\" not found");
      assertThat(answer.body().path("details").path("name").asText()).isEqualTo("nl-absent");
      assertThat(answer.body().path("details").path("kind").asText()).isEqualTo("namespaces");
    }
    assertThat(get("/apis/example.com/v1/namespaces/nl-absent/widgets").body().path("items")).isEmpty();
  }

  @Test
  void serverSideApplyCannotCreateInAMissingNamespaceButClusterScopedObjectsNeedNone() {
    Answer apply = send("PATCH", "/apis/example.com/v1/namespaces/nl-absent2/widgets/w?fieldManager=t",
        "application/apply-patch+yaml", widgetJson("w", 1));
    assertThat(apply.code()).isEqualTo(404);
    assertThat(apply.body().path("message").asText()).isEqualTo("namespaces \"nl-absent2\" not found");

    Answer gadget = send("POST", "/apis/example.com/v1/gadgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"nl-g\"}}");
    assertThat(gadget.code()).isEqualTo(201);
  }

  @Test
  void deletingANamespaceMarksItTerminatingThenRemovesEveryKindOfContentAndTheNamespace() {
    namespace("nl-gone");
    assertThat(create("/api/v1/namespaces/nl-gone/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}").code()).isEqualTo(201);
    assertThat(create("/apis/example.com/v1/namespaces/nl-gone/widgets", widgetJson("w", 1)).code()).isEqualTo(201);
    assertThat(create("/apis/networking.k8s.io/v1/namespaces/nl-gone/networkpolicies",
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"n\"}}")
        .code()).isEqualTo(201);
    namespace("nl-kept");
    create("/api/v1/namespaces/nl-kept/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");

    Answer deleted = send("DELETE", "/api/v1/namespaces/nl-gone", null, null);

    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.body().path("metadata").hasNonNull("deletionTimestamp")).isTrue();
    assertThat(deleted.body().path("status").path("phase").asText()).isEqualTo("Terminating");
    assertThat(deleted.body().path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    await().atMost(GONE).untilAsserted(() -> {
      assertThat(get("/api/v1/namespaces/nl-gone").code()).isEqualTo(404);
      assertThat(get("/api/v1/namespaces/nl-gone/configmaps/c").code()).isEqualTo(404);
      assertThat(get("/apis/example.com/v1/namespaces/nl-gone/widgets/w").code()).isEqualTo(404);
      assertThat(get("/apis/networking.k8s.io/v1/namespaces/nl-gone/networkpolicies/n").code()).isEqualTo(404);
    });
    assertThat(get("/api/v1/namespaces/nl-kept/configmaps/c").code()).isEqualTo(200);
  }

  @Test
  void contentWithFinalizersHoldsATerminatingNamespaceThatRefusesNewContent() {
    namespace("nl-held");
    create("/apis/example.com/v1/namespaces/nl-held/widgets", """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"held","finalizers":["example.com/hold"]},
         "spec":{"replicas":1}}""");

    assertThat(send("DELETE", "/api/v1/namespaces/nl-held", null, null).code()).isEqualTo(200);

    await().atMost(GONE).untilAsserted(() -> {
      JsonNode widget = get("/apis/example.com/v1/namespaces/nl-held/widgets/held").body();
      assertThat(widget.path("metadata").hasNonNull("deletionTimestamp")).isTrue();
      JsonNode conditions = get("/api/v1/namespaces/nl-held").body().path("status").path("conditions");
      assertThat(condition(conditions, "NamespaceContentRemaining").path("message").asText())
          .isEqualTo("Some resources are remaining: widgets.example.com has 1 resource instances");
      assertThat(condition(conditions, "NamespaceFinalizersRemaining").path("message").asText())
          .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource "
              + "instances");
      assertThat(condition(conditions, "NamespaceFinalizersRemaining").path("reason").asText())
          .isEqualTo("SomeFinalizersRemain");
    });
    Answer refused = create("/api/v1/namespaces/nl-held/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"late\"}}");
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.body().path("reason").asText()).isEqualTo("Forbidden");
    assertThat(refused.body().path("message").asText()).isEqualTo("configmaps \"late\" is forbidden: unable to "
        + "create new content in namespace nl-held because it is being terminated");
    JsonNode cause = refused.body().path("details").path("causes").path(0);
    assertThat(cause.path("reason").asText()).isEqualTo("NamespaceTerminating");
    assertThat(cause.path("message").asText()).isEqualTo("namespace nl-held is being terminated");
    assertThat(cause.path("field").asText()).isEqualTo("metadata.namespace");
    assertThat(create("/api/v1/namespaces/nl-held/configmaps?dryRun=All",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"late\"}}").code()).isEqualTo(403);
    assertThat(get("/api/v1/namespaces/nl-held").code()).isEqualTo(200);
    assertThat(get("/api/v1/namespaces/nl-held").body().path("metadata").has("finalizers")).isFalse();

    // The widget's controller removes its finalizer: the widget goes, then the namespace.
    assertThat(send("PATCH", "/apis/example.com/v1/namespaces/nl-held/widgets/held", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":null}}").code()).isEqualTo(200);
    await().atMost(GONE).untilAsserted(() -> assertThat(get("/api/v1/namespaces/nl-held").code()).isEqualTo(404));
  }

  @Test
  void anotherSpecFinalizerKeepsTheEmptiedNamespaceUntilFinalizeRemovesIt() {
    namespace("nl-fin");
    send("PUT", "/api/v1/namespaces/nl-fin/finalize", "application/json", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nl-fin"},
         "spec":{"finalizers":["kubernetes","example.com/other"]}}""");
    send("DELETE", "/api/v1/namespaces/nl-fin", null, null);

    await().atMost(GONE).untilAsserted(() -> assertThat(get("/api/v1/namespaces/nl-fin").body().path("spec")
        .path("finalizers").toString()).isEqualTo("[\"example.com/other\"]"));
    assertThat(send("PUT", "/api/v1/namespaces/nl-fin/finalize", "application/json", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nl-fin"},"spec":{"finalizers":[]}}""").code())
        .isEqualTo(200);
    assertThat(get("/api/v1/namespaces/nl-fin").code()).isEqualTo(404);
  }

  @Test
  void theSystemNamespacesCannotBeDeletedAndADryRunDeleteChangesNothing() {
    for (String name : List.of("default", "kube-system", "kube-public")) {
      Answer refused = send("DELETE", "/api/v1/namespaces/" + name, null, null);
      assertThat(refused.code()).isEqualTo(403);
      assertThat(refused.body().path("message").asText())
          .isEqualTo("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    }
    namespace("nl-dry");
    Answer dry = send("DELETE", "/api/v1/namespaces/nl-dry?dryRun=All", null, null);
    assertThat(dry.code()).isEqualTo(200);
    assertThat(dry.body().path("status").path("phase").asText()).isEqualTo("Terminating");
    assertThat(get("/api/v1/namespaces/nl-dry").body().path("status").path("phase").asText()).isEqualTo("Active");
    assertThat(get("/api/v1/namespaces/nl-dry").body().path("metadata").has("deletionTimestamp")).isFalse();
  }

  @Test
  void aWatchSeesTheNamespaceTerminateAndGoWithoutTheStoresHoldingFinalizer() throws Exception {
    namespace("nl-watched");
    List<io.fabric8.kubernetes.api.model.Namespace> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = client.namespaces().withName("nl-watched").watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Namespace resource) {
        actions.add(action.name());
        seen.add(resource);
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
        // nothing to release
      }
    })) {
      client.namespaces().withName("nl-watched").delete();
      await().atMost(GONE).until(() -> actions.contains("DELETED"));
    }
    List<String> finalizers = new ArrayList<>();
    seen.forEach(n -> finalizers.addAll(n.getMetadata().getFinalizers()));
    assertThat(finalizers).isEmpty();
    assertThat(seen).anyMatch(n -> "Terminating".equals(n.getStatus().getPhase()));
  }

  private static JsonNode condition(JsonNode conditions, String type) {
    for (JsonNode condition : conditions) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Answer create(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  private static void namespace(String name) {
    assertThat(create("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + name + "\"}}").code()).isEqualTo(201);
  }
}
