package io.machineapi.autoscaler.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what {@code kubectl get nodes,pods,pdb,machinesets,machines,clusterautoscalers -A -o yaml} (or
 * {@code -o json}) prints: a {@code List} of objects, or several YAML documents, or single objects. Kinds the
 * autoscaler does not read are counted and reported, not refused.
 */
public final class SnapshotFile {
  private SnapshotFile() {}

  public record Parsed(ClusterObjects objects, Map<String, Integer> skippedKinds) {}

  public static Parsed parse(String text) throws IOException {
    List<Node> nodes = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    List<PodDisruptionBudget> budgets = new ArrayList<>();
    List<MachineSet> sets = new ArrayList<>();
    List<Machine> machines = new ArrayList<>();
    List<ClusterAutoscaler> cas = new ArrayList<>();
    ConfigMap priority = null;
    Map<String, Integer> skipped = new TreeMap<>();
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = Serialization.yamlMapper().readerFor(JsonNode.class).readValues(text)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (doc.has("items") && doc.path("kind").asText("").endsWith("List")) {
          doc.get("items").forEach(objects::add);
        } else {
          objects.add(doc);
        }
      }
    }
    var mapper = Serialization.jsonMapper();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText("");
      String group = o.path("apiVersion").asText("");
      switch (kind) {
        case "Node" -> nodes.add(mapper.convertValue(o, Node.class));
        case "Pod" -> pods.add(mapper.convertValue(o, Pod.class));
        case "PodDisruptionBudget" -> budgets.add(mapper.convertValue(o, PodDisruptionBudget.class));
        case "MachineSet" -> {
          if (group.startsWith("machine.openshift.io/")) {
            sets.add(mapper.convertValue(o, MachineSet.class));
          } else {
            skipped.merge(kind + " (" + group + ")", 1, Integer::sum);
          }
        }
        case "Machine" -> machines.add(mapper.convertValue(o, Machine.class));
        case "ClusterAutoscaler" -> cas.add(mapper.convertValue(o, ClusterAutoscaler.class));
        case "ConfigMap" -> {
          ConfigMap cm = mapper.convertValue(o, ConfigMap.class);
          if (SettingsReader.PRIORITY_CONFIGMAP.equals(cm.getMetadata().getName())) {
            priority = cm;
          } else {
            skipped.merge(kind, 1, Integer::sum);
          }
        }
        default -> skipped.merge(kind.isEmpty() ? "(no kind)" : kind, 1, Integer::sum);
      }
    }
    return new Parsed(new ClusterObjects(nodes, pods, budgets, sets, machines, cas, priority), skipped);
  }
}
