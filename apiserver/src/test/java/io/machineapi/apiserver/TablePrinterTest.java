package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest extends ApiServerTestBase {

  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  @Test
  void customResourceTableUsesPrinterColumnsWithPriorities() {
    send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json", """
        {"apiVersion":"example.com/v1","kind":"Widget",
         "metadata":{"name":"t1","labels":{"example.com/zone":"eu-1"}},"spec":{"replicas":3,"size":"large"}}
        """);
    Answer answer = get("/apis/example.com/v1/namespaces/default/widgets", TABLE);
    JsonNode table = answer.body();
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(names(table)).containsExactly("Name", "Replicas", "Ready", "Size", "Zone", "Age");
    assertThat(table.path("columnDefinitions").get(4).path("priority").asInt()).isEqualTo(1);
    JsonNode row = rowNamed(table, "t1");
    assertThat(row.path("cells").get(1).asInt()).isEqualTo(3);
    assertThat(row.path("cells").get(2).isNull()).isTrue();
    assertThat(row.path("cells").get(3).asText()).isEqualTo("large");
    assertThat(row.path("cells").get(4).asText()).isEqualTo("eu-1");
    assertThat(row.path("cells").get(5).asText()).matches("\\d+s");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("t1");
  }

  @Test
  void singleGetAndIncludeObjectVariants() {
    createWidget("t2", 1);
    JsonNode table = get(widgetPath("t2") + "?includeObject=Object", TABLE).body();
    assertThat(table.path("rows")).hasSize(1);
    assertThat(table.path("rows").get(0).path("object").path("spec").path("replicas").asInt()).isEqualTo(1);
    JsonNode none = get(widgetPath("t2") + "?includeObject=None", TABLE).body();
    assertThat(none.path("rows").get(0).has("object")).isFalse();
  }

  @Test
  void kindWithoutColumnsGetsNameAndAge() {
    send("POST", "/apis/example.com/v1/gadgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"g1\"}}");
    JsonNode table = get("/apis/example.com/v1/gadgets", TABLE).body();
    assertThat(names(table)).containsExactly("Name", "Age");
    assertThat(rowNamed(table, "g1").path("cells").get(0).asText()).isEqualTo("g1");
  }

  @Test
  void nodesShowStatusFromReadyConditionAndSchedulingDisabled() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1")
        .addToLabels("node-role.kubernetes.io/worker", "").endMetadata()
        .withNewSpec().withUnschedulable(true).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
        .withNewNodeInfo().withKubeletVersion("v1.32.1").endNodeInfo().endStatus().build()).create();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build())
        .create();
    JsonNode table = get("/api/v1/nodes", TABLE).body();
    assertThat(names(table)).startsWith("Name", "Status", "Roles", "Age", "Version").contains("Internal-IP");
    JsonNode n1 = rowNamed(table, "n1").path("cells");
    assertThat(n1.get(1).asText()).isEqualTo("Ready,SchedulingDisabled");
    assertThat(n1.get(2).asText()).isEqualTo("worker");
    assertThat(n1.get(4).asText()).isEqualTo("v1.32.1");
    assertThat(n1.get(5).asText()).isEqualTo("10.0.0.1");
    assertThat(rowNamed(table, "n2").path("cells").get(1).asText()).isEqualTo("NotReady");
    assertThat(rowNamed(table, "n2").path("cells").get(2).asText()).isEqualTo("<none>");
  }

  @Test
  void podsShowReadyStatusRestartsAndWideColumns() {
    client.pods().resource(new PodBuilder().withNewMetadata().withName("p1").endMetadata()
        .withNewSpec().withNodeName("n1").addNewContainer().withName("a").withImage("x").endContainer()
        .addNewContainer().withName("b").withImage("x").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.1.0.5")
        .addNewContainerStatus().withName("a").withReady(true).withRestartCount(2).endContainerStatus()
        .addNewContainerStatus().withName("b").withReady(false).withRestartCount(1).endContainerStatus()
        .endStatus().build()).create();
    JsonNode table = get("/api/v1/namespaces/default/pods", TABLE).body();
    assertThat(names(table)).startsWith("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node");
    JsonNode cells = rowNamed(table, "p1").path("cells");
    assertThat(cells.get(1).asText()).isEqualTo("1/2");
    assertThat(cells.get(2).asText()).isEqualTo("Running");
    assertThat(cells.get(3).asText()).isEqualTo("3");
    assertThat(cells.get(5).asText()).isEqualTo("10.1.0.5");
    assertThat(cells.get(6).asText()).isEqualTo("n1");
  }

  @Test
  void withoutTableAcceptPlainJsonIsServed() {
    createWidget("t3", 1);
    assertThat(get(widgetPath("t3")).body().path("kind").asText()).isEqualTo("Widget");
  }

  @Test
  void humanDurationMatchesKubernetes() {
    assertThat(TablePrinter.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(TablePrinter.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(TablePrinter.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(TablePrinter.humanDuration(Duration.ofMinutes(310))).isEqualTo("5h10m");
    assertThat(TablePrinter.humanDuration(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(TablePrinter.humanDuration(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(TablePrinter.humanDuration(Duration.ofDays(365 * 3 + 10))).isEqualTo("3y10d");
  }

  @Test
  void kubernetesJsonPathWithBracketedLabelKey() {
    JsonNode object = Store.parse("{\"metadata\":{\"labels\":{\"a/b\":\"c\"}},\"spec\":{\"list\":[1,2]}}");
    assertThat(TablePrinter.evaluate(".metadata.labels['a/b']", object).get(0).asText()).isEqualTo("c");
    assertThat(TablePrinter.evaluate("{.spec.list[*]}", object)).hasSize(2);
    assertThat(TablePrinter.evaluate(".status.missing", object)).isEmpty();
  }

  private static List<String> names(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private static JsonNode rowNamed(JsonNode table, String name) {
    for (JsonNode row : table.path("rows")) {
      if (row.path("cells").get(0).asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no row " + name + " in " + table);
  }
}
