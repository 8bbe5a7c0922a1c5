package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fieldValidation=Strict|Warn|Ignore} on create, update, patch and status writes, as kube-apiserver. */
class FieldValidationTest extends ApiServerTestBase {

  private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private static String typo(String name) {
    return """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"%s","colour":"x"},
         "spec":{"replica":3,"size":"large","template":{"free":"form"},"tags":["a"],"zz":1}}
        """.formatted(name);
  }

  @Test
  void strictCreateIsRefusedWithTheDecodersWordingAndStoresNothing() {
    Answer answer = send("POST", WIDGETS + "?fieldValidation=Strict", "application/json", typo("fv-strict"));
    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body().path("reason").asText()).isEqualTo("BadRequest");
    assertThat(answer.body().path("message").asText()).isEqualTo("Widget in version \"v1\" cannot be handled as a "
        + "Widget: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.zz\", "
        + "unknown field \"metadata.colour\"");
    assertThat(get(widgetPath("fv-strict")).code()).isEqualTo(404);
  }

  @Test
  void warnIsTheDefaultStoresThePrunedObjectAndSendsOneWarningPerField() {
    Raw raw = raw("POST", WIDGETS, "application/json", typo("fv-warn"));
    assertThat(raw.code()).isEqualTo(201);
    assertThat(raw.warnings()).containsExactly("299 - \"unknown field \\\"spec.replica\\\"\"",
        "299 - \"unknown field \\\"spec.zz\\\"\"", "299 - \"unknown field \\\"metadata.colour\\\"\"");
    var stored = get(widgetPath("fv-warn")).body();
    assertThat(stored.path("spec").has("replica")).isFalse();
    assertThat(stored.path("spec").path("replicas").asInt()).as("defaulted").isEqualTo(1);
    assertThat(stored.path("spec").path("template").path("free").asText()).as("preserved").isEqualTo("form");
    assertThat(stored.path("metadata").has("colour")).isFalse();

    assertThat(raw("POST", WIDGETS + "?fieldValidation=Warn", "application/json", typo("fv-warn2")).warnings())
        .hasSize(3);
  }

  @Test
  void ignoreDropsSilently() {
    Raw raw = raw("POST", WIDGETS + "?fieldValidation=Ignore", "application/json", typo("fv-ignore"));
    assertThat(raw.code()).isEqualTo(201);
    assertThat(raw.warnings()).isEmpty();
    assertThat(get(widgetPath("fv-ignore")).body().path("spec").has("replica")).isFalse();
  }

  @Test
  void anotherValueIsAnInvalidOptionsObject() {
    Answer answer = send("POST", WIDGETS + "?fieldValidation=strict", "application/json", widgetJson("fv-bad", 1));
    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body().path("message").asText()).isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid: "
        + "fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
    assertThat(answer.body().at("/details/causes/0/field").asText()).isEqualTo("fieldValidation");
    assertThat(send("PATCH", widgetPath("fv-bad") + "?fieldValidation=X", "application/merge-patch+json", "{}")
        .body().path("message").asText()).startsWith("PatchOptions.meta.k8s.io \"\" is invalid");
    assertThat(get(widgetPath("fv-bad")).code()).isEqualTo(404);
  }

  @Test
  void strictPatchIsJudgedOnItsResultAndWordedWithoutTheKind() {
    createWidget("fv-patch", 2);
    Answer answer = send("PATCH", widgetPath("fv-patch") + "?fieldValidation=Strict", "application/merge-patch+json",
        "{\"spec\":{\"replica\":5,\"tags\":[\"x\"]}}");
    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body().path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"spec.replica\"");
    assertThat(get(widgetPath("fv-patch")).body().path("spec").has("tags")).isFalse();

    Answer json = send("PATCH", widgetPath("fv-patch") + "?fieldValidation=Strict", "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/spec/extra\",\"value\":1}]");
    assertThat(json.body().path("message").asText()).isEqualTo("strict decoding error: unknown field \"spec.extra\"");

    Raw warned = raw("PATCH", widgetPath("fv-patch"), "application/merge-patch+json",
        "{\"spec\":{\"replica\":5,\"replicas\":4}}");
    assertThat(warned.code()).isEqualTo(200);
    assertThat(warned.warnings()).containsExactly("299 - \"unknown field \\\"spec.replica\\\"\"");
    assertThat(get(widgetPath("fv-patch")).body().path("spec").path("replicas").asInt()).isEqualTo(4);
  }

  @Test
  void duplicateFieldsAreReportedBeforeUnknownOnes() {
    String body = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"fv-dup\"},"
        + "\"spec\":{\"replicas\":1,\"replicas\":2,\"replica\":3}}";
    Answer answer = send("POST", WIDGETS + "?fieldValidation=Strict", "application/json", body);
    assertThat(answer.body().path("message").asText()).endsWith(
        "strict decoding error: duplicate field \"spec.replicas\", unknown field \"spec.replica\"");
    Raw warned = raw("POST", WIDGETS, "application/json", body);
    assertThat(warned.code()).isEqualTo(201);
    assertThat(warned.warnings()).hasSize(2);
    assertThat(get(widgetPath("fv-dup")).body().path("spec").path("replicas").asInt()).as("last wins").isEqualTo(2);
  }

  @Test
  void duplicateFieldPathsNameListElements() {
    assertThat(FieldValidation.duplicateFields(
        "{\"a\":[{\"b\":1},{\"b\":1,\"b\":2}],\"c\":{\"d\":[1,{\"e\":1,\"e\":1}]},\"a\":0}"
            .getBytes(StandardCharsets.UTF_8)))
        .containsExactly("a[1].b", "c.d[1].e", "a");
    assertThat(FieldValidation.duplicateFields("[{\"op\":\"add\",\"op\":\"x\"}]".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("[0].op");
    assertThat(FieldValidation.duplicateFields("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void statusWritesAndDryRunsAreCheckedToo() {
    createWidget("fv-status", 1);
    var current = get(widgetPath("fv-status")).body();
    String withStatus = current.toString().replaceFirst("\\}$", ",\"status\":{\"phase\":\"Up\",\"phaze\":\"x\"}}");
    Answer put = send("PUT", widgetPath("fv-status") + "/status?fieldValidation=Strict", "application/json",
        withStatus);
    assertThat(put.code()).isEqualTo(400);
    assertThat(put.body().path("message").asText()).endsWith("unknown field \"status.phaze\"");
    Answer patch = send("PATCH", widgetPath("fv-status") + "/status?fieldValidation=Strict",
        "application/merge-patch+json", "{\"status\":{\"phaze\":\"x\"}}");
    assertThat(patch.code()).isEqualTo(400);
    assertThat(get(widgetPath("fv-status")).body().has("status")).isFalse();

    Answer dry = send("POST", WIDGETS + "?dryRun=All&fieldValidation=Strict", "application/json", typo("fv-dry"));
    assertThat(dry.code()).isEqualTo(400);
  }

  @Test
  void builtinKindsAreCheckedAgainstTheirModel() {
    String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fv-cm\"},"
        + "\"data\":{\"k\":\"v\"},\"dta\":{\"k\":\"v\"}}";
    Answer strict = send("POST", CONFIGMAPS + "?fieldValidation=Strict", "application/json", configMap);
    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.body().path("message").asText()).isEqualTo(
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"dta\"");
    Raw warned = raw("POST", CONFIGMAPS, "application/json", configMap);
    assertThat(warned.code()).isEqualTo(201);
    assertThat(warned.warnings()).containsExactly("299 - \"unknown field \\\"dta\\\"\"");
    assertThat(get(CONFIGMAPS + "/fv-cm").body().has("dta")).isFalse();

    Answer pod = send("POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fv-pod\"},\"spec\":{\"containers\":"
            + "[{\"name\":\"c\",\"image\":\"i\",\"imagePullPolicy\":\"Always\",\"imagePolicy\":\"x\"}]}}");
    assertThat(pod.body().path("message").asText())
        .endsWith("strict decoding error: unknown field \"spec.containers[0].imagePolicy\"");

    Answer smp = send("PATCH", CONFIGMAPS + "/fv-cm?fieldValidation=Strict",
        "application/strategic-merge-patch+json", "{\"metadata\":{\"labelz\":{\"a\":\"b\"}}}");
    assertThat(smp.code()).isEqualTo(400);
    assertThat(smp.body().path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"metadata.labelz\"");
  }

  @Test
  void fabric8ClientsSendNoDirectiveAndTheirWritesSucceedPruned() {
    GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
        .withKind("Widget").withNewMetadata().withName("fv-fabric8").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("replicas", 2, "replica", 3))).build();
    GenericKubernetesResource created = client.genericKubernetesResources("example.com/v1", "Widget")
        .inNamespace("default").resource(widget).create();
    Map<String, Object> spec = created.get("spec");
    assertThat(spec).containsEntry("replicas", 2).doesNotContainKey("replica");
    ConfigMap configMap = client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model
        .ConfigMapBuilder().withNewMetadata().withName("fv-f8").endMetadata().addToData("a", "b").build()).create();
    assertThat(configMap.getData()).containsEntry("a", "b");
  }

  /** An answer with its Warning headers. */
  record Raw(int code, List<String> warnings) {
  }

  private static Raw raw(String method, String path, String contentType, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      return new Raw(response.statusCode(), response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
