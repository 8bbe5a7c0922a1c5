package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.LifecycleHooks;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.controllers.JsonMergePatch;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.events.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Machines: status through the status subresource as one merge patch of what changed since the pass read it
 * (every added or changed condition included; rules at {@link #writeStatus}), metadata/spec.providerID as a merge
 * patch, and the finalizer. Each write hands the API's answer back to the {@link MachineScope}, so later steps of the
 * same pass, and the next pass (through {@link RecentWrites}), build on what is stored.
 */
final class MachineWriter {
  private static final Logger LOG = LoggerFactory.getLogger(MachineWriter.class);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final MachineMetrics metrics;
  private final RecentWrites recent;

  MachineWriter(KubernetesClient client, EventRecorder events, MachineMetrics metrics, RecentWrites recent) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.recent = recent;
  }

  /**
   * Writes the status being built when it differs from the stored one; {@code lastUpdated} moves only then. The
   * reconciler calls it once, at the end of a pass. Recomputes {@code Drainable}/{@code Terminable} and clears the
   * error fields unless Failed. A phase change is recorded as an Event named after the new phase.
   *
   * @return whether anything was written
   */
  boolean writeStatus(MachineScope scope) {
    MachineStatus status = scope.status();
    normalize(scope);
    JsonNode next = Serialization.jsonMapper().valueToTree(status);
    if (next.equals(scope.writtenStatus())) {
      return false;
    }
    String oldPhase = scope.writtenStatus().path("phase").asText(null);
    status.setLastUpdated(scope.now().toString());
    next = Serialization.jsonMapper().valueToTree(status);
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", JsonMergePatch.diff(scope.writtenStatus(), next));
    Machine updated = remember(scope, patchTarget(scope).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch)));
    String newPhase = status.getPhase();
    scope.accept(updated);
    if (newPhase != null && !Objects.equals(oldPhase, newPhase)) {
      LOG.info("Machine {} phase {} -> {}", scope.key(), oldPhase == null ? "(none)" : oldPhase, newPhase);
      metrics.phaseChanged(updated, newPhase, scope.now());
      if (MachinePhases.FAILED.equals(newPhase)) {
        events.warning(updated, "Failed", "Machine failed: " + status.getErrorMessage());
      } else {
        events.normal(updated, newPhase, "Machine phase is now " + newPhase);
      }
    }
    return true;
  }

  /**
   * Merges labels and annotations ({@code null} values remove keys) and sets {@code spec.providerID} when given;
   * writes nothing when all of it is already so.
   */
  void writeMetadata(MachineScope scope, Map<String, String> labels, Map<String, String> annotations,
      String providerId) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode labelPatch = changed(scope.labels(), labels);
    ObjectNode annotationPatch = changed(scope.annotations(), annotations);
    if (!labelPatch.isEmpty()) {
      patch.with("metadata").set("labels", labelPatch);
    }
    if (!annotationPatch.isEmpty()) {
      patch.with("metadata").set("annotations", annotationPatch);
    }
    if (providerId != null && !providerId.equals(scope.providerId())) {
      patch.with("spec").put("providerID", providerId);
    }
    if (patch.isEmpty()) {
      return;
    }
    scope.acceptMetadata(remember(scope,
        patchTarget(scope).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch))));
  }

  MachineMetrics metrics() {
    return metrics;
  }

  /**
   * Adds the finalizer: one JSON patch guarded by the known uid and resourceVersion; when that copy is stale
   * (the guard fails), a read-modify-write of the current object instead.
   */
  void addFinalizer(MachineScope scope) {
    Machine known = scope.machine();
    List<String> present = known.getMetadata().getFinalizers();
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/uid").put("value", known.getMetadata().getUid());
    patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
        .put("value", known.getMetadata().getResourceVersion());
    if (present == null || present.isEmpty()) {
      patch.addObject().put("op", "add").put("path", "/metadata/finalizers")
          .set("value", JsonNodeFactory.instance.arrayNode().add(Machine.FINALIZER));
    } else {
      patch.addObject().put("op", "add").put("path", "/metadata/finalizers/-").put("value", Machine.FINALIZER);
    }
    try {
      scope.acceptMetadata(remember(scope, patchTarget(scope).patch(PatchContext.of(PatchType.JSON),
          patch.toString())));
      return;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 422) {
        throw e;
      }
      LOG.debug("Machine {}: cached copy is stale, adding the finalizer to the current one", scope.key());
    }
    scope.acceptMetadata(remember(scope, machine(scope).edit(m -> {
      List<String> finalizers = m.getMetadata().getFinalizers() == null ? new ArrayList<>()
          : new ArrayList<>(m.getMetadata().getFinalizers());
      if (!finalizers.contains(Machine.FINALIZER)) {
        finalizers.add(Machine.FINALIZER);
      }
      m.getMetadata().setFinalizers(finalizers);
      return m;
    })));
  }

  /** Removes the finalizer, the last deletion step. */
  void removeFinalizer(MachineScope scope) {
    machine(scope).edit(m -> {
      if (m.getMetadata().getFinalizers() != null) {
        List<String> finalizers = new ArrayList<>(m.getMetadata().getFinalizers());
        finalizers.remove(Machine.FINALIZER);
        m.getMetadata().setFinalizers(finalizers);
      }
      return m;
    });
  }

  private Machine remember(MachineScope scope, Machine updated) {
    recent.wrote(scope.machine().getMetadata().getResourceVersion(), updated);
    return updated;
  }

  /** Patches without reading the Machine first. */
  private Resource<Machine> patchTarget(MachineScope scope) {
    return PatchTargets.of(client, Machine.class, scope.namespace(), scope.name());
  }

  /** For read-modify-write ({@code edit}): reads the current Machine. */
  private Resource<Machine> machine(MachineScope scope) {
    return client.resources(Machine.class).inNamespace(scope.namespace()).withName(scope.name());
  }

  private static ObjectNode changed(Map<String, String> current, Map<String, String> wanted) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    wanted.forEach((key, value) -> {
      if (value == null) {
        if (current.containsKey(key)) {
          patch.putNull(key);
        }
      } else if (!value.equals(current.get(key))) {
        patch.put(key, value);
      }
    });
    return patch;
  }

  /** What every status write does to the status being built: hook conditions recomputed, error fields cleared. */
  private static void normalize(MachineScope scope) {
    recomputeHookConditions(scope);
    if (!MachinePhases.FAILED.equals(scope.status().getPhase())) {
      scope.status().setErrorReason(null);
      scope.status().setErrorMessage(null);
    }
  }

  private static void recomputeHookConditions(MachineScope scope) {
    LifecycleHooks hooks = scope.machine().getSpec() == null ? null : scope.machine().getSpec().getLifecycleHooks();
    setHookCondition(scope, MachineConditionTypes.DRAINABLE, hooks == null ? null : hooks.getPreDrain(), "preDrain");
    setHookCondition(scope, MachineConditionTypes.TERMINABLE, hooks == null ? null : hooks.getPreTerminate(),
        "preTerminate");
  }

  private static void setHookCondition(MachineScope scope, String type, List<?> hooks, String kind) {
    if (hooks == null || hooks.isEmpty()) {
      scope.setCondition(type, Condition.TRUE, null, null, null);
    } else {
      scope.setCondition(type, Condition.FALSE, "Warning", MachineConditionTypes.REASON_HOOK_PRESENT,
          hooks.size() + " " + kind + " lifecycle hook(s) present: " + hookNames(hooks));
    }
  }

  private static String hookNames(List<?> hooks) {
    return String.join(", ", hooks.stream()
        .map(h -> h instanceof io.machineapi.api.machine.v1beta1.LifecycleHook l ? l.getName() : String.valueOf(h))
        .toList());
  }
}
