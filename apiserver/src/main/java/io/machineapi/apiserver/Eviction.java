package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/namespaces/<ns>/pods/<name>/eviction} (policy/v1 Eviction), checked against the namespace's
 * PodDisruptionBudgets the way a real server does, but computed live from the stored pods instead of from a
 * disruption controller's PDB status: expected = matching pods; healthy = matching, not terminating, Running with
 * Ready=True; desired from minAvailable / maxUnavailable (int or percent, rounded up); disruptions allowed =
 * healthy - desired. Pods that are Pending, Succeeded, Failed or terminating bypass budgets; a pod that is not
 * healthy may be evicted while the budget is met (the default {@code IfHealthyBudget} policy).
 */
final class Eviction {

  static final String BLOCKED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
  private static final Set<String> BYPASS_PHASES = Set.of("Pending", "Succeeded", "Failed");

  private final Store store;
  private final Runnable afterDelete;

  Eviction(Store store, Runnable afterDelete) {
    this.store = store;
    this.afterDelete = afterDelete;
  }

  /** Evicts the pod of {@code path} (a {@code pods/<name>/eviction} path); returns the 201 Success Status. */
  Status evict(ResourcePath path) {
    ResourcePath podPath = path.mainResource();
    Status result = store.locked(() -> {
      ObjectNode pod = store.get(podPath.objectPath())
          .orElseThrow(() -> new ApiException(Statuses.notFound(podPath)));
      if (!canIgnoreBudgets(pod)) {
        checkBudgets(podPath, pod);
      }
      store.delete(podPath.objectPath());
      return Statuses.success(201);
    });
    afterDelete.run();
    return result;
  }

  private void checkBudgets(ResourcePath podPath, ObjectNode pod) {
    String namespace = podPath.namespace();
    List<ObjectNode> budgets = store.list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets")
        .stream().filter(pdb -> Selectors.labelSelectorObject(pdb.path("spec").get("selector")).test(pod)).toList();
    if (budgets.isEmpty()) {
      return;
    }
    if (budgets.size() > 1) {
      throw new ApiException(Statuses.failure(500, "InternalError",
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
    }
    ObjectNode pdb = budgets.get(0);
    List<ObjectNode> pods = store.list("/api/v1/namespaces/" + namespace + "/pods").stream()
        .filter(Selectors.labelSelectorObject(pdb.path("spec").get("selector"))).toList();
    Budget budget = Budget.of(pdb.path("spec"), pods);
    boolean allowed = isHealthy(pod) ? budget.disruptionsAllowed() > 0
        : budget.currentHealthy() >= budget.desiredHealthy();
    if (!allowed) {
      String pdbName = pdb.path("metadata").path("name").asText();
      Status status = Statuses.failure(429, "TooManyRequests", BLOCKED_MESSAGE, "policy", "poddisruptionbudgets",
          pdbName, List.of(new StatusCauseBuilder().withReason("DisruptionBudget")
              .withMessage("The disruption budget " + pdbName + " needs " + budget.desiredHealthy()
                  + " healthy pods and has " + budget.currentHealthy() + " currently")
              .build()));
      throw new ApiException(status);
    }
  }

  private static boolean canIgnoreBudgets(JsonNode pod) {
    return pod.path("metadata").hasNonNull("deletionTimestamp")
        || BYPASS_PHASES.contains(pod.path("status").path("phase").asText("Pending"));
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
      int healthy = (int) pods.stream().filter(Eviction::isHealthy).count();
      int desired;
      if (spec.has("maxUnavailable") && !spec.get("maxUnavailable").isNull()) {
        desired = expected - scaled(spec.get("maxUnavailable"), expected);
      } else if (spec.has("minAvailable") && !spec.get("minAvailable").isNull()) {
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
