package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * PodDisruptionBudget arithmetic, computed live from the stored pods (there is no disruption controller):
 * expected = pods the selector matches; healthy = those not terminating, Running with Ready=True; desired from
 * minAvailable / maxUnavailable (int, or percent of expected rounded up); allowed = healthy - desired, at least 0.
 * A real server takes expected from the owning controllers' scale; with no controller here the pod count stands in.
 */
final class DisruptionBudgets {

  private final Store store;

  DisruptionBudgets(Store store) {
    this.store = store;
  }

  /** The PDBs of the pod's namespace whose selector matches the pod. */
  List<ObjectNode> budgetsFor(String namespace, JsonNode pod) {
    return store.list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets").stream()
        .filter(pdb -> Selectors.labelSelectorObject(pdb.path("spec").get("selector")).test(pod)).toList();
  }

  Budget budget(ObjectNode pdb) {
    String namespace = pdb.path("metadata").path("namespace").asText();
    List<ObjectNode> pods = store.list("/api/v1/namespaces/" + namespace + "/pods").stream()
        .filter(Selectors.labelSelectorObject(pdb.path("spec").get("selector"))).toList();
    return Budget.of(pdb.path("spec"), pods);
  }

  /** The PDB with its status numbers filled in as a disruption controller would keep them (not stored). */
  ObjectNode withStatus(ObjectNode pdb) {
    Budget budget = budget(pdb);
    ObjectNode copy = pdb.deepCopy();
    JsonNode existing = copy.get("status");
    ObjectNode status = existing instanceof ObjectNode s ? s : copy.putObject("status");
    status.put("currentHealthy", budget.currentHealthy()).put("desiredHealthy", budget.desiredHealthy())
        .put("disruptionsAllowed", budget.disruptionsAllowed()).put("expectedPods", budget.expectedPods())
        .put("observedGeneration", pdb.path("metadata").path("generation").asLong(1));
    return copy;
  }

  static boolean isHealthy(JsonNode pod) {
    if (pod.path("metadata").hasNonNull("deletionTimestamp")
        || !pod.path("status").path("phase").asText().equals("Running")) {
      return false;
    }
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** A PDB's numbers for the current pods. */
  record Budget(int expectedPods, int currentHealthy, int desiredHealthy) {

    static Budget of(JsonNode spec, List<ObjectNode> pods) {
      int expected = pods.size();
      int healthy = (int) pods.stream().filter(DisruptionBudgets::isHealthy).count();
      int desired;
      if (spec.hasNonNull("maxUnavailable")) {
        desired = expected - scaled(spec.get("maxUnavailable"), expected);
      } else if (spec.hasNonNull("minAvailable")) {
        desired = scaled(spec.get("minAvailable"), expected);
      } else {
        desired = expected;
      }
      return new Budget(expected, healthy, Math.max(desired, 0));
    }

    int disruptionsAllowed() {
      return Math.max(currentHealthy - desiredHealthy, 0);
    }

    /** IntOrString: an int as is, a percentage of {@code total} rounded up. */
    private static int scaled(JsonNode value, int total) {
      if (value.isNumber()) {
        return value.asInt();
      }
      String text = value.asText().trim();
      if (text.endsWith("%")) {
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * total / 100.0);
      }
      return Integer.parseInt(text);
    }
  }
}
