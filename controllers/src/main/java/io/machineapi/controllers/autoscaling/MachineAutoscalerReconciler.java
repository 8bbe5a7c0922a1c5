package io.machineapi.controllers.autoscaling;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.autoscaling.v1beta1.CrossVersionObjectReference;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscalerStatus;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.ControllerRetry;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MachineAutoscaler writes the min/max size annotations (OpenShift and Cluster API forms) and its
 * owner annotation onto its target MachineSet, keeps them current, moves them when the target changes, and removes
 * them before its finalizer is released. Targets other than {@code machine.openshift.io/v1beta1} MachineSets, a
 * target owned by another MachineAutoscaler and invalid bounds are refused with a {@code Ready=False} condition and a
 * Warning Event. MachineSet changes wake the owning (or targeting) MachineAutoscaler, so edits to the annotations by
 * hand are repaired.
 *
 * <p>The controller adds and removes its finalizer itself ({@code triggerReconcilerOnAllEvents}), each time in one
 * guarded patch sent without reading the object. java-operator-sdk's own finalizer handling re-reads the object with
 * a GET whenever its patch meets a conflict, and the operator's Role grants no {@code get} on MachineAutoscalers;
 * here a conflict fails the patch and the reconcile is retried from the informer's newer copy.
 */
@GradualRetry(maxAttempts = ControllerRetry.FOREVER, initialInterval = ControllerRetry.INITIAL_MILLIS,
    intervalMultiplier = ControllerRetry.MULTIPLIER, maxInterval = ControllerRetry.MAX_MILLIS)
@ControllerConfiguration(name = "machineautoscaler", triggerReconcilerOnAllEvents = true)
public class MachineAutoscalerReconciler implements Reconciler<MachineAutoscaler> {
  private static final Logger LOG = LoggerFactory.getLogger(MachineAutoscalerReconciler.class);
  static final String SUPPORTED_API_VERSION = "machine.openshift.io/v1beta1";
  static final String READY = "Ready";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public MachineAutoscalerReconciler(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, MachineAutoscaler>> prepareEventSources(EventSourceContext<MachineAutoscaler> context) {
    var primaries = context.getPrimaryCache();
    InformerEventSource<MachineSet, MachineAutoscaler> sets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(MachineSet.class, MachineAutoscaler.class)
            .withName("machineautoscaler-machinesets")
            .withSecondaryToPrimaryMapper(set -> {
              Set<ResourceID> ids = primaries.list(set.getMetadata().getNamespace(), ma -> targets(ma, set))
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
              String owner = annotations(set).get(AutoscalerAnnotations.OWNER);
              if (owner != null && owner.contains("/")) {
                ids.add(new ResourceID(owner.substring(owner.indexOf('/') + 1), owner.substring(0, owner.indexOf('/'))));
              }
              return ids;
            })
            .build(), context);
    return List.of(sets);
  }

  private static boolean targets(MachineAutoscaler ma, MachineSet set) {
    CrossVersionObjectReference ref = ma.getSpec() == null ? null : ma.getSpec().getScaleTargetRef();
    return ref != null && set.getMetadata().getName().equals(ref.getName());
  }

  /** Any exception: a warning and an Event; JOSDK retries with backoff, forever ({@code ControllerRetry}). */
  @Override
  public ErrorStatusUpdateControl<MachineAutoscaler> updateErrorStatus(MachineAutoscaler resource,
      Context<MachineAutoscaler> context, Exception e) {
    return events.reconcileFailed(resource, context, e);
  }

  @Override
  public UpdateControl<MachineAutoscaler> reconcile(MachineAutoscaler ma, Context<MachineAutoscaler> context) {
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()) {
      return UpdateControl.noUpdate();
    }
    if (ma.isMarkedForDeletion()) {
      cleanup(ma);
      return UpdateControl.noUpdate();
    }
    if (!ma.hasFinalizer(AutoscalerAnnotations.FINALIZER)) {
      addFinalizer(ma);
    }
    MachineAutoscalerStatus status = ma.getStatus() == null ? new MachineAutoscalerStatus() : copy(ma.getStatus());
    CrossVersionObjectReference target = ma.getSpec() == null ? null : ma.getSpec().getScaleTargetRef();
    CrossVersionObjectReference last = status.getLastTargetRef();
    if (last != null && !sameRef(last, target)) {
      release(ma, last);
      status.setLastTargetRef(null);
    }
    String invalid = validate(ma);
    if (invalid != null) {
      return refuse(ma, status, "FailedValidation", invalid);
    }
    String unsupported = unsupportedTarget(ma);
    if (unsupported != null) {
      return refuse(ma, status, "UnsupportedTarget", unsupported);
    }
    String ns = ma.getMetadata().getNamespace();
    MachineSet set = client.resources(MachineSet.class).inNamespace(ns).withName(target.getName()).get();
    if (set == null) {
      status.setLastTargetRef(target);
      return refuse(ma, status, "TargetNotFound", "MachineSet " + ns + "/" + target.getName() + " does not exist");
    }
    String me = ns + "/" + ma.getMetadata().getName();
    Map<String, String> current = annotations(set);
    String owner = current.get(AutoscalerAnnotations.OWNER);
    if (owner != null && !owner.equals(me)) {
      return refuse(ma, status, "TargetAlreadyOwned", "MachineSet " + ns + "/" + target.getName()
          + " is already owned by MachineAutoscaler " + owner);
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put(AutoscalerAnnotations.OWNER, me);
    String min = String.valueOf(ma.getSpec().getMinReplicas());
    String max = String.valueOf(ma.getSpec().getMaxReplicas());
    wanted.put(AutoscalerAnnotations.MIN, min);
    wanted.put(AutoscalerAnnotations.CAPI_MIN, min);
    wanted.put(AutoscalerAnnotations.MAX, max);
    wanted.put(AutoscalerAnnotations.CAPI_MAX, max);
    Map<String, Object> changes = new HashMap<>();
    wanted.forEach((k, v) -> {
      if (!v.equals(current.get(k))) {
        changes.put(k, v);
      }
    });
    if (!changes.isEmpty()) {
      patchAnnotations(ns, target.getName(), changes);
      events.normal(ma, "TargetAnnotated", "MachineSet " + target.getName() + " autoscaled between " + min + " and "
          + max);
      LOG.info("MachineAutoscaler {}: MachineSet {}/{} annotated min={} max={}", me, ns, target.getName(), min, max);
    }
    status.setLastTargetRef(target);
    setReady(status, Condition.TRUE, "TargetAnnotated", "MachineSet " + target.getName() + " carries min " + min
        + " and max " + max);
    return writeStatus(ma, status);
  }

  /** Releases the target, then removes the finalizers: deletion goes on. */
  private void cleanup(MachineAutoscaler ma) {
    CrossVersionObjectReference ref = ma.getStatus() != null && ma.getStatus().getLastTargetRef() != null
        ? ma.getStatus().getLastTargetRef() : ma.getSpec() == null ? null : ma.getSpec().getScaleTargetRef();
    if (ref != null) {
      release(ma, ref);
    }
    removeFinalizers(ma);
  }

  /**
   * Adds this controller's finalizer before the target is touched: appended to the list when there is one, else the
   * list is created under a {@code test} of the resourceVersion read. The reconcile goes on in the same pass (a
   * metadata-only update wakes no reconcile: the generation does not change).
   */
  private void addFinalizer(MachineAutoscaler ma) {
    List<String> finalizers = ma.getMetadata().getFinalizers();
    String patch = finalizers == null || finalizers.isEmpty()
        ? "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":"
            + Serialization.asJson(ma.getMetadata().getResourceVersion()) + "},{\"op\":\"add\",\"path\":"
            + "\"/metadata/finalizers\",\"value\":[\"" + AutoscalerAnnotations.FINALIZER + "\"]}]"
        : "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + AutoscalerAnnotations.FINALIZER
            + "\"}]";
    PatchTargets.of(client, MachineAutoscaler.class, ma.getMetadata().getNamespace(), ma.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  /**
   * Removes this controller's finalizers (and OpenShift's legacy one) in one JSON patch whose {@code test} operations
   * guard each index.
   */
  private void removeFinalizers(MachineAutoscaler ma) {
    List<String> finalizers = ma.getMetadata().getFinalizers() == null ? List.of() : ma.getMetadata().getFinalizers();
    StringBuilder patch = new StringBuilder();
    for (int i = finalizers.size() - 1; i >= 0; i--) {
      String f = finalizers.get(i);
      if (f.equals(AutoscalerAnnotations.FINALIZER) || f.equals(AutoscalerAnnotations.LEGACY_FINALIZER)) {
        patch.append(patch.isEmpty() ? "" : ",").append("{\"op\":\"test\",\"path\":\"/metadata/finalizers/")
            .append(i).append("\",\"value\":\"").append(f).append("\"},{\"op\":\"remove\",\"path\":")
            .append("\"/metadata/finalizers/").append(i).append("\"}");
      }
    }
    if (!patch.isEmpty()) {
      PatchTargets.of(client, MachineAutoscaler.class, ma.getMetadata().getNamespace(), ma.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), "[" + patch + "]");
    }
  }

  /** Removes the size and owner annotations from a target this MachineAutoscaler owns. */
  private void release(MachineAutoscaler ma, CrossVersionObjectReference ref) {
    if (!"MachineSet".equals(ref.getKind()) || ref.getName() == null) {
      return;
    }
    String ns = ma.getMetadata().getNamespace();
    MachineSet set = client.resources(MachineSet.class).inNamespace(ns).withName(ref.getName()).get();
    String me = ns + "/" + ma.getMetadata().getName();
    if (set == null || !me.equals(annotations(set).get(AutoscalerAnnotations.OWNER))) {
      return;
    }
    Map<String, Object> removal = new HashMap<>();
    removal.put(AutoscalerAnnotations.OWNER, null);
    AutoscalerAnnotations.SIZE_KEYS.forEach(k -> removal.put(k, null));
    patchAnnotations(ns, ref.getName(), removal);
    events.normal(ma, "TargetReleased", "MachineSet " + ref.getName() + " is no longer autoscaled by " + me);
    LOG.info("MachineAutoscaler {}: annotations removed from MachineSet {}/{}", me, ns, ref.getName());
  }

  private void patchAnnotations(String ns, String name, Map<String, Object> annotations) {
    Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations));
    try {
      PatchTargets.of(client, MachineSet.class, ns, name).patch(PatchContext.of(PatchType.JSON_MERGE),
          Serialization.asJson(patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Why a valid spec's target cannot be autoscaled (null when it can): only {@value #SUPPORTED_API_VERSION}
   * MachineSets can. The admission webhook refuses the same targets.
   */
  public static String unsupportedTarget(MachineAutoscaler ma) {
    var target = ma.getSpec().getScaleTargetRef();
    if (!SUPPORTED_API_VERSION.equals(target.getApiVersion()) || !"MachineSet".equals(target.getKind())) {
      return "spec.scaleTargetRef " + target.getApiVersion() + " " + target.getKind() + " is not supported: only "
          + SUPPORTED_API_VERSION + " MachineSet can be autoscaled";
    }
    return null;
  }

  /**
   * The spec's problem (null when valid): a target kind and name, min &ge; 0, max &ge; 1, max &ge; min. The admission
   * webhook refuses the same specs.
   */
  public static String validate(MachineAutoscaler ma) {
    var spec = ma.getSpec();
    if (spec == null || spec.getScaleTargetRef() == null) {
      return "spec.scaleTargetRef is required";
    }
    if (spec.getScaleTargetRef().getKind() == null || spec.getScaleTargetRef().getKind().isEmpty()
        || spec.getScaleTargetRef().getName() == null || spec.getScaleTargetRef().getName().isEmpty()) {
      return "spec.scaleTargetRef needs kind and name";
    }
    Integer min = spec.getMinReplicas();
    Integer max = spec.getMaxReplicas();
    if (min == null || max == null) {
      return "spec.minReplicas and spec.maxReplicas are required";
    }
    if (min < 0) {
      return "spec.minReplicas must be >= 0 (is " + min + ")";
    }
    if (max < 1) {
      return "spec.maxReplicas must be >= 1 (is " + max + ")";
    }
    if (max < min) {
      return "spec.maxReplicas (" + max + ") must be >= spec.minReplicas (" + min + ")";
    }
    return null;
  }

  private UpdateControl<MachineAutoscaler> refuse(MachineAutoscaler ma, MachineAutoscalerStatus status, String reason,
      String message) {
    String before = readyMessage(ma.getStatus());
    setReady(status, Condition.FALSE, reason, message);
    if (!message.equals(before)) {
      events.warning(ma, reason, message);
      LOG.warn("MachineAutoscaler {}/{}: {}", ma.getMetadata().getNamespace(), ma.getMetadata().getName(), message);
    }
    return writeStatus(ma, status);
  }

  private static String readyMessage(MachineAutoscalerStatus status) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream().filter(c -> READY.equals(c.getType())).map(Condition::getMessage)
        .findFirst().orElse(null);
  }

  private void setReady(MachineAutoscalerStatus status, String value, String reason, String message) {
    List<Condition> conditions = status.getConditions() == null ? new java.util.ArrayList<>()
        : new java.util.ArrayList<>(status.getConditions());
    Condition existing = conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
    if (existing != null && value.equals(existing.getStatus()) && reason.equals(existing.getReason())
        && message.equals(existing.getMessage())) {
      return;
    }
    conditions.removeIf(c -> READY.equals(c.getType()));
    conditions.add(new Condition(READY, value, Condition.TRUE.equals(value) ? null : "Warning", reason, message,
        clock.instant().toString()));
    status.setConditions(conditions);
  }

  private static UpdateControl<MachineAutoscaler> writeStatus(MachineAutoscaler ma, MachineAutoscalerStatus status) {
    if (Serialization.asJson(status).equals(Serialization.asJson(ma.getStatus() == null
        ? new MachineAutoscalerStatus() : ma.getStatus()))) {
      return UpdateControl.noUpdate();
    }
    ma.setStatus(status);
    return UpdateControl.patchStatus(ma);
  }

  private static boolean sameRef(CrossVersionObjectReference a, CrossVersionObjectReference b) {
    return b != null && Objects.equals(a.getApiVersion(), b.getApiVersion()) && Objects.equals(a.getKind(), b.getKind())
        && Objects.equals(a.getName(), b.getName());
  }

  private static MachineAutoscalerStatus copy(MachineAutoscalerStatus s) {
    return Serialization.clone(s);
  }

  private static Map<String, String> annotations(HasMetadata o) {
    return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
  }
}
