package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/namespaces/<ns>/pods/<name>/eviction} (policy/v1 Eviction), checked against the namespace's
 * PodDisruptionBudgets as kube-apiserver's eviction handler does, with the budget's numbers from
 * {@link DisruptionBudgets}:
 * <ul>
 *   <li>pods that are Pending, Succeeded, Failed or terminating bypass budgets;</li>
 *   <li>more than one matching budget: 500;</li>
 *   <li>a pod that is not Ready may go without using a disruption when the budget says
 *       {@code unhealthyPodEvictionPolicy: AlwaysAllow}, or (default {@code IfHealthyBudget}) while
 *       currentHealthy is at least desiredHealthy and desiredHealthy is above 0;</li>
 *   <li>otherwise a disruption must be allowed: the eviction then stores the pod in the budget's
 *       {@code status.disruptedPods} (so it is no longer counted healthy) before the pod is deleted; else 429.</li>
 * </ul>
 * The whole check-record-delete sequence runs under the {@link Store} lock, so two evictions never spend the same
 * disruption. The pod is deleted through the normal path (finalizers hold it); the answer is 201 Success.
 */
final class Eviction {

  static final String BLOCKED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
  /** Kubernetes' MaxDisruptedPodSize: more recorded, unconfirmed evictions than this and evictions are refused. */
  static final int MAX_DISRUPTED_PODS = 2000;
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
    String pdbName = pdb.path("metadata").path("name").asText();
    DisruptionBudgets.Budget budget = budgets.budget(pdb);
    if (!DisruptionBudgets.isReady(pod)) {
      if ("AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asText())
          || (budget.currentHealthy() >= budget.desiredHealthy() && budget.desiredHealthy() > 0)) {
        return;
      }
    }
    if (budget.observedGeneration() < pdb.path("metadata").path("generation").asLong(1)) {
      throw new ApiException(tooManyRequests("The disruption budget " + pdbName
          + " is still being processed by the server.", 10));
    }
    if (budget.disruptedPods().size() > MAX_DISRUPTED_PODS) {
      throw new ApiException(Statuses.failure(403, "Forbidden", "poddisruptionbudget.policy \"" + pdbName
          + "\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller",
          "policy", "poddisruptionbudget", pdbName, List.of()));
    }
    if (budget.disruptionsAllowed() == 0) {
      throw new ApiException(tooManyRequests("The disruption budget " + pdbName + " needs "
          + budget.desiredHealthy() + " healthy pods and has " + budget.currentHealthy() + " currently", 0));
    }
    budgets.recordDisruption(pdb, budget, podPath.name());
  }

  /** 429 worded as kube-apiserver's; {@code retryAfterSeconds} 0 is left out, as Go's omitempty does. */
  private static Status tooManyRequests(String cause, int retryAfterSeconds) {
    Status status = Statuses.failure(429, "TooManyRequests", BLOCKED_MESSAGE);
    StatusDetailsBuilder details = new StatusDetailsBuilder().withCauses(new StatusCauseBuilder()
        .withReason("DisruptionBudget").withMessage(cause).build());
    if (retryAfterSeconds > 0) {
      details.withRetryAfterSeconds(retryAfterSeconds);
    }
    status.setDetails(details.build());
    return status;
  }

  private static boolean canIgnoreBudgets(JsonNode pod) {
    return DisruptionBudgets.isBeingDeleted(pod)
        || BYPASS_PHASES.contains(pod.path("status").path("phase").asText("Pending"));
  }
}
