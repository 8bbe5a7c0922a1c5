package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PodDisruptionBudget status as kube-controller-manager's disruption controller keeps it, computed when a PDB is
 * read or an eviction checks it (there is no controller loop here):
 * <ul>
 *   <li>expectedPods: for {@code maxUnavailable} or a percentage {@code minAvailable}, the sum of the desired
 *       replicas of the distinct controllers of the matching pods (a pod's controller ownerReference: a ReplicaSet,
 *       or its Deployment when one controls it; a StatefulSet; a ReplicationController; any kind with a scale
 *       subresource). Pods without a controller are left out of the sum. A controller reference that leads nowhere
 *       (object gone, other uid, a kind without scale) stops the computation: disruptionsAllowed 0 and condition
 *       {@code DisruptionAllowed=False/SyncFailed}, the other numbers as last stored. For an integer
 *       {@code minAvailable}, expectedPods is the number of matching pods.</li>
 *   <li>desiredHealthy: expected minus maxUnavailable, or minAvailable (percentages of expected rounded up).</li>
 *   <li>currentHealthy: matching pods with condition Ready=True, not being deleted and not in disruptedPods.</li>
 *   <li>disruptedPods: stored by accepted evictions ({@link #recordDisruption}); an entry counts for
 *       {@link #DELETION_TIMEOUT} and not once its pod is gone or being deleted.</li>
 *   <li>disruptionsAllowed: currentHealthy - desiredHealthy, 0 when negative or when expectedPods is 0.</li>
 * </ul>
 */
final class DisruptionBudgets {

  /** How long an accepted eviction keeps its pod out of currentHealthy while the pod is not yet being deleted. */
  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final String CONDITION = "DisruptionAllowed";
  /** Groups the disruption controller accepts for ReplicaSets and Deployments. */
  private static final Set<String> APPS_GROUPS = Set.of("apps", "extensions");
  private static final ResourcePath PDB_TYPE_PATH = new ResourcePath("policy", "v1", null, "poddisruptionbudgets",
      null, null);

  private final Store store;
  private final ResourceCatalog catalog;
  private final Writes writes;
  private final Clock clock;

  DisruptionBudgets(Store store, ResourceCatalog catalog, Writes writes, Clock clock) {
    this.store = store;
    this.catalog = catalog;
    this.writes = writes;
    this.clock = clock;
  }

  /** The PDBs of the pod's namespace whose selector matches the pod. */
  List<ObjectNode> budgetsFor(String namespace, JsonNode pod) {
    return store.list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets").stream()
        .filter(pdb -> Selectors.labelSelectorObject(pdb.path("spec").get("selector")).test(pod)).toList();
  }

  /** The budget's numbers now. */
  Budget budget(ObjectNode pdb) {
    String namespace = pdb.path("metadata").path("namespace").asText();
    List<ObjectNode> pods = store.list("/api/v1/namespaces/" + namespace + "/pods").stream()
        .filter(Selectors.labelSelectorObject(pdb.path("spec").get("selector"))).toList();
    return Budget.of(pdb, pods, this::controllerOf, clock.instant());
  }

  /** The PDB with the status a disruption controller would have written for the current pods (not stored). */
  ObjectNode withStatus(ObjectNode pdb) {
    ObjectNode copy = pdb.deepCopy();
    copy.set("status", budget(pdb).status(pdb, clock.instant()));
    return copy;
  }

  /**
   * Stores what an accepted eviction of {@code podName} writes into the PDB's status: the budget with one
   * disruption fewer and the pod in disruptedPods at the current time. The write carries the PDB's
   * resourceVersion (409 when it changed since it was read).
   */
  void recordDisruption(ObjectNode pdb, Budget budget, String podName) {
    Instant now = clock.instant();
    Map<String, String> disrupted = new LinkedHashMap<>(budget.disruptedPods());
    disrupted.put(podName, timestamp(now));
    Budget after = new Budget(budget.expectedPods(), budget.currentHealthy(), budget.desiredHealthy(),
        budget.disruptionsAllowed() - 1, disrupted, budget.syncError(), budget.observedGeneration());
    ObjectNode desired = pdb.deepCopy();
    desired.set("status", after.status(pdb, now));
    ResourcePath path = new ResourcePath(PDB_TYPE_PATH.group(), PDB_TYPE_PATH.version(),
        pdb.path("metadata").path("namespace").asText(), PDB_TYPE_PATH.plural(),
        pdb.path("metadata").path("name").asText(), null);
    writes.replaceStatus(path, catalog.find(PDB_TYPE_PATH).orElse(null), desired, pdb);
  }

  /** The pod's controller reference ({@code controller: true}), if any. */
  static Optional<JsonNode> controllerRef(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  /**
   * The controller a controller reference stands for and its desired replicas, as the disruption controller's
   * finders resolve it: empty when the object is absent or has another uid.
   *
   * @throws CannotCompute when the kind is unknown or has no scale subresource
   */
  private Optional<Controller> controllerOf(JsonNode ref, String namespace) {
    String apiVersion = ref.path("apiVersion").asText();
    String group = groupOf(apiVersion);
    String kind = ref.path("kind").asText();
    String name = ref.path("name").asText();
    String uid = ref.path("uid").asText();
    boolean apps = APPS_GROUPS.contains(group);
    if (group.isEmpty() && kind.equals("ReplicationController")) {
      return builtin(new ResourcePath("", "v1", namespace, "replicationcontrollers", name, null), uid);
    }
    if (apps && kind.equals("ReplicaSet")) {
      Optional<ObjectNode> replicaSet = store.get(appsPath(namespace, "replicasets", name))
          .filter(rs -> uidOf(rs).equals(uid));
      if (replicaSet.isEmpty()) {
        return Optional.empty();
      }
      Optional<JsonNode> owner = controllerRef(replicaSet.get());
      if (owner.isPresent() && owner.get().path("kind").asText().equals("Deployment")
          && APPS_GROUPS.contains(groupOf(owner.get().path("apiVersion").asText()))) {
        String deploymentUid = owner.get().path("uid").asText();
        Optional<Controller> deployment = store.get(appsPath(namespace, "deployments",
            owner.get().path("name").asText())).filter(d -> uidOf(d).equals(deploymentUid))
            .map(d -> new Controller(deploymentUid, replicas(d, 1)));
        if (deployment.isPresent()) {
          return deployment;
        }
      }
      return Optional.of(new Controller(uid, replicas(replicaSet.get(), 1)));
    }
    if (group.equals("apps") && kind.equals("StatefulSet")) {
      return builtin(new ResourcePath("apps", "v1", namespace, "statefulsets", name, null), uid);
    }
    ResourceType type = catalog.findByKind(apiVersion, kind).orElseThrow(() -> new CannotCompute(
        "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\""));
    if (type.scale() == null) {
      throw new CannotCompute(type.groupResource() + " does not implement the scale subresource");
    }
    return store.get(new ResourcePath(type.group(), type.version(), type.namespaced() ? namespace : null,
            type.plural(), name, null).objectPath()).filter(object -> uidOf(object).equals(uid))
        .map(object -> new Controller(uid, object.at(ScaleSubresource.pointer(type.scale().specReplicasPath()))
            .asInt(type.custom() ? 0 : 1)));
  }

  private static String groupOf(String apiVersion) {
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  private Optional<Controller> builtin(ResourcePath path, String uid) {
    return store.get(path.objectPath()).filter(object -> uidOf(object).equals(uid))
        .map(object -> new Controller(uid, replicas(object, 1)));
  }

  private static String appsPath(String namespace, String plural, String name) {
    return new ResourcePath("apps", "v1", namespace, plural, name, null).objectPath();
  }

  /** spec.replicas, which a real server defaults to 1 on the built-in workload kinds. */
  private static int replicas(JsonNode object, int absent) {
    return object.path("spec").path("replicas").asInt(absent);
  }

  private static String uidOf(JsonNode object) {
    return object.path("metadata").path("uid").asText();
  }

  /** Pod condition Ready=True (the phase is not looked at, as in Kubernetes' IsPodReady). */
  static boolean isReady(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  static boolean isBeingDeleted(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Optional<Instant> parseTime(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A pod's controller and the replicas it wants. */
  record Controller(String uid, int replicas) {
  }

  /** Resolves a controller reference in a namespace; may throw {@link CannotCompute}. */
  @FunctionalInterface
  interface ControllerFinder {
    Optional<Controller> find(JsonNode controllerRef, String namespace);
  }

  /** The budget cannot be computed; the message is what the disruption controller reports. */
  static final class CannotCompute extends RuntimeException {
    CannotCompute(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A PDB's numbers.
   *
   * @param disruptedPods pod name → RFC 3339 time of the accepted eviction, still counting
   * @param syncError why the numbers could not be computed (they are then the stored ones, with no disruption
   *     allowed), or null
   * @param observedGeneration the generation the numbers are for
   */
  record Budget(int expectedPods, int currentHealthy, int desiredHealthy, int disruptionsAllowed,
      Map<String, String> disruptedPods, String syncError, long observedGeneration) {

    /** The numbers for {@code pods} (those the PDB's selector matches) at {@code now}. */
    static Budget of(JsonNode pdb, List<? extends JsonNode> pods, ControllerFinder controllers, Instant now) {
      JsonNode spec = pdb.path("spec");
      JsonNode stored = pdb.path("status");
      long generation = pdb.path("metadata").path("generation").asLong(1);
      int expected;
      int desired;
      try {
        if (spec.hasNonNull("maxUnavailable")) {
          expected = expectedScale(pods, controllers);
          desired = Math.max(expected - scaled(spec.get("maxUnavailable"), expected), 0);
        } else if (spec.hasNonNull("minAvailable") && spec.get("minAvailable").isNumber()) {
          expected = pods.size();
          desired = spec.get("minAvailable").asInt();
        } else if (spec.hasNonNull("minAvailable")) {
          expected = expectedScale(pods, controllers);
          desired = scaled(spec.get("minAvailable"), expected);
        } else {
          expected = 0;
          desired = 0;
        }
      } catch (CannotCompute e) {
        Map<String, String> kept = new LinkedHashMap<>();
        stored.path("disruptedPods").properties().forEach(p -> kept.put(p.getKey(), p.getValue().asText()));
        return new Budget(stored.path("expectedPods").asInt(0), stored.path("currentHealthy").asInt(0),
            stored.path("desiredHealthy").asInt(0), 0, kept, e.getMessage(),
            stored.path("observedGeneration").asLong(0));
      }
      Map<String, String> disrupted = disruptedPods(stored.path("disruptedPods"), pods, now);
      int healthy = (int) pods.stream().filter(pod -> !isBeingDeleted(pod))
          .filter(pod -> !disrupted.containsKey(pod.path("metadata").path("name").asText()))
          .filter(DisruptionBudgets::isReady).count();
      int allowed = healthy - desired;
      if (expected <= 0 || allowed <= 0) {
        allowed = 0;
      }
      return new Budget(expected, healthy, desired, allowed, disrupted, null, generation);
    }

    /**
     * The sum of the desired replicas of the distinct controllers of {@code pods}; pods without a controller are
     * left out (the disruption controller only reports them in an UnmanagedPods event).
     */
    private static int expectedScale(List<? extends JsonNode> pods, ControllerFinder controllers) {
      Map<String, Controller> byReference = new HashMap<>();
      Map<String, Integer> scales = new HashMap<>();
      for (JsonNode pod : pods) {
        Optional<JsonNode> ref = controllerRef(pod);
        if (ref.isEmpty()) {
          continue;
        }
        String refUid = ref.get().path("uid").asText();
        Controller controller = byReference.get(refUid);
        if (controller == null) {
          controller = controllers.find(ref.get(), pod.path("metadata").path("namespace").asText())
              .orElseThrow(() -> new CannotCompute("found no controllers for pod \""
                  + pod.path("metadata").path("name").asText() + "\""));
          byReference.put(refUid, controller);
        }
        scales.put(controller.uid(), controller.replicas());
      }
      return scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The stored entries that still count: pod present, not being deleted, recorded less than 2 minutes ago. */
    private static Map<String, String> disruptedPods(JsonNode stored, List<? extends JsonNode> pods, Instant now) {
      Map<String, String> kept = new LinkedHashMap<>();
      if (!stored.isObject() || stored.isEmpty()) {
        return kept;
      }
      for (JsonNode pod : pods) {
        String name = pod.path("metadata").path("name").asText();
        JsonNode time = stored.get(name);
        if (time == null || isBeingDeleted(pod)) {
          continue;
        }
        parseTime(time.asText()).filter(at -> !at.plus(DELETION_TIMEOUT).isBefore(now))
            .ifPresent(at -> kept.put(name, time.asText()));
      }
      return kept;
    }

    /** IntOrString: an int as is, a percentage of {@code total} rounded up. */
    private static int scaled(JsonNode value, int total) {
      if (value.isNumber()) {
        return value.asInt();
      }
      String text = value.asText();
      if (!text.endsWith("%")) {
        throw new CannotCompute("invalid value for IntOrString: invalid type: string is not a percentage");
      }
      try {
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * (double) total / 100.0);
      } catch (NumberFormatException e) {
        throw new CannotCompute("invalid value \"" + text + "\": " + e.getMessage());
      }
    }

    /**
     * The PDB's status with these numbers: other conditions of the stored status are kept, the
     * {@code DisruptionAllowed} condition is set (lastTransitionTime kept while its status does not change).
     */
    ObjectNode status(JsonNode pdb, Instant now) {
      JsonNode stored = pdb.path("status");
      ObjectNode status = Store.JSON.createObjectNode();
      status.put("observedGeneration", observedGeneration);
      if (!disruptedPods.isEmpty()) {
        ObjectNode map = status.putObject("disruptedPods");
        disruptedPods.forEach(map::put);
      }
      status.put("disruptionsAllowed", disruptionsAllowed).put("currentHealthy", currentHealthy)
          .put("desiredHealthy", desiredHealthy).put("expectedPods", expectedPods);
      String conditionStatus = disruptionsAllowed > 0 ? "True" : "False";
      String reason = syncError != null ? "SyncFailed" : disruptionsAllowed > 0 ? "SufficientPods"
          : "InsufficientPods";
      ArrayNode conditions = status.putArray("conditions");
      String transition = timestamp(now);
      for (JsonNode condition : stored.path("conditions")) {
        if (!condition.path("type").asText().equals(CONDITION)) {
          conditions.add(condition.deepCopy());
        } else if (condition.path("status").asText().equals(conditionStatus)
            && condition.hasNonNull("lastTransitionTime")) {
          transition = condition.get("lastTransitionTime").asText();
        }
      }
      conditions.addObject().put("type", CONDITION).put("status", conditionStatus)
          .put("observedGeneration", observedGeneration).put("lastTransitionTime", transition)
          .put("reason", reason).put("message", syncError == null ? "" : syncError);
      return status;
    }
  }
}
