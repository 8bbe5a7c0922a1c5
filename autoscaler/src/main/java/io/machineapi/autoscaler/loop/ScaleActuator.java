package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.machineset.DeletePriority;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a decision through the MachineSet {@code /scale} subresource, each change a compare-and-swap:
 * the live scale is read, the change is skipped when replicas are no longer what the decision started from, and the
 * PUT carries the resourceVersion read, so a concurrent change makes it fail with 409 rather than overwrite.
 *
 * <p>A node removal is: read the live scale (replicas R, resourceVersion V); refuse when R − 1 &lt; min;
 * annotate the Machine with {@code machine.openshift.io/delete-machine} (and the legacy key); PUT replicas R − 1 at
 * V. If that PUT fails — someone changed the MachineSet in between — the annotations are removed again, so no
 * Machine is left marked without the replicas that go with it. The MachineSet controller deletes annotated Machines
 * first, so the one Machine chosen is the one removed.
 */
public final class ScaleActuator {
  private final KubernetesClient client;
  private final Clock clock;

  public ScaleActuator(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * What happened to each change: done, skipped (with why) or failed (with why).
   *
   * @param kind the size change's kind, or null for a node removal
   */
  public record Outcome(String group, Decision.Change kind, String what, boolean done, boolean failed,
      String message) {}

  public List<Outcome> apply(Decision d) {
    List<Outcome> out = new ArrayList<>();
    Map<String, Integer> mins = new HashMap<>();
    d.groups().forEach(g -> mins.put(g.id(), g.min()));
    for (Decision.SizeChange c : d.sizeChanges()) {
      out.add(setSize(c));
    }
    for (Decision.NodeRemoval r : d.removals()) {
      out.add(remove(r, mins.getOrDefault(r.group(), 0)));
    }
    return out;
  }

  private Resource<MachineSet> set(String ns, String name) {
    return client.resources(MachineSet.class).inNamespace(ns).withName(name);
  }

  private Outcome setSize(Decision.SizeChange c) {
    String what = c.kind() + " " + c.from() + "->" + c.to();
    try {
      Scale live = set(c.namespace(), c.name()).scale();
      int replicas = live.getSpec() == null || live.getSpec().getReplicas() == null ? 0 : live.getSpec().getReplicas();
      if (replicas != c.from()) {
        return new Outcome(c.group(), c.kind(), what, false, false, "skipped: replicas are now " + replicas + ", not "
            + c.from() + " (recomputed next pass)");
      }
      live.getSpec().setReplicas(c.to());
      set(c.namespace(), c.name()).scale(live);
      return new Outcome(c.group(), c.kind(), what, true, false, "replicas " + c.from() + " -> " + c.to()
          + (c.reason() == null ? "" : " (" + c.reason() + ")"));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return new Outcome(c.group(), c.kind(), what, false, false, "skipped: the MachineSet changed meanwhile (409)");
      }
      return new Outcome(c.group(), c.kind(), what, false, true, "failed: " + describe(e));
    }
  }

  private Outcome remove(Decision.NodeRemoval r, int min) {
    String what = "remove node " + r.node();
    Scale live;
    try {
      live = set(r.namespace(), r.machineSet()).scale();
    } catch (KubernetesClientException e) {
      return new Outcome(r.group(), null, what, false, true, "failed to read the scale: " + describe(e));
    }
    int replicas = live.getSpec() == null || live.getSpec().getReplicas() == null ? 0 : live.getSpec().getReplicas();
    if (replicas - 1 < min) {
      return new Outcome(r.group(), null, what, false, false, "skipped: replicas " + replicas + " already at min " + min);
    }
    Machine machine = client.resources(Machine.class).inNamespace(r.namespace()).withName(r.machine()).get();
    if (machine == null || machine.getMetadata().getDeletionTimestamp() != null) {
      return new Outcome(r.group(), null, what, false, false, "skipped: Machine " + r.machine() + " is gone or deleting");
    }
    String stamp = clock.instant().toString();
    Map<String, Object> mark = new HashMap<>();
    mark.put(DeletePriority.DELETE_ANNOTATION, stamp);
    mark.put(DeletePriority.LEGACY_DELETE_ANNOTATION, stamp);
    try {
      annotate(r, mark);
    } catch (KubernetesClientException e) {
      return new Outcome(r.group(), null, what, false, true, "failed to annotate Machine " + r.machine() + ": "
          + describe(e));
    }
    try {
      live.getSpec().setReplicas(replicas - 1);
      set(r.namespace(), r.machineSet()).scale(live);
      return new Outcome(r.group(), null, what, true, false, "Machine " + r.machine() + " annotated, replicas " + replicas
          + " -> " + (replicas - 1));
    } catch (KubernetesClientException e) {
      Map<String, Object> unmark = new HashMap<>();
      unmark.put(DeletePriority.DELETE_ANNOTATION, null);
      unmark.put(DeletePriority.LEGACY_DELETE_ANNOTATION, null);
      try {
        annotate(r, unmark);
      } catch (KubernetesClientException undo) {
        return new Outcome(r.group(), null, what, false, true, "replicas change failed (" + describe(e)
            + ") and the delete annotation could not be removed from Machine " + r.machine() + ": "
            + describe(undo));
      }
      return new Outcome(r.group(), null, what, false, e.getCode() != 409, (e.getCode() == 409
          ? "skipped: the MachineSet changed meanwhile (409)" : "failed: " + describe(e))
          + "; delete annotation removed again");
    }
  }

  private void annotate(Decision.NodeRemoval r, Map<String, Object> annotations) {
    PatchTargets.of(client, Machine.class, r.namespace(), r.machine()).patch(PatchContext.of(PatchType.JSON_MERGE),
        Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
  }

  private static String describe(KubernetesClientException e) {
    return e.getCode() > 0 ? "HTTP " + e.getCode() + " " + (e.getStatus() == null ? "" : e.getStatus().getMessage())
        : e.getMessage();
  }
}
