package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission webhooks registered in the embedded API are called as kube-apiserver calls them: an HTTPS test webhook
 * with a self-signed certificate, configurations created through the API.
 */
class AdmissionWebhooksTest extends ApiServerTestBase {

  private static final String VALIDATING = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
  private static final String MUTATING = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
  private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
  private static TestWebhookServer webhook;

  @BeforeAll
  static void startWebhook() throws Exception {
    webhook = new TestWebhookServer("widget-checks.machine-api.svc");
  }

  @AfterAll
  static void stopWebhook() {
    webhook.close();
  }

  @AfterEach
  void removeConfigurations() {
    assertThat(send("DELETE", VALIDATING, null, null).code()).isEqualTo(200);
    assertThat(send("DELETE", MUTATING, null, null).code()).isEqualTo(200);
    send("DELETE", WIDGETS, null, null);
    webhook.reset();
  }

  @Test
  void configurationsAreDiscoveredClusterScopedKinds() {
    JsonNode resources = get("/apis/admissionregistration.k8s.io/v1").body().path("resources");
    assertThat(resources.findValuesAsText("name")).contains("mutatingwebhookconfigurations",
        "validatingwebhookconfigurations");
    resources.forEach(r -> assertThat(r.path("namespaced").asBoolean(true)).isFalse());
  }

  @Test
  void validatingDenialAnswersTheWebhooksCodeAndMessage() {
    register(VALIDATING, "deny", webhookSpec("deny.example.com", rule("CREATE", "widgets"), null));
    webhook.answer(request -> TestWebhookServer.deny(403, "widgets need an owner"));

    Answer answer = createWidget("w1", 1);

    assertThat(answer.code()).isEqualTo(403);
    assertThat(answer.body().path("message").asText())
        .isEqualTo("admission webhook \"deny.example.com\" denied the request: widgets need an owner");
    assertThat(answer.body().path("status").asText()).isEqualTo("Failure");
    assertThat(get(WIDGETS + "/w1").code()).isEqualTo(404);
    JsonNode request = webhook.reviews().get(0).path("request");
    assertThat(webhook.reviews().get(0).path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(request.path("operation").asText()).isEqualTo("CREATE");
    assertThat(request.path("kind").toString()).isEqualTo("{\"group\":\"example.com\",\"version\":\"v1\",\"kind\":\"Widget\"}");
    assertThat(request.path("resource").path("resource").asText()).isEqualTo("widgets");
    assertThat(request.path("name").asText()).isEqualTo("w1");
    assertThat(request.path("namespace").asText()).isEqualTo("default");
    assertThat(request.path("userInfo").path("username").asText()).isNotEmpty();
    assertThat(request.path("object").path("spec").path("size").asText()).as("schema defaults applied").isEqualTo("small");
    assertThat(request.path("dryRun").asBoolean(true)).isFalse();
    assertThat(request.path("options").path("kind").asText()).isEqualTo("CreateOptions");
  }

  /**
   * The server serves one request at a time and waits on its webhooks, so a webhook in the same process reads the
   * store in process ({@link EmbeddedApiServer#read}): it sees what is stored while the server waits for it.
   */
  @Test
  void aWebhookReadsTheStoreInProcessWhileTheServerWaitsForIt() {
    register(VALIDATING, "owner", webhookSpec("owner.example.com", rule("CREATE", "widgets"), null));
    webhook.answer(request -> server.read("/api/v1/namespaces/default/configmaps/widget-owners").isPresent()
        ? TestWebhookServer.allow() : TestWebhookServer.deny(403, "no configmap widget-owners"));

    assertThat(createWidget("w-read-1", 1).code()).isEqualTo(403);
    assertThat(send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"widget-owners\"}}").code())
        .isEqualTo(201);
    assertThat(createWidget("w-read-2", 1).code()).isEqualTo(201);
    assertThat(server.read("/api/v1/namespaces/default/configmaps/widget-owners").orElseThrow()
        .path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(server.read("/api/v1/namespaces/default/configmaps/nothing")).isEmpty();
    send("DELETE", "/api/v1/namespaces/default/configmaps/widget-owners", null, null);
  }

  @Test
  void aDenialWithoutCodeIs400AndWithoutMessageIsWithoutExplanation() {
    register(VALIDATING, "deny", webhookSpec("deny.example.com", rule("CREATE", "widgets"), null));
    webhook.answer(request -> TestWebhookServer.deny(0, "no"));
    Answer answer = createWidget("w1", 1);
    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body().path("message").asText()).isEqualTo("admission webhook \"deny.example.com\" denied the request: no");

    webhook.answer(request -> (ObjectNode) Serialization.jsonMapper().createObjectNode().put("allowed", false));
    assertThat(createWidget("w1", 1).body().path("message").asText())
        .isEqualTo("admission webhook \"deny.example.com\" denied the request without explanation");
  }

  @Test
  void warningsOfAnAllowingWebhookBecomeWarningHeaders() {
    register(VALIDATING, "warn", webhookSpec("warn.example.com", rule("*", "widgets"), null));
    webhook.answer(request -> {
      ObjectNode response = TestWebhookServer.allow();
      response.putArray("warnings").add("size \"small\" is deprecated");
      return response;
    });
    Answer answer = createWidget("w1", 1);
    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.warnings()).containsExactly("299 - \"size \\\"small\\\" is deprecated\"");
  }

  @Test
  void mutatingPatchIsAppliedBeforeValidationAndStored() {
    register(MUTATING, "label", webhookSpec("label.example.com", rule("CREATE", "widgets"), null));
    register(VALIDATING, "check", webhookSpec("check.example.com", rule("CREATE", "widgets"), null));
    webhook.answer(request -> request.path("object").path("metadata").path("labels").has("team")
        ? TestWebhookServer.allow()
        : TestWebhookServer.patch("[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"team\":\"blue\"}}]"));

    assertThat(createWidget("w1", 1).code()).isEqualTo(201);

    assertThat(get(WIDGETS + "/w1").body().path("metadata").path("labels").path("team").asText()).isEqualTo("blue");
    List<JsonNode> reviews = webhook.reviews();
    assertThat(reviews).hasSize(2);
    assertThat(reviews.get(0).path("request").path("object").path("spec").path("size").asText())
        .as("the mutating webhook sees the schema-defaulted object").isEqualTo("small");
    assertThat(reviews.get(1).path("request").path("object").path("metadata").path("labels").path("team").asText())
        .as("the validating webhook sees the mutated object").isEqualTo("blue");
  }

  @Test
  void aPatchThatBreaksTheSchemaIsRefusedBySchemaValidation() {
    register(MUTATING, "bad", webhookSpec("bad.example.com", rule("CREATE", "widgets"), null));
    webhook.answer(request -> TestWebhookServer.patch("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":-3}]"));
    Answer answer = createWidget("w1", 1);
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("message").asText()).contains("spec.replicas");
  }

  @Test
  void webhooksThatDoNotMatchAreNotCalled() {
    register(VALIDATING, "other-resource", webhookSpec("a.example.com", rule("CREATE", "gadgets"), null));
    register(VALIDATING, "other-operation", webhookSpec("b.example.com", rule("DELETE", "widgets"), null));
    ObjectNode namespaceSelector = webhookSpec("c.example.com", rule("*", "*"), null);
    namespaceSelector.putObject("namespaceSelector").putObject("matchLabels").put("webhooks", "on");
    register(VALIDATING, "namespace-selector", namespaceSelector);
    ObjectNode objectSelector = webhookSpec("d.example.com", rule("*", "widgets"), null);
    objectSelector.putObject("objectSelector").putObject("matchLabels").put("checked", "yes");
    register(VALIDATING, "object-selector", objectSelector);
    webhook.answer(request -> TestWebhookServer.deny(403, "called"));

    assertThat(createWidget("w1", 1).code()).isEqualTo(201);
    assertThat(webhook.reviews()).isEmpty();

    // The object selector matches labels of the new object.
    Answer labelled = send("POST", WIDGETS, "application/json", """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w2","labels":{"checked":"yes"}},
         "spec":{"replicas":1}}""");
    assertThat(labelled.code()).isEqualTo(403);
    assertThat(labelled.body().path("message").asText()).contains("\"d.example.com\"");
  }

  @Test
  void namespaceSelectorMatchesTheLabelsOfTheObjectsNamespace() {
    send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"checked\",\"labels\":{\"webhooks\":\"on\"}}}");
    ObjectNode spec = webhookSpec("ns.example.com", rule("CREATE", "widgets"), null);
    spec.putObject("namespaceSelector").putObject("matchLabels").put("webhooks", "on");
    register(VALIDATING, "ns", spec);
    webhook.answer(request -> TestWebhookServer.deny(403, "checked namespace"));

    Answer answer = send("POST", "/apis/example.com/v1/namespaces/checked/widgets", "application/json",
        widgetJson("w1", 1));
    assertThat(answer.code()).isEqualTo(403);
    assertThat(createWidget("w1", 1).code()).isEqualTo(201);
  }

  @Test
  void failurePolicyDecidesWhenTheWebhookIsDown() {
    ObjectNode fail = webhookSpec("down.example.com", rule("CREATE", "widgets"), null);
    ((ObjectNode) fail.get("clientConfig")).put("url", "https://127.0.0.1:1/validate");
    register(VALIDATING, "down", fail);

    Answer refused = createWidget("w1", 1);
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.body().path("reason").asText()).isEqualTo("InternalError");
    assertThat(refused.body().path("message").asText()).isEqualTo("Internal error occurred: failed calling webhook "
        + "\"down.example.com\": failed to call webhook: Post \"https://127.0.0.1:1/validate?timeout=10s\": "
        + "dial tcp 127.0.0.1:1: connect: connection refused");

    assertCreatedUnderIgnore("down", fail);
  }

  @Test
  void aSlowWebhookIsCutOffAtItsTimeout() {
    ObjectNode spec = webhookSpec("slow.example.com", rule("CREATE", "widgets"), null);
    spec.put("timeoutSeconds", 1);
    register(VALIDATING, "slow", spec);
    webhook.delay(Duration.ofSeconds(4));

    long start = System.nanoTime();
    Answer answer = createWidget("w1", 1);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.code()).isEqualTo(500);
    assertThat(answer.body().path("message").asText()).endsWith("?timeout=1s\": context deadline exceeded");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void dryRunsReachSideEffectFreeWebhooksOnly() {
    register(VALIDATING, "none", webhookSpec("none.example.com", rule("CREATE", "widgets"), null));
    Answer dry = send("POST", WIDGETS + "?dryRun=All", "application/json", widgetJson("w1", 1));
    assertThat(dry.code()).isEqualTo(201);
    assertThat(webhook.reviews()).hasSize(1);
    JsonNode request = webhook.reviews().get(0).path("request");
    assertThat(request.path("dryRun").asBoolean()).isTrue();
    assertThat(request.path("options").path("dryRun").toString()).isEqualTo("[\"All\"]");
    assertThat(get(WIDGETS + "/w1").code()).isEqualTo(404);

    ObjectNode some = webhookSpec("some.example.com", rule("CREATE", "widgets"), null);
    some.put("sideEffects", "Some");
    register(VALIDATING, "some", some);
    Answer refused = send("POST", WIDGETS + "?dryRun=All", "application/json", widgetJson("w1", 1));
    assertThat(refused.code()).isEqualTo(400);
    assertThat(refused.body().path("message").asText())
        .isEqualTo("admission webhook \"some.example.com\" does not support dry run");
  }

  @Test
  void aCertificateFromAnotherCaFailsTheCall() throws Exception {
    ObjectNode spec = webhookSpec("tls.example.com", rule("CREATE", "widgets"), null);
    ((ObjectNode) spec.get("clientConfig")).put("caBundle", TestWebhookServer.unrelatedCaBundle());
    register(VALIDATING, "tls", spec);

    Answer refused = createWidget("w1", 1);
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.body().path("message").asText()).contains("failed calling webhook \"tls.example.com\"")
        .contains("x509: certificate signed by unknown authority");
    assertThat(webhook.reviews()).isEmpty();

    assertCreatedUnderIgnore("tls", spec);
  }

  @Test
  void serviceReferencesGoToTheConfiguredAddressAndMustBeNamedInTheCertificate() {
    ObjectNode spec = webhookSpec("svc.example.com", rule("CREATE", "widgets"), null);
    ObjectNode clientConfig = (ObjectNode) spec.get("clientConfig");
    clientConfig.remove("url");
    clientConfig.putObject("service").put("namespace", "machine-api").put("name", "widget-checks")
        .put("port", 9443).put("path", "/validate");
    register(VALIDATING, "svc", spec);
    webhook.answer(request -> TestWebhookServer.deny(403, "via service"));

    Answer unresolved = createWidget("w1", 1);
    assertThat(unresolved.code()).isEqualTo(500);
    assertThat(unresolved.body().path("message").asText())
        .contains("Post \"https://widget-checks.machine-api.svc:9443/validate?timeout=10s\"");

    server.webhookServiceAddress("machine-api", "widget-checks", "127.0.0.1:" + webhook.port());
    Answer answer = createWidget("w1", 1);
    assertThat(answer.body().path("message").asText()).endsWith("denied the request: via service");

    server.webhookServiceAddress("machine-api", "widget-checks", "127.0.0.1:1");
  }

  @Test
  void updatesDeletesAndSubresourceWritesCarryTheirOperationAndOldObject() {
    assertThat(createWidget("w1", 1).code()).isEqualTo(201);
    register(VALIDATING, "all", webhookSpec("all.example.com", rule("*", "widgets", "widgets/status",
        "widgets/scale"), null));

    assertThat(send("PATCH", WIDGETS + "/w1", "application/merge-patch+json", "{\"spec\":{\"replicas\":2}}").code())
        .isEqualTo(200);
    assertThat(send("PATCH", WIDGETS + "/w1/status", "application/merge-patch+json",
        "{\"status\":{\"replicas\":2}}").code()).isEqualTo(200);
    assertThat(send("PATCH", WIDGETS + "/w1/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":3}}").code()).isEqualTo(200);
    assertThat(send("DELETE", WIDGETS + "/w1", null, null).code()).isEqualTo(200);

    List<JsonNode> requests = webhook.reviews().stream().map(r -> r.path("request")).toList();
    assertThat(requests).extracting(r -> r.path("operation").asText() + " " + r.path("subResource").asText("-")
        + " " + r.path("kind").path("kind").asText())
        .containsExactly("UPDATE - Widget", "UPDATE status Widget", "UPDATE scale Scale", "DELETE - Widget");
    assertThat(requests.get(0).path("oldObject").path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(requests.get(0).path("object").path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(requests.get(2).path("object").path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(requests.get(3).path("object").isNull()).isTrue();
    assertThat(requests.get(3).path("oldObject").path("metadata").path("name").asText()).isEqualTo("w1");
    assertThat(requests.get(3).path("options").path("kind").asText()).isEqualTo("DeleteOptions");
  }

  @Test
  void aMutatingWebhookOnScaleChangesTheReplicasStored() {
    assertThat(createWidget("w1", 1).code()).isEqualTo(201);
    register(MUTATING, "cap", webhookSpec("cap.example.com", rule("UPDATE", "widgets/scale"), null));
    webhook.answer(request -> TestWebhookServer.patch("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]"));

    Answer answer = send("PATCH", WIDGETS + "/w1/scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":9}}");

    assertThat(answer.code()).isEqualTo(200);
    assertThat(get(WIDGETS + "/w1").body().path("spec").path("replicas").asInt()).isEqualTo(5);
  }

  @Test
  void evictionsAreShownAsEvictionsAndNamespacesMatchOnTheirOwnLabels() {
    ObjectNode evictions = rule("CREATE", "pods/eviction");
    evictions.putArray("apiGroups").add("");
    ObjectNode namespaces = rule("CREATE", "namespaces");
    namespaces.putArray("apiGroups").add("");
    ObjectNode spec = webhookSpec("core.example.com", evictions, null);
    ((com.fasterxml.jackson.databind.node.ArrayNode) spec.get("rules")).add(namespaces);
    spec.putObject("namespaceSelector").putObject("matchLabels").put("guarded", "yes");
    register(VALIDATING, "core", spec);
    webhook.answer(request -> TestWebhookServer.deny(429, "not now: " + request.path("kind").path("kind").asText()));
    client.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("evictee").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer()
        .endSpec().build()).create();

    assertThat(send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"free\"}}").code()).isEqualTo(201);
    Answer guarded = send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"guarded\",\"labels\":{\"guarded\":\"yes\"}}}");
    assertThat(guarded.code()).isEqualTo(429);
    assertThat(guarded.body().path("message").asText()).endsWith("denied the request: not now: Namespace");
    // The pod's namespace (default) is not labelled: the eviction is not shown to the webhook.
    Answer evicted = send("POST", "/api/v1/namespaces/default/pods/evictee/eviction", "application/json",
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"evictee\"}}");
    assertThat(evicted.code()).isEqualTo(201);

    spec.remove("namespaceSelector");
    send("DELETE", VALIDATING, null, null);
    register(VALIDATING, "core", spec);
    client.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("evictee2").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer()
        .endSpec().build()).create();
    Answer refused = send("POST", "/api/v1/namespaces/default/pods/evictee2/eviction", "application/json",
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"evictee2\"}}");
    assertThat(refused.code()).isEqualTo(429);
    assertThat(refused.body().path("message").asText()).endsWith("denied the request: not now: Eviction");
    JsonNode request = webhook.reviews().get(webhook.reviews().size() - 1).path("request");
    assertThat(request.path("subResource").asText()).isEqualTo("eviction");
    assertThat(request.path("name").asText()).isEqualTo("evictee2");
    assertThat(get("/api/v1/namespaces/default/pods/evictee2").code()).isEqualTo(200);
    client.pods().inNamespace("default").withName("evictee2").delete();
  }

  /** With {@code failurePolicy: Ignore} the same failing webhook lets the create through. */
  private static void assertCreatedUnderIgnore(String name, ObjectNode spec) {
    spec.put("failurePolicy", "Ignore");
    send("DELETE", VALIDATING, null, null);
    register(VALIDATING, name, spec);
    assertThat(createWidget("w1", 1).code()).isEqualTo(201);
  }

  private static ObjectNode rule(String operation, String... resources) {
    ObjectNode rule = Serialization.jsonMapper().createObjectNode();
    rule.putArray("operations").add(operation);
    rule.putArray("apiGroups").add("example.com");
    rule.putArray("apiVersions").add("*");
    var list = rule.putArray("resources");
    for (String resource : resources) {
      list.add(resource);
    }
    return rule;
  }

  private static ObjectNode webhookSpec(String name, ObjectNode rule, String failurePolicy) {
    ObjectNode spec = Serialization.jsonMapper().createObjectNode();
    spec.put("name", name);
    spec.putObject("clientConfig").put("url", webhook.url("/validate")).put("caBundle", webhook.caBundle());
    spec.putArray("rules").add(rule);
    spec.put("sideEffects", "None");
    spec.putArray("admissionReviewVersions").add("v1");
    if (failurePolicy != null) {
      spec.put("failurePolicy", failurePolicy);
    }
    return spec;
  }

  private static void register(String collection, String name, ObjectNode webhookSpec) {
    String kind = collection.equals(MUTATING) ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration";
    ObjectNode configuration = Serialization.jsonMapper().createObjectNode();
    configuration.put("apiVersion", "admissionregistration.k8s.io/v1").put("kind", kind);
    configuration.putObject("metadata").put("name", name);
    configuration.putArray("webhooks").add(webhookSpec);
    Answer answer = send("POST", collection, "application/json", configuration.toString());
    assertThat(answer.code()).as(answer.body().toString()).isEqualTo(201);
  }
}
