package io.machineapi.controllers.healthcheck;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.controllers.events.EventRecorder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out the remediation of one unhealthy Machine: by default delete it (only when a controller
 * owner — its MachineSet — will replace it); with {@code spec.remediationTemplate} create the external remediation
 * object from the template instead; with the {@code external-baremetal} strategy annotate the Machine for the
 * bare-metal provider.
 */
final class Remediation {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Remediation.class);
  static final String REMEDIATION_STRATEGY_ANNOTATION = "machine.openshift.io/remediation-strategy";
  static final String EXTERNAL_BAREMETAL = "external-baremetal";
  static final String EXTERNAL_REMEDIATION_ANNOTATION = "host.metal3.io/external-remediation";
  static final String CLONED_FROM_NAME = "machine.openshift.io/cloned-from-name";
  static final String CLONED_FROM_GROUPKIND = "machine.openshift.io/cloned-from-groupkind";

  /** What happened; {@link #STARTED} counts against the in-flight limit and the success metric. */
  enum Outcome { STARTED, ALREADY_IN_PROGRESS, SKIPPED, TEMPLATE_NOT_FOUND, FAILED }

  private final KubernetesClient client;
  private final EventRecorder events;

  Remediation(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  Outcome remediate(MachineHealthCheck mhc, Machine machine, String why) {
    if (EXTERNAL_BAREMETAL.equals(annotation(mhc, REMEDIATION_STRATEGY_ANNOTATION))) {
      return annotateForBareMetal(machine);
    }
    if (mhc.getSpec().getRemediationTemplate() != null) {
      return createExternalRequest(mhc, machine);
    }
    return delete(mhc, machine, why);
  }

  /**
   * Deletes the external remediation objects of Machines that are healthy again: one list of the request
   * kind in the MHC's namespace, then a delete only for the requests (named after their Machine) that exist — not
   * a delete per healthy Machine on every evaluation.
   *
   * @return false when listing or deleting failed for another reason than the kind not being served (the caller
   *     retries with backoff)
   */
  boolean healthyAgain(MachineHealthCheck mhc, java.util.Collection<Machine> healthy) {
    ObjectReference template = mhc.getSpec().getRemediationTemplate();
    if (template == null || healthy.isEmpty()) {
      return true;
    }
    java.util.Set<String> names = healthy.stream().map(m -> m.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
    var requests = client.genericKubernetesResources(template.getApiVersion(), requestKind(template))
        .inNamespace(mhc.getMetadata().getNamespace());
    try {
      for (GenericKubernetesResource request : requests.list().getItems()) {
        String name = request.getMetadata().getName();
        if (names.contains(name) && request.getMetadata().getDeletionTimestamp() == null) {
          requests.withName(name).delete();
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // An absent kind (no external remediation controller installed yet) is the normal case.
        LOG.debug("MachineHealthCheck {}: external remediation requests not listed: {}", mhc.getMetadata().getName(),
            e.getMessage());
        return true;
      }
      // Forbidden (RBAC), a 5xx, a timeout: the withdrawal did not happen and is retried.
      LOG.warn("MachineHealthCheck {}/{}: could not withdraw the external remediation requests of healthy Machines: {}",
          mhc.getMetadata().getNamespace(), mhc.getMetadata().getName(), e.getMessage());
      events.warning(mhc, "ExternalRemediationWithdrawalFailed",
          "Could not withdraw external remediation requests of healthy Machines: " + e.getMessage());
      return false;
    }
    return true;
  }

  private Outcome delete(MachineHealthCheck mhc, Machine machine, String why) {
    boolean hasController = machine.getMetadata().getOwnerReferences() != null
        && machine.getMetadata().getOwnerReferences().stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    if (!hasController) {
      events.warning(machine, "SkippedNoController",
          "Machine is unhealthy (" + why + ") but has no controller owner to replace it: not deleted");
      return Outcome.SKIPPED;
    }
    try {
      client.resources(Machine.class).inNamespace(machine.getMetadata().getNamespace())
          .withName(machine.getMetadata().getName()).delete();
      events.normal(machine, "MachineDeleted", "Machine deleted by MachineHealthCheck "
          + mhc.getMetadata().getName() + ": " + why);
      events.normal(mhc, "MachineDeleted", "Deleted unhealthy Machine " + machine.getMetadata().getName() + ": " + why);
      return Outcome.STARTED;
    } catch (KubernetesClientException e) {
      events.warning(mhc, "MachineDeletionFailed", "Could not delete Machine " + machine.getMetadata().getName()
          + ": " + e.getMessage());
      return Outcome.FAILED;
    }
  }

  private Outcome annotateForBareMetal(Machine machine) {
    if (annotation(machine, EXTERNAL_REMEDIATION_ANNOTATION) != null) {
      return Outcome.ALREADY_IN_PROGRESS;
    }
    try {
      client.resources(Machine.class).inNamespace(machine.getMetadata().getNamespace())
          .withName(machine.getMetadata().getName())
          .edit(m -> {
            if (m.getMetadata().getAnnotations() == null) {
              m.getMetadata().setAnnotations(new HashMap<>());
            }
            m.getMetadata().getAnnotations().put(EXTERNAL_REMEDIATION_ANNOTATION, "");
            return m;
          });
      events.normal(machine, "ExternalAnnotationAdded", "Requested power-cycle remediation from the bare-metal provider");
      return Outcome.STARTED;
    } catch (KubernetesClientException e) {
      events.warning(machine, "ExternalAnnotationFailed", "Could not annotate for remediation: " + e.getMessage());
      return Outcome.FAILED;
    }
  }

  private Outcome createExternalRequest(MachineHealthCheck mhc, Machine machine) {
    ObjectReference ref = mhc.getSpec().getRemediationTemplate();
    String namespace = machine.getMetadata().getNamespace();
    String templateNamespace = ref.getNamespace() == null ? namespace : ref.getNamespace();
    GenericKubernetesResource template;
    try {
      template = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind()).inNamespace(templateNamespace)
          .withName(ref.getName()).get();
    } catch (KubernetesClientException e) {
      template = null;
    }
    if (template == null) {
      return Outcome.TEMPLATE_NOT_FOUND;
    }
    String kind = requestKind(ref);
    try {
      if (client.genericKubernetesResources(ref.getApiVersion(), kind).inNamespace(namespace)
          .withName(machine.getMetadata().getName()).get() != null) {
        return Outcome.ALREADY_IN_PROGRESS;
      }
      GenericKubernetesResource request = new GenericKubernetesResource();
      request.setApiVersion(ref.getApiVersion());
      request.setKind(kind);
      request.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
          .withName(machine.getMetadata().getName()).withNamespace(namespace)
          .withAnnotations(Map.of(CLONED_FROM_NAME, ref.getName(), CLONED_FROM_GROUPKIND, groupKind(ref)))
          .withOwnerReferences(ownerReference(machine)).build());
      Map<String, Object> additional = new HashMap<>();
      templateSpec(template).ifPresent(spec -> additional.put("spec", spec));
      request.setAdditionalProperties(additional);
      client.genericKubernetesResources(ref.getApiVersion(), kind).inNamespace(namespace).resource(request).create();
      events.normal(machine, "ExternalRemediationRequested", "Created " + kind + " " + machine.getMetadata().getName()
          + " from template " + ref.getName());
      return Outcome.STARTED;
    } catch (KubernetesClientException e) {
      events.warning(mhc, "ExternalRemediationRequestCreationFailed", "Could not create " + kind + " for Machine "
          + machine.getMetadata().getName() + ": " + e.getMessage());
      return Outcome.FAILED;
    }
  }

  @SuppressWarnings("unchecked")
  private static Optional<Object> templateSpec(GenericKubernetesResource template) {
    Object spec = template.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> specMap && specMap.get("template") instanceof Map<?, ?> inner) {
      return Optional.ofNullable(((Map<String, Object>) inner).get("spec"));
    }
    return Optional.empty();
  }

  static String requestKind(ObjectReference template) {
    String kind = template.getKind();
    return kind.endsWith("Template") ? kind.substring(0, kind.length() - "Template".length()) : kind;
  }

  private static String groupKind(ObjectReference ref) {
    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return ref.getKind() + (group.isEmpty() ? "" : "." + group);
  }

  private static OwnerReference ownerReference(Machine machine) {
    return new OwnerReferenceBuilder().withApiVersion(machine.getApiVersion()).withKind(machine.getKind())
        .withName(machine.getMetadata().getName()).withUid(machine.getMetadata().getUid()).build();
  }

  private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
