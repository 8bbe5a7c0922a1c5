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

  @Test
  void coreEventsPrintLastSeenTypeReasonObjectMessageWithNameLast() {
    String seen = java.time.Instant.now().minusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();
    send("POST", "/api/v1/namespaces/default/events", "application/json", """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1.abc"},"type":"Warning","reason":"FailedCreate",
         "message":"  no capacity \\n","involvedObject":{"kind":"Machine","name":"m-1","fieldPath":"spec"},
         "reportingComponent":"machine-controller","reportingInstance":"pod-7","firstTimestamp":"%s",
         "lastTimestamp":"%s","count":3}
        """.formatted(seen, seen));
    JsonNode table = get("/api/v1/namespaces/default/events", TABLE).body();
    assertThat(names(table)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject", "Source",
        "Message", "First Seen", "Count", "Name");
    assertThat(table.path("columnDefinitions").get(9).path("priority").asInt()).isEqualTo(1);
    JsonNode cells = rowWithCell(table, 9, "e1.abc").path("cells");
    // 300 s ago, truncated to the second, read a moment later: 5m, or 5m1s when the second has turned.
    assertThat(cells.get(0).asText()).isIn("5m", "5m1s");
    assertThat(cells.get(1).asText()).isEqualTo("Warning");
    assertThat(cells.get(2).asText()).isEqualTo("FailedCreate");
    assertThat(cells.get(3).asText()).isEqualTo("machine/m-1");
    assertThat(cells.get(4).asText()).isEqualTo("spec");
    assertThat(cells.get(5).asText()).isEqualTo("machine-controller, pod-7");
    assertThat(cells.get(6).asText()).isEqualTo("no capacity");
    assertThat(cells.get(7).asText()).isIn("5m", "5m1s");
    assertThat(cells.get(8).asLong()).isEqualTo(3);
  }

  @Test
  void eventsApiEventsPrintFromEventTimeAndSeries() {
    String time = java.time.Instant.now().minusSeconds(30).toString();
    send("POST", "/apis/events.k8s.io/v1/namespaces/default/events", "application/json", """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e2"},"eventTime":"%s",
         "type":"Normal","reason":"Scaled","note":"scaled up","regarding":{"kind":"MachineSet","name":"ms"},
         "reportingController":"autoscaler","reportingInstance":"a-1","action":"Scale"}
        """.formatted(time));
    JsonNode cells = rowWithCell(get("/apis/events.k8s.io/v1/namespaces/default/events", TABLE).body(), 9, "e2")
        .path("cells");
    assertThat(cells.get(0).asText()).matches("(29|30|31)s");
    assertThat(cells.get(3).asText()).isEqualTo("machineset/ms");
    assertThat(cells.get(5).asText()).isEqualTo("autoscaler, a-1");
    assertThat(cells.get(6).asText()).isEqualTo("scaled up");
    assertThat(cells.get(8).asLong()).as("a singleton event counts 1").isEqualTo(1);
  }

  @Test
  void namespacesSecretsConfigMapsServiceAccountsAndLeasesPrintTheirColumns() {
    send("POST", "/api/v1/namespaces", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"tables\"}}");
    send("POST", "/api/v1/namespaces/tables/secrets", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"a\":\"Yg==\",\"b\":\"Yg==\"}}");
    send("POST", "/api/v1/namespaces/tables/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"},\"binaryData\":{\"z\":\"Yg==\"}}");
    send("POST", "/api/v1/namespaces/tables/serviceaccounts", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"sa\"},\"secrets\":[{\"name\":\"t\"}]}");
    send("POST", "/apis/coordination.k8s.io/v1/namespaces/tables/leases", "application/json",
        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"l\"},\"spec\":{\"holderIdentity\":\"pod-1\"}}");

    JsonNode namespaces = get("/api/v1/namespaces", TABLE).body();
    assertThat(names(namespaces)).containsExactly("Name", "Status", "Age");
    assertThat(rowNamed(namespaces, "tables").path("cells").get(1).asText()).isEqualTo("Active");
    JsonNode secrets = get("/api/v1/namespaces/tables/secrets", TABLE).body();
    assertThat(names(secrets)).containsExactly("Name", "Type", "Data", "Age");
    assertThat(rowNamed(secrets, "s").path("cells").get(1).asText()).isEqualTo("kubernetes.io/tls");
    assertThat(rowNamed(secrets, "s").path("cells").get(2).asLong()).isEqualTo(2);
    JsonNode configMaps = get("/api/v1/namespaces/tables/configmaps", TABLE).body();
    assertThat(names(configMaps)).containsExactly("Name", "Data", "Age");
    assertThat(rowNamed(configMaps, "c").path("cells").get(1).asLong()).isEqualTo(2);
    JsonNode accounts = get("/api/v1/namespaces/tables/serviceaccounts", TABLE).body();
    assertThat(names(accounts)).containsExactly("Name", "Secrets", "Age");
    assertThat(rowNamed(accounts, "sa").path("cells").get(1).asLong()).isEqualTo(1);
    JsonNode leases = get("/apis/coordination.k8s.io/v1/namespaces/tables/leases", TABLE).body();
    assertThat(names(leases)).containsExactly("Name", "Holder", "Age");
    assertThat(rowNamed(leases, "l").path("cells").get(1).asText()).isEqualTo("pod-1");
  }

  @Test
  void budgetsDeploymentsAndReplicaSetsPrintTheirColumns() {
    send("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", "application/json",
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":\"pdb\"},\"spec\":{\"minAvailable\":\"50%\",\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}");
    String template = ",\"selector\":{\"matchLabels\":{\"app\":\"d\"},\"matchExpressions\":[{\"key\":\"tier\","
        + "\"operator\":\"In\",\"values\":[\"b\",\"a\"]}]},\"template\":{\"spec\":{\"containers\":["
        + "{\"name\":\"c1\",\"image\":\"i1\"},{\"name\":\"c2\",\"image\":\"i2\"}]}}}";
    send("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":3" + template
            + ",\"status\":{\"readyReplicas\":2,\"updatedReplicas\":3,\"availableReplicas\":1}}");
    send("POST", "/apis/apps/v1/namespaces/default/replicasets", "application/json",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"rs\"},\"spec\":{\"replicas\":2" + template
            + ",\"status\":{\"replicas\":2,\"readyReplicas\":1}}");

    JsonNode budgets = get("/apis/policy/v1/namespaces/default/poddisruptionbudgets", TABLE).body();
    assertThat(names(budgets)).containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions",
        "Age");
    JsonNode pdb = rowNamed(budgets, "pdb").path("cells");
    assertThat(pdb.get(1).asText()).isEqualTo("50%");
    assertThat(pdb.get(2).asText()).isEqualTo("N/A");
    assertThat(pdb.get(3).isNumber()).isTrue();
    JsonNode deployments = get("/apis/apps/v1/namespaces/default/deployments", TABLE).body();
    assertThat(names(deployments)).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers",
        "Images", "Selector");
    JsonNode d = rowNamed(deployments, "d").path("cells");
    assertThat(d.get(1).asText()).isEqualTo("2/3");
    assertThat(d.get(2).asLong()).isEqualTo(3);
    assertThat(d.get(3).asLong()).isEqualTo(1);
    assertThat(d.get(5).asText()).isEqualTo("c1,c2");
    assertThat(d.get(6).asText()).isEqualTo("i1,i2");
    assertThat(d.get(7).asText()).isEqualTo("app=d,tier in (a,b)");
    JsonNode replicaSets = get("/apis/apps/v1/namespaces/default/replicasets", TABLE).body();
    assertThat(names(replicaSets)).containsExactly("Name", "Desired", "Current", "Ready", "Age", "Containers",
        "Images", "Selector");
    JsonNode rs = rowNamed(replicaSets, "rs").path("cells");
    assertThat(List.of(rs.get(1).asLong(), rs.get(2).asLong(), rs.get(3).asLong())).containsExactly(2L, 2L, 1L);
  }

  private static JsonNode rowWithCell(JsonNode table, int cell, String value) {
    for (JsonNode row : table.path("rows")) {
      if (row.path("cells").get(cell).asText().equals(value)) {
        return row;
      }
    }
    throw new AssertionError("no row with " + value + " in " + table);
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
