package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code ?dryRun=All} writes answer as real ones (defaults, admission, checks) but change nothing. */
class DryRunTest extends ApiServerTestBase {

  private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
  private static final String DRY = "?dryRun=All";

  @Test
  void createAnswers201WithDefaultsAndStoresNothing() {
    Answer answer = send("POST", WIDGETS + DRY, "application/json", widgetJson("d-create", 2));
    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.body().path("spec").path("size").asText()).as("schema default applied").isEqualTo("small");
    assertThat(answer.body().path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(answer.body().path("metadata").has("resourceVersion")).isFalse();
    assertThat(get(widgetPath("d-create")).code()).isEqualTo(404);
  }

  @Test
  void createStillRunsAdmission() {
    Answer answer = send("POST", WIDGETS + DRY, "application/json", widgetJson("d-invalid", -1));
    assertThat(answer.code()).isEqualTo(422);
    assertThat(get(widgetPath("d-invalid")).code()).isEqualTo(404);
  }

  @Test
  void createOfAnExistingNameIsStillAConflict() {
    createWidget("d-exists", 1);
    assertThat(send("POST", WIDGETS + DRY, "application/json", widgetJson("d-exists", 3)).code()).isEqualTo(409);
    assertThat(get(widgetPath("d-exists")).body().path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void updateAnswersTheNewObjectWithTheStoredVersionAndChangesNothing() {
    JsonNode before = createWidget("d-put", 2).body();
    ObjectNode desired = before.deepCopy();
    ((ObjectNode) desired.path("spec")).put("replicas", 5);
    Answer answer = send("PUT", widgetPath("d-put") + DRY, "application/json", desired.toString());
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().path("spec").path("replicas").asInt()).isEqualTo(5);
    assertThat(answer.body().path("metadata").path("resourceVersion").asText())
        .isEqualTo(before.path("metadata").path("resourceVersion").asText());
    assertThat(get(widgetPath("d-put")).body()).isEqualTo(before);
  }

  @Test
  void patchesAnswerThePatchedObjectAndChangeNothing() {
    JsonNode before = createWidget("d-patch", 2).body();
    Answer merge = send("PATCH", widgetPath("d-patch") + DRY, "application/merge-patch+json",
        "{\"spec\":{\"replicas\":4,\"size\":\"large\"}}");
    assertThat(merge.code()).isEqualTo(200);
    assertThat(merge.body().path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(merge.body().path("spec").path("size").asText()).isEqualTo("large");
    Answer invalid = send("PATCH", widgetPath("d-patch") + DRY, "application/merge-patch+json",
        "{\"spec\":{\"size\":\"huge\"}}");
    assertThat(invalid.code()).isEqualTo(422);
    assertThat(get(widgetPath("d-patch")).body()).isEqualTo(before);
  }

  @Test
  void serverSideApplyOfAnAbsentObjectAnswers201AndCreatesNothing() {
    Answer answer = send("PATCH", widgetPath("d-apply") + DRY + "&fieldManager=test",
        "application/apply-patch+yaml", widgetJson("d-apply", 3));
    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.body().path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(get(widgetPath("d-apply")).code()).isEqualTo(404);
  }

  @Test
  void deleteAnswersTheObjectAndKeepsIt() {
    JsonNode before = createWidget("d-delete", 1).body();
    Answer answer = send("DELETE", widgetPath("d-delete") + DRY, null, null);
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().path("metadata").path("name").asText()).isEqualTo("d-delete");
    assertThat(get(widgetPath("d-delete")).body()).isEqualTo(before);
    assertThat(send("DELETE", widgetPath("d-absent") + DRY, null, null).code()).isEqualTo(404);
  }

  @Test
  void deleteHeldByAFinalizerAnswersTheMarkedObjectAndMarksNothing() {
    createWidget("d-final", 1);
    JsonNode before = send("PATCH", widgetPath("d-final"), "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}").body();
    Answer answer = send("DELETE", widgetPath("d-final") + DRY, null, null);
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    assertThat(get(widgetPath("d-final")).body()).isEqualTo(before);
  }

  @Test
  void scaleWritesAnswerTheNewScaleAndChangeNothing() {
    JsonNode before = createWidget("d-scale", 3).body();
    JsonNode scale = get(widgetPath("d-scale") + "/scale").body();
    ((ObjectNode) scale.path("spec")).put("replicas", 5);
    Answer put = send("PUT", widgetPath("d-scale") + "/scale" + DRY, "application/json", scale.toString());
    assertThat(put.code()).isEqualTo(200);
    assertThat(put.body().path("spec").path("replicas").asInt()).isEqualTo(5);
    Answer patch = send("PATCH", widgetPath("d-scale") + "/scale" + DRY, "application/merge-patch+json",
        "{\"spec\":{\"replicas\":7}}");
    assertThat(patch.code()).isEqualTo(200);
    assertThat(patch.body().path("spec").path("replicas").asInt()).isEqualTo(7);
    assertThat(send("PATCH", widgetPath("d-scale") + "/scale" + DRY, "application/merge-patch+json",
        "{\"spec\":{\"replicas\":-1}}").code()).isEqualTo(422);
    assertThat(get(widgetPath("d-scale")).body()).isEqualTo(before);
  }

  @Test
  void statusWritesAnswerTheNewStatusAndChangeNothing() {
    JsonNode before = createWidget("d-status", 1).body();
    Answer patch = send("PATCH", widgetPath("d-status") + "/status" + DRY, "application/merge-patch+json",
        "{\"status\":{\"phase\":\"Ready\"}}");
    assertThat(patch.code()).isEqualTo(200);
    assertThat(patch.body().path("status").path("phase").asText()).isEqualTo("Ready");
    ObjectNode desired = before.deepCopy();
    desired.putObject("status").put("replicas", 9);
    Answer put = send("PUT", widgetPath("d-status") + "/status" + DRY, "application/json", desired.toString());
    assertThat(put.code()).isEqualTo(200);
    assertThat(put.body().path("status").path("replicas").asInt()).isEqualTo(9);
    assertThat(get(widgetPath("d-status")).body()).isEqualTo(before);
  }

  @Test
  void aValueOtherThanAllIsRefused() {
    JsonNode before = createWidget("d-bad", 1).body();
    Answer answer = send("PATCH", widgetPath("d-bad") + "?dryRun=Some", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":4}}");
    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body().path("message").asText())
        .isEqualTo("dryRun: Unsupported value: \"Some\": supported values: \"All\"");
    assertThat(send("POST", WIDGETS + "?dryRun=", "application/json", widgetJson("d-bad2", 1)).code())
        .isEqualTo(400);
    assertThat(get(widgetPath("d-bad")).body()).isEqualTo(before);
    assertThat(get(widgetPath("d-bad2")).code()).isEqualTo(404);
  }

  @Test
  void dryRunsEmitNoWatchEventAndLeaveTheListVersion() {
    createWidget("d-watch", 1);
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default")
        .withName("d-watch").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            events.add(action + " " + resource.get("spec", "replicas"));
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      String listVersion = get(WIDGETS).body().path("metadata").path("resourceVersion").asText();
      send("PATCH", widgetPath("d-watch") + DRY, "application/merge-patch+json", "{\"spec\":{\"replicas\":2}}");
      send("PATCH", widgetPath("d-watch") + "/scale" + DRY, "application/merge-patch+json",
          "{\"spec\":{\"replicas\":3}}");
      send("DELETE", widgetPath("d-watch") + DRY, null, null);
      assertThat(get(WIDGETS).body().path("metadata").path("resourceVersion").asText()).isEqualTo(listVersion);
      // A real write after the dry runs: its event is the first and only one the watch sees.
      send("PATCH", widgetPath("d-watch"), "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("MODIFIED 4"));
      assertThat(events).filteredOn(e -> !e.startsWith("ADDED")).containsExactly("MODIFIED 4");
    }
  }
}
