package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the Machine puts on its Node, with tracking (Cluster API style): annotation
 * {@value #MACHINE_ANNOTATION} = {@code <namespace>/<name>}; every key of {@code spec.metadata.labels} and
 * {@code .annotations}; every {@code spec.taints} entry. The keys copied are recorded on the Node in three
 * annotations, so a key removed from the Machine is removed from the Node, and keys that did not come from the
 * Machine are never touched:
 * <ul>
 *   <li>{@value #LABELS_FROM_MACHINE}: comma-separated label keys, sorted;</li>
 *   <li>{@value #ANNOTATIONS_FROM_MACHINE}: comma-separated annotation keys, sorted;</li>
 *   <li>{@value #TAINTS_FROM_MACHINE}: comma-separated {@code key:effect} of taints, sorted.</li>
 * </ul>
 * A taint whose key and effect the Node already had before the Machine asked for it stays the Node's (not tracked,
 * value untouched), as in OpenShift.
 */
final class NodeMetadataSync {
  private NodeMetadataSync() {}

  static final String MACHINE_ANNOTATION = "machine.openshift.io/machine";
  static final String LABELS_FROM_MACHINE = "machine.openshift.io/labels-from-machine";
  static final String ANNOTATIONS_FROM_MACHINE = "machine.openshift.io/annotations-from-machine";
  static final String TAINTS_FROM_MACHINE = "machine.openshift.io/taints-from-machine";
  private static final Set<String> OWN_KEYS =
      Set.of(MACHINE_ANNOTATION, LABELS_FROM_MACHINE, ANNOTATIONS_FROM_MACHINE, TAINTS_FROM_MACHINE);

  /** The merge patch to send to the Node, or empty when it already matches the Machine. */
  static Optional<String> patch(Node node, Machine machine) {
    Map<String, String> nodeLabels = orEmpty(node.getMetadata().getLabels());
    Map<String, String> nodeAnnotations = orEmpty(node.getMetadata().getAnnotations());
    Map<String, String> wantedLabels = machine.getSpec() == null || machine.getSpec().getMetadata() == null ? Map.of()
        : orEmpty(machine.getSpec().getMetadata().getLabels());
    Map<String, String> wantedAnnotations = new TreeMap<>(machine.getSpec() == null
        || machine.getSpec().getMetadata() == null ? Map.of() : orEmpty(machine.getSpec().getMetadata().getAnnotations()));
    wantedAnnotations.keySet().removeAll(OWN_KEYS);

    ObjectNode labels = syncKeys(nodeLabels, wantedLabels, tracked(nodeAnnotations, LABELS_FROM_MACHINE));
    ObjectNode annotations = syncKeys(nodeAnnotations, wantedAnnotations,
        tracked(nodeAnnotations, ANNOTATIONS_FROM_MACHINE));
    setIfChanged(annotations, nodeAnnotations, MACHINE_ANNOTATION,
        machine.getMetadata().getNamespace() + "/" + machine.getMetadata().getName());
    setIfChanged(annotations, nodeAnnotations, LABELS_FROM_MACHINE, join(wantedLabels.keySet()));
    setIfChanged(annotations, nodeAnnotations, ANNOTATIONS_FROM_MACHINE, join(wantedAnnotations.keySet()));

    TaintSync taints = syncTaints(node, machine, tracked(nodeAnnotations, TAINTS_FROM_MACHINE));
    setIfChanged(annotations, nodeAnnotations, TAINTS_FROM_MACHINE, join(taints.tracked()));

    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    if (!labels.isEmpty()) {
      patch.with("metadata").set("labels", labels);
    }
    if (!annotations.isEmpty()) {
      patch.with("metadata").set("annotations", annotations);
    }
    if (taints.changed()) {
      patch.with("spec").set("taints", Serialization.jsonMapper().valueToTree(taints.taints()));
      // Taints are replaced as a whole list: guard against a concurrent writer with the resourceVersion.
      patch.with("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
    }
    return patch.isEmpty() ? Optional.empty() : Optional.of(Serialization.asJson(patch));
  }

  private static ObjectNode syncKeys(Map<String, String> current, Map<String, String> wanted, Set<String> tracked) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (String key : tracked) {
      if (!wanted.containsKey(key) && current.containsKey(key)) {
        patch.putNull(key);
      }
    }
    wanted.forEach((key, value) -> {
      if (!Objects.equals(current.get(key), value)) {
        patch.put(key, value == null ? "" : value);
      }
    });
    return patch;
  }

  private record TaintSync(List<Taint> taints, Set<String> tracked, boolean changed) {}

  private static TaintSync syncTaints(Node node, Machine machine, Set<String> tracked) {
    List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
        : node.getSpec().getTaints();
    List<Taint> wanted = machine.getSpec() == null || machine.getSpec().getTaints() == null ? List.of()
        : machine.getSpec().getTaints();
    Map<String, Taint> wantedByKey = new TreeMap<>();
    wanted.forEach(t -> wantedByKey.put(taintKey(t), t));

    List<Taint> result = new ArrayList<>();
    Set<String> nowTracked = new TreeSet<>();
    Set<String> present = new LinkedHashSet<>();
    for (Taint taint : current) {
      String key = taintKey(taint);
      present.add(key);
      if (tracked.contains(key)) {
        Taint replacement = wantedByKey.get(key);
        if (replacement != null) {
          result.add(withoutTime(replacement, taint));
          nowTracked.add(key);
        }
      } else {
        result.add(taint);
      }
    }
    wantedByKey.forEach((key, taint) -> {
      if (!present.contains(key)) {
        result.add(withoutTime(taint, null));
        nowTracked.add(key);
      }
    });
    boolean changed = !Serialization.jsonMapper().valueToTree(result)
        .equals(Serialization.jsonMapper().valueToTree(current));
    return new TaintSync(result, nowTracked, changed);
  }

  /** The Machine's taint, keeping the Node's {@code timeAdded} when it had the same taint already. */
  private static Taint withoutTime(Taint wanted, Taint existing) {
    Taint copy = new Taint(wanted.getEffect(), wanted.getKey(), wanted.getTimeAdded(), wanted.getValue());
    if (existing != null && copy.getTimeAdded() == null) {
      copy.setTimeAdded(existing.getTimeAdded());
    }
    return copy;
  }

  private static String taintKey(Taint taint) {
    return taint.getKey() + ":" + taint.getEffect();
  }

  private static void setIfChanged(ObjectNode patch, Map<String, String> current, String key, String value) {
    if (value == null || value.isEmpty()) {
      if (current.containsKey(key)) {
        patch.putNull(key);
      }
    } else if (!value.equals(current.get(key))) {
      patch.put(key, value);
    }
  }

  private static Set<String> tracked(Map<String, String> annotations, String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String join(Set<String> keys) {
    return String.join(",", new TreeSet<>(keys));
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
