package io.machineapi.sandbox.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.sandbox.PeriodicPass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox only — plays the Deployment and ReplicaSet controllers of kube-controller-manager, which the embedded API
 * does not have, so workloads behave under a drain as on a cluster: an evicted pod is replaced, the scheduler
 * stand-in places the replacement and the node emulator makes it Ready. Every interval:
 * <ul>
 *   <li>a Deployment owns one ReplicaSet per pod template ({@code <name>-<pod-template-hash>}, the hash label added
 *       to its selector and template); the current one gets the Deployment's replicas and the older ones 0 at once
 *       (a Recreate rollout, no surge), and the Deployment's status counts their pods;</li>
 *   <li>a ReplicaSet keeps {@code spec.replicas} active pods (not deleting, not finished) controlled by it: it
 *       creates missing ones from its template with a controller ownerReference, deletes surplus ones (unscheduled,
 *       then not Ready, then newest first), and writes its status counts.</li>
 * </ul>
 * Not part of the operator: {@code machine-api run} never starts it. Not modelled: rolling-update surge and
 * unavailability limits, {@code minReadySeconds}, adoption of orphaned pods, revision history.
 */
public final class WorkloadStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkloadStandIn.class);
  static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesClient client;
  private volatile PeriodicPass loop;

  public WorkloadStandIn(KubernetesClient client) {
    this.client = client;
  }

  public WorkloadStandIn start(Duration interval) {
    loop = PeriodicPass.start("sandbox-workloads", interval, this::sync, LOG);
    return this;
  }

  /** One pass over every Deployment, then every ReplicaSet. */
  public void sync() {
    List<ReplicaSet> sets = client.apps().replicaSets().inAnyNamespace().list().getItems();
    for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
      guarded(d, () -> syncDeployment(d, sets));
    }
    Map<String, List<Pod>> podsByOwner = new HashMap<>();
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      OwnerReference owner = controllerOf(p);
      if (owner != null) {
        podsByOwner.computeIfAbsent(owner.getUid(), k -> new ArrayList<>()).add(p);
      }
    }
    for (ReplicaSet rs : client.apps().replicaSets().inAnyNamespace().list().getItems()) {
      guarded(rs, () -> syncReplicaSet(rs, podsByOwner.getOrDefault(rs.getMetadata().getUid(), List.of())));
    }
  }

  private static void guarded(HasMetadata object, Runnable step) {
    try {
      step.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        LOG.warn("{} {}/{}: {}", object.getKind(), object.getMetadata().getNamespace(),
            object.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void syncDeployment(Deployment d, List<ReplicaSet> sets) {
    if (d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
      return;
    }
    String namespace = d.getMetadata().getNamespace();
    int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    String hash = templateHash(d.getSpec().getTemplate());
    String current = d.getMetadata().getName() + "-" + hash;
    List<ReplicaSet> owned = sets.stream().filter(rs -> ownedBy(rs, d)).toList();
    if (owned.stream().noneMatch(rs -> rs.getMetadata().getName().equals(current))) {
      client.apps().replicaSets().inNamespace(namespace).resource(replicaSetFor(d, current, hash, desired)).create();
    }
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    for (ReplicaSet rs : owned) {
      boolean isCurrent = rs.getMetadata().getName().equals(current);
      int want = isCurrent ? desired : 0;
      if (!Objects.equals(rs.getSpec().getReplicas(), want)) {
        scale(rs, want);
      }
      if (rs.getStatus() != null) {
        replicas += count(rs.getStatus().getReplicas());
        ready += count(rs.getStatus().getReadyReplicas());
        available += count(rs.getStatus().getAvailableReplicas());
        updated += isCurrent ? count(rs.getStatus().getReplicas()) : 0;
      }
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", d.getMetadata().getGeneration());
    status.put("replicas", replicas);
    status.put("updatedReplicas", updated);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    status.put("unavailableReplicas", Math.max(0, desired - available));
    writeStatusIfChanged(d, d.getStatus() == null ? null : Serialization.jsonMapper().convertValue(d.getStatus(),
        Map.class), status);
  }

  private void syncReplicaSet(ReplicaSet rs, List<Pod> pods) {
    if (rs.getMetadata().getDeletionTimestamp() != null || rs.getSpec() == null
        || rs.getSpec().getTemplate() == null) {
      return;
    }
    int desired = Optional.ofNullable(rs.getSpec().getReplicas()).orElse(1);
    List<Pod> active = pods.stream().filter(WorkloadStandIn::active).toList();
    for (int i = active.size(); i < desired; i++) {
      client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(podFor(rs)).create();
    }
    if (active.size() > desired) {
      active.stream().sorted(Comparator.comparing((Pod p) -> scheduled(p) ? 1 : 0)
          .thenComparing(p -> ready(p) ? 1 : 0)
          .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()))
          .limit(active.size() - desired)
          .forEach(p -> client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
              .delete());
    }
    long ready = active.stream().filter(WorkloadStandIn::ready).count();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", rs.getMetadata().getGeneration());
    status.put("replicas", active.size());
    status.put("fullyLabeledReplicas", active.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    writeStatusIfChanged(rs, rs.getStatus() == null ? null : Serialization.jsonMapper().convertValue(rs.getStatus(),
        Map.class), status);
  }

  private void writeStatusIfChanged(HasMetadata object, Map<?, ?> old, Map<String, Object> status) {
    Map<?, ?> now = Serialization.jsonMapper().convertValue(status, Map.class);
    if (old != null && now.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(old.get(e.getKey())),
        String.valueOf(e.getValue())))) {
      return;
    }
    PatchTargets.of(client, object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName())
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", status)));
  }

  private void scale(ReplicaSet rs, int replicas) {
    PatchTargets.of(client, ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private static ReplicaSet replicaSetFor(Deployment d, String name, String hash, int replicas) {
    PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
    ObjectMeta meta = Optional.ofNullable(template.getMetadata()).orElseGet(ObjectMeta::new);
    Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(meta.getLabels()).orElse(Map.of()));
    labels.put(HASH_LABEL, hash);
    meta.setLabels(labels);
    template.setMetadata(meta);
    LabelSelector selector = Serialization.clone(Optional.ofNullable(d.getSpec().getSelector())
        .orElseGet(LabelSelector::new));
    Map<String, String> match = new LinkedHashMap<>(Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()));
    match.put(HASH_LABEL, hash);
    selector.setMatchLabels(match);
    return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
        .withLabels(labels).withOwnerReferences(controllerReference(d)).endMetadata()
        .withNewSpec().withReplicas(replicas).withSelector(selector).withTemplate(template).endSpec().build();
  }

  private static Pod podFor(ReplicaSet rs) {
    PodTemplateSpec template = rs.getSpec().getTemplate();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : Serialization.clone(template.getMetadata());
    meta.setName(null);
    meta.setGenerateName(rs.getMetadata().getName() + "-");
    meta.setNamespace(rs.getMetadata().getNamespace());
    meta.setOwnerReferences(List.of(controllerReference(rs)));
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(Serialization.clone(template.getSpec()));
    return pod;
  }

  private static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }

  private static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    OwnerReference ref = controllerOf(object);
    return ref != null && Objects.equals(ref.getUid(), owner.getMetadata().getUid());
  }

  static OwnerReference controllerOf(HasMetadata object) {
    return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
  }

  private static boolean active(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return p.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private static boolean scheduled(Pod p) {
    return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null && Optional.ofNullable(p.getStatus().getConditions()).orElse(List.of()).stream()
        .filter(c -> "Ready".equals(c.getType())).map(PodCondition::getStatus).anyMatch("True"::equals);
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }

  /**
   * The {@code pod-template-hash} of a template: 32-bit FNV-1a of its JSON, its decimal digits spelled with
   * Kubernetes' safe alphabet (no vowels, so no words), as the Deployment controller names ReplicaSets.
   */
  static String templateHash(PodTemplateSpec template) {
    int hash = 0x811c9dc5;
    for (byte b : Serialization.asJson(template).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (char c : Integer.toUnsignedString(hash).toCharArray()) {
      out.append(alphabet.charAt(c % alphabet.length()));
    }
    return out.toString();
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
