package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

class PatchesTest extends ApiServerTestBase {

  private static final String MERGE = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String STRATEGIC = "application/strategic-merge-patch+json";

  @Test
  void mergePatchFollowsRfc7386NullDeletesArraysReplace() {
    send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json", """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"m1","finalizers":["a/b","c/d"],
         "labels":{"x":"1","y":"2"}},"spec":{"replicas":1,"tags":["a","b"]}}
        """);
    Answer answer = send("PATCH", widgetPath("m1"), MERGE,
        "{\"metadata\":{\"finalizers\":[],\"labels\":{\"x\":null}},\"spec\":{\"tags\":[\"c\"]}}");
    assertThat(answer.code()).isEqualTo(200);
    JsonNode widget = get(widgetPath("m1")).body();
    assertThat(widget.path("metadata").path("finalizers")).isEmpty();
    assertThat(widget.path("metadata").path("labels").has("x")).isFalse();
    assertThat(widget.path("metadata").path("labels").path("y").asText()).isEqualTo("2");
    assertThat(widget.path("spec").path("tags").toString()).isEqualTo("[\"c\"]");
  }

  @Test
  void jsonPatchAppliesAndFailedTestIs422() {
    createWidget("j1", 1);
    assertThat(send("PATCH", widgetPath("j1"), JSON_PATCH,
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1},"
            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]").code()).isEqualTo(200);
    Answer failed = send("PATCH", widgetPath("j1"), JSON_PATCH,
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1},"
            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]");
    assertThat(failed.code()).isEqualTo(422);
    assertThat(failed.body().path("kind").asText()).isEqualTo("Status");
    assertThat(get(widgetPath("j1")).body().path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void strategicMergeOnNodeMergesTaintsConditionsAndAddressesByKey() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("sm-node").endMetadata()
        .withNewSpec().addNewTaint().withKey("a").withEffect("NoSchedule").endTaint().endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition()
        .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
        .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress().endStatus().build()).create();
    Answer spec = send("PATCH", "/api/v1/nodes/sm-node", STRATEGIC, "{\"spec\":{\"unschedulable\":true}}");
    assertThat(spec.code()).isEqualTo(200);
    Answer status = send("PATCH", "/api/v1/nodes/sm-node/status", STRATEGIC,
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
            + "\"addresses\":[{\"type\":\"Hostname\",\"address\":\"sm-node\"}]}}");
    assertThat(status.code()).isEqualTo(200);
    Node node = client.nodes().withName("sm-node").get();
    assertThat(node.getSpec().getUnschedulable()).isTrue();
    assertThat(node.getSpec().getTaints()).hasSize(1);
    assertThat(node.getStatus().getConditions()).hasSize(2).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(node.getStatus().getAddresses()).hasSize(2);
  }

  @Test
  void strategicMergeOnPodMergesContainersByNameAndHonoursDeleteDirective() {
    client.pods().resource(new PodBuilder().withNewMetadata().withName("sm-pod").endMetadata()
        .withNewSpec().addNewContainer().withName("a").withImage("a:1").endContainer()
        .addNewContainer().withName("b").withImage("b:1").endContainer().endSpec().build()).create();
    Answer answer = send("PATCH", "/api/v1/namespaces/default/pods/sm-pod", STRATEGIC,
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a:2\"},{\"name\":\"b\",\"$patch\":\"delete\"}]}}");
    assertThat(answer.code()).isEqualTo(200);
    Pod pod = client.pods().withName("sm-pod").get();
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("a:2");
  }

  @Test
  void strategicMergeOnCustomResourceIs415() {
    createWidget("sm-cr", 1);
    Answer answer = send("PATCH", widgetPath("sm-cr"), STRATEGIC, "{\"spec\":{\"replicas\":2}}");
    assertThat(answer.code()).isEqualTo(415);
    assertThat(answer.body().path("reason").asText()).isEqualTo("UnsupportedMediaType");
  }

  @Test
  void applyPatchCreatesWhenAbsentAndMergesWhenPresent() {
    Answer created = send("PATCH", widgetPath("ap1") + "?fieldManager=test&force=true",
        "application/apply-patch+yaml", """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: ap1
            spec:
              replicas: 2
            """);
    assertThat(created.code()).isEqualTo(201);
    Answer merged = send("PATCH", widgetPath("ap1") + "?fieldManager=test", "application/apply-patch+yaml",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"ap1\"},"
            + "\"spec\":{\"size\":\"large\"}}");
    assertThat(merged.code()).isEqualTo(200);
    JsonNode spec = get(widgetPath("ap1")).body().path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(2);
    assertThat(spec.path("size").asText()).isEqualTo("large");
  }

  @Test
  void fabric8ServerSideApplyWorks() {
    var widgets = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
    var widget = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("ssa").endMetadata()
        .addToAdditionalProperties("spec", java.util.Map.of("replicas", 3)).build();
    widgets.resource(widget).forceConflicts().serverSideApply();
    assertThat(widgets.withName("ssa").get().get("spec", "replicas").toString()).isEqualTo("3");
  }

  @Test
  void mainResourcePatchIgnoresStatusAndStatusPatchChangesOnlyStatus() {
    createWidget("st1", 1);
    send("PATCH", widgetPath("st1"), MERGE, "{\"spec\":{\"replicas\":2},\"status\":{\"phase\":\"Main\"}}");
    JsonNode afterMain = get(widgetPath("st1")).body();
    assertThat(afterMain.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(afterMain.has("status")).isFalse();
    assertThat(afterMain.path("metadata").path("generation").asInt()).isEqualTo(2);

    send("PATCH", widgetPath("st1") + "/status", MERGE,
        "{\"spec\":{\"replicas\":9},\"status\":{\"phase\":\"Status\"}}");
    JsonNode afterStatus = get(widgetPath("st1")).body();
    assertThat(afterStatus.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(afterStatus.path("status").path("phase").asText()).isEqualTo("Status");
    assertThat(afterStatus.path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void generationGrowsOnlyOnSpecChanges() {
    createWidget("gen", 1);
    send("PATCH", widgetPath("gen"), MERGE, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    assertThat(get(widgetPath("gen")).body().path("metadata").path("generation").asInt()).isEqualTo(1);
    send("PATCH", widgetPath("gen"), MERGE, "{\"spec\":{\"replicas\":4}}");
    assertThat(get(widgetPath("gen")).body().path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void builtinMainResourceWriteKeepsStatus() {
    client.pods().resource(new PodBuilder().withNewMetadata().withName("keep").endMetadata()
        .withNewSpec().addNewContainer().withName("a").withImage("a").endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build()).create();
    send("PATCH", "/api/v1/namespaces/default/pods/keep", MERGE,
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"status\":{\"phase\":\"Failed\"}}");
    Pod pod = client.pods().withName("keep").get();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getMetadata().getLabels()).containsEntry("a", "b");
  }

  @Test
  void fabric8PatchTypesAnswer200AndMissingObjectIs404() {
    createWidget("f8", 1);
    var widgets = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
    widgets.withName("f8").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":6}}");
    assertThat(widgets.withName("f8").get().get("spec", "replicas").toString()).isEqualTo("6");
    assertThat(send("PATCH", widgetPath("nope"), MERGE, "{\"spec\":{}}").code()).isEqualTo(404);
    assertThat(send("PATCH", widgetPath("f8"), "text/plain", "x").code()).isEqualTo(415);
  }
}
