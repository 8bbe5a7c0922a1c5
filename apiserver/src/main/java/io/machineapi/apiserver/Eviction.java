package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/namespaces/<ns>/pods/<name>/eviction} (policy/v1 Eviction), checked against the namespace's
 * PodDisruptionBudgets as a real server does (numbers from {@link DisruptionBudgets}): pods that are Pending,
 * Succeeded, Failed or terminating bypass budgets; a healthy pod needs a disruption allowed; a pod that is not
 * healthy may go while the budget is met (the default {@code IfHealthyBudget} policy). Blocked: 429 with cause
 * {@code DisruptionBudget}; otherwise the pod is deleted through the normal path (finalizers hold it) and the
 * answer is 201 Success.
 */
final class Eviction {

  static final String BLOCKED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
  private static final Set<String> BYPASS_PHASES = Set.of("Pending", "Succeeded", "Failed");

  private final Store store;
  private final DisruptionBudgets budgets;
  private final Runnable afterDelete;

  Eviction(Store store, DisruptionBudgets budgets, Runnable afterDelete) {
    this.store = store;
    this.budgets = budgets;
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
    List<ObjectNode> matching = budgets.budgetsFor(podPath.namespace(), pod);
    if (matching.isEmpty()) {
      return;
    }
    if (matching.size() > 1) {
      throw new ApiException(Statuses.failure(500, "InternalError",
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
    }
    ObjectNode pdb = matching.get(0);
    DisruptionBudgets.Budget budget = budgets.budget(pdb);
    boolean allowed = DisruptionBudgets.isHealthy(pod) ? budget.disruptionsAllowed() > 0
        : budget.currentHealthy() >= budget.desiredHealthy();
    if (!allowed) {
      String pdbName = pdb.path("metadata").path("name").asText();
      throw new ApiException(Statuses.failure(429, "TooManyRequests", BLOCKED_MESSAGE, "policy",
          "poddisruptionbudgets", pdbName, List.of(new StatusCauseBuilder().withReason("DisruptionBudget")
              .withMessage("The disruption budget " + pdbName + " needs " + budget.desiredHealthy()
                  + " healthy pods and has " + budget.currentHealthy() + " currently")
              .build())));
    }
  }

  private static boolean canIgnoreBudgets(JsonNode pod) {
    return pod.path("metadata").hasNonNull("deletionTimestamp")
        || BYPASS_PHASES.contains(pod.path("status").path("phase").asText("Pending"));
  }
}
