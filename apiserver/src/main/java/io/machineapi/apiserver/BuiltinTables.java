package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.machineapi.apiserver.ResourceType.PrinterColumn;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The server-side table columns of built-in kinds, as kube-apiserver's printers
 * ({@code k8s.io/kubernetes/pkg/printers/internalversion/printers.go}) define them, with every column (the server
 * prints wide; kubectl hides priority&gt;0 without {@code -o wide}). A kind's columns are {@link PrinterColumn}s like
 * a CRD's: Name and Age are JSONPath columns, the others have no JSONPath and are computed here by name.
 */
final class BuiltinTables {

  /** Computes the cell of a column without JSONPath; {@code age} renders a timestamp as kubectl's age. */
  @FunctionalInterface
  interface Cells {
    JsonNode cell(String column, ObjectNode object, UnaryOperator<String> age);
  }

  /** The columns of one kind and its computed cells. */
  record Table(List<PrinterColumn> columns, Cells cells) {
  }

  static final PrinterColumn NAME = new PrinterColumn("Name", "string", "name",
      "Name must be unique within a namespace.", 0, ".metadata.name");
  static final PrinterColumn AGE = new PrinterColumn("Age", "date", "",
      "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
      ".metadata.creationTimestamp");

  private static final Map<String, Table> TABLES = Map.ofEntries(
      Map.entry("Pod", new Table(List.of(NAME,
          computed("Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."),
          computed("Status", "string", 0, "The aggregate status of the containers in this pod."),
          computed("Restarts", "string", 0, "The number of times the containers in this pod have been restarted."),
          AGE,
          computed("IP", "string", 1, "IP address allocated to the pod."),
          computed("Node", "string", 1, "Name of the Node this pod is assigned to."),
          computed("Nominated Node", "string", 1, "Name of the node nominated by the scheduler."),
          computed("Readiness Gates", "string", 1, "Pod readiness gates.")), BuiltinTables::podCell)),
      Map.entry("Node", new Table(List.of(NAME,
          computed("Status", "string", 0, "The status of the node"),
          computed("Roles", "string", 0, "The roles of the node"),
          AGE,
          computed("Version", "string", 0, "Kubelet Version reported by the node."),
          computed("Internal-IP", "string", 1, "List of internal IPs in the node."),
          computed("External-IP", "string", 1, "List of external IPs in the node."),
          computed("OS-Image", "string", 1, "OS image reported by the node."),
          computed("Kernel-Version", "string", 1, "Kernel version reported by the node."),
          computed("Container-Runtime", "string", 1, "Container runtime reported by the node.")),
          BuiltinTables::nodeCell)),
      // core/v1 and events.k8s.io/v1 Events print alike (the server converts both to one internal type).
      Map.entry("Event", new Table(List.of(
          computed("Last Seen", "string", 0, "The time at which the most recent occurrence of this event was "
              + "recorded."),
          computed("Type", "string", 0, "Type of this event (Normal, Warning), new types could be added in the "
              + "future"),
          computed("Reason", "string", 0, "This should be a short, machine understandable string that gives the "
              + "reason for the transition into the object's current status."),
          computed("Object", "string", 0, "The object that this event is about."),
          computed("Subobject", "string", 1, "If referring to a piece of an object instead of an entire object, "
              + "this string should contain a valid JSON/Go field access statement."),
          computed("Source", "string", 1, "The component reporting this event."),
          computed("Message", "string", 0, "A human-readable description of the status of this operation."),
          computed("First Seen", "string", 1, "The time at which the event was first recorded."),
          computed("Count", "string", 1, "The number of times this event has occurred."),
          new PrinterColumn("Name", "string", "name", NAME.description(), 1, ".metadata.name")),
          BuiltinTables::eventCell)),
      Map.entry("Namespace", new Table(List.of(NAME,
          computed("Status", "string", 0, "The status of the namespace"), AGE),
          (column, o, age) -> text(o.path("status").path("phase").asText("")))),
      Map.entry("Secret", new Table(List.of(NAME,
          computed("Type", "string", 0, "Used to facilitate programmatic handling of secret data."),
          computed("Data", "string", 0, "Data contains the secret data."), AGE),
          (column, o, age) -> column.equals("Type") ? text(o.path("type").asText(""))
              : new LongNode(o.path("data").size()))),
      Map.entry("ConfigMap", new Table(List.of(NAME,
          computed("Data", "string", 0, "Data contains the configuration data."), AGE),
          (column, o, age) -> new LongNode(o.path("data").size() + o.path("binaryData").size()))),
      Map.entry("ServiceAccount", new Table(List.of(NAME,
          computed("Secrets", "string", 0, "Secrets is a list of the secrets in the same namespace that pods "
              + "running using this ServiceAccount are allowed to use."), AGE),
          (column, o, age) -> new LongNode(o.path("secrets").size()))),
      Map.entry("Lease", new Table(List.of(NAME,
          computed("Holder", "string", 0, "holderIdentity contains the identity of the holder of a current "
              + "lease."), AGE),
          (column, o, age) -> text(o.path("spec").path("holderIdentity").asText("")))),
      Map.entry("PodDisruptionBudget", new Table(List.of(NAME,
          computed("Min Available", "string", 0, "The minimum number of pods that must be available."),
          computed("Max Unavailable", "string", 0, "The maximum number of pods that may be unavailable."),
          computed("Allowed Disruptions", "integer", 0, "Calculated number of pods that may be disrupted at this "
              + "time."), AGE),
          BuiltinTables::budgetCell)),
      Map.entry("Deployment", new Table(List.of(NAME,
          computed("Ready", "string", 0, "Number of the pod with ready state"),
          computed("Up-to-date", "string", 0, "Total number of non-terminated pods targeted by this deployment "
              + "that have the desired template spec."),
          computed("Available", "string", 0, "Total number of available pods (ready for at least "
              + "minReadySeconds) targeted by this deployment."), AGE,
          computed("Containers", "string", 1, "Names of each container in the template."),
          computed("Images", "string", 1, "Images referenced by each container in the template."),
          computed("Selector", "string", 1, "Label selector for pods.")), BuiltinTables::workloadCell)),
      Map.entry("ReplicaSet", new Table(List.of(NAME,
          computed("Desired", "integer", 0, "Replicas is the number of desired replicas."),
          computed("Current", "integer", 0, "Replicas is the most recently observed number of replicas."),
          computed("Ready", "integer", 0, "The number of ready replicas for this replica set."), AGE,
          computed("Containers", "string", 1, "Names of each container in the template."),
          computed("Images", "string", 1, "Images referenced by each container in the template."),
          computed("Selector", "string", 1, "Selector is a label query over pods that should match the replica "
              + "count.")), BuiltinTables::workloadCell)));

  private BuiltinTables() {
  }

  /** The table of a built-in kind, or null when the server prints it with Name and Age only. */
  static Table of(String kind) {
    return TABLES.get(kind);
  }

  private static PrinterColumn computed(String name, String type, int priority, String description) {
    return new PrinterColumn(name, type, "", description, priority, null);
  }

  private static TextNode text(String value) {
    return new TextNode(value);
  }

  private static JsonNode podCell(String column, ObjectNode pod, UnaryOperator<String> age) {
    JsonNode status = pod.path("status");
    return text(switch (column) {
      case "Ready" -> {
        int ready = 0;
        for (JsonNode cs : status.path("containerStatuses")) {
          ready += cs.path("ready").asBoolean() ? 1 : 0;
        }
        yield ready + "/" + pod.path("spec").path("containers").size();
      }
      case "Status" -> podStatus(pod);
      case "Restarts" -> {
        int restarts = 0;
        for (JsonNode cs : status.path("containerStatuses")) {
          restarts += cs.path("restartCount").asInt();
        }
        yield Integer.toString(restarts);
      }
      case "IP" -> orNone(status.path("podIP").asText(""));
      case "Node" -> orNone(pod.path("spec").path("nodeName").asText(""));
      case "Nominated Node" -> orNone(status.path("nominatedNodeName").asText(""));
      default -> "<none>";
    });
  }

  private static String podStatus(ObjectNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    for (JsonNode cs : status.path("containerStatuses")) {
      JsonNode state = cs.path("state");
      if (!state.path("waiting").path("reason").asText("").isEmpty()) {
        reason = state.path("waiting").path("reason").asText();
      } else if (!state.path("terminated").path("reason").asText("").isEmpty()) {
        reason = state.path("terminated").path("reason").asText();
      }
    }
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      reason = "Terminating";
    }
    return reason;
  }

  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

  private static JsonNode nodeCell(String column, ObjectNode node, UnaryOperator<String> age) {
    JsonNode status = node.path("status");
    JsonNode info = status.path("nodeInfo");
    return text(switch (column) {
      case "Status" -> nodeStatus(node);
      case "Roles" -> roles(node);
      case "Version" -> info.path("kubeletVersion").asText("");
      case "Internal-IP" -> address(status, "InternalIP");
      case "External-IP" -> address(status, "ExternalIP");
      case "OS-Image" -> orUnknown(info.path("osImage").asText(""));
      case "Kernel-Version" -> orUnknown(info.path("kernelVersion").asText(""));
      case "Container-Runtime" -> orUnknown(info.path("containerRuntimeVersion").asText(""));
      default -> "<none>";
    });
  }

  private static String nodeStatus(ObjectNode node) {
    String ready = "Unknown";
    for (JsonNode condition : node.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        ready = switch (condition.path("status").asText()) {
          case "True" -> "Ready";
          case "False" -> "NotReady";
          default -> "Unknown";
        };
      }
    }
    return node.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
  }

  private static String roles(ObjectNode node) {
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
      if (label.getKey().startsWith(ROLE_PREFIX) && label.getKey().length() > ROLE_PREFIX.length()) {
        roles.add(label.getKey().substring(ROLE_PREFIX.length()));
      } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
        roles.add(label.getValue().asText());
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(JsonNode status, String addressType) {
    List<String> addresses = new ArrayList<>();
    for (JsonNode a : status.path("addresses")) {
      if (a.path("type").asText().equals(addressType)) {
        addresses.add(a.path("address").asText());
      }
    }
    return addresses.isEmpty() ? "<none>" : String.join(",", addresses);
  }

  /**
   * printEvent: the last and first time seen (falling back to eventTime and the series), the object as
   * {@code kind/name} in lower case, source as {@code component, host}. An events.k8s.io/v1 Event has the same
   * fields under its own names (regarding, note, deprecatedFirstTimestamp, ...).
   */
  private static JsonNode eventCell(String column, ObjectNode event, UnaryOperator<String> age) {
    boolean eventsApi = event.path("apiVersion").asText().startsWith("events.k8s.io/");
    JsonNode involved = event.path(eventsApi ? "regarding" : "involvedObject");
    JsonNode source = event.path(eventsApi ? "deprecatedSource" : "source");
    String firstTimestamp = event.path(eventsApi ? "deprecatedFirstTimestamp" : "firstTimestamp").asText("");
    String lastTimestamp = event.path(eventsApi ? "deprecatedLastTimestamp" : "lastTimestamp").asText("");
    long count = event.path(eventsApi ? "deprecatedCount" : "count").asLong(0);
    String firstSeen = since(firstTimestamp.isEmpty() ? event.path("eventTime").asText("") : firstTimestamp, age);
    String lastSeen = lastTimestamp.isEmpty() ? firstSeen : since(lastTimestamp, age);
    JsonNode series = event.path("series");
    if (series.isObject()) {
      lastSeen = since(series.path("lastObservedTime").asText(""), age);
      count = series.path("count").asLong(0);
    } else if (count == 0) {
      count = 1;
    }
    return switch (column) {
      case "Last Seen" -> text(lastSeen);
      case "Type" -> text(event.path("type").asText(""));
      case "Reason" -> text(event.path("reason").asText(""));
      case "Object" -> {
        String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
        String name = involved.path("name").asText("");
        yield text(name.isEmpty() ? kind : kind + "/" + name);
      }
      case "Subobject" -> text(involved.path("fieldPath").asText(""));
      case "Source" -> {
        String component = firstNonEmpty(source.path("component").asText(""),
            event.path(eventsApi ? "reportingController" : "reportingComponent").asText(""));
        String host = firstNonEmpty(source.path("host").asText(""), event.path("reportingInstance").asText(""));
        yield text(host.isEmpty() ? component : component + ", " + host);
      }
      case "Message" -> text(event.path(eventsApi ? "note" : "message").asText("").strip());
      case "First Seen" -> text(firstSeen);
      case "Count" -> new LongNode(count);
      default -> text("");
    };
  }

  /** translateTimestampSince: the age, or {@code <unknown>} for no timestamp. */
  private static String since(String timestamp, UnaryOperator<String> age) {
    return timestamp.isEmpty() ? "<unknown>" : age.apply(timestamp);
  }

  private static String firstNonEmpty(String first, String second) {
    return first.isEmpty() ? second : first;
  }

  /** printPodDisruptionBudget: min/max as given (number or percentage) or N/A, allowed from the status. */
  private static JsonNode budgetCell(String column, ObjectNode budget, UnaryOperator<String> age) {
    JsonNode spec = budget.path("spec");
    return switch (column) {
      case "Min Available" -> text(intOrString(spec.path("minAvailable")));
      case "Max Unavailable" -> text(intOrString(spec.path("maxUnavailable")));
      default -> new LongNode(budget.path("status").path("disruptionsAllowed").asLong(0));
    };
  }

  private static String intOrString(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "N/A" : value.asText();
  }

  /**
   * printDeployment and printReplicaSet: ready/desired (Deployment) or desired, current, ready (ReplicaSet);
   * containers, images and the selector. Unset spec.replicas counts as 1, the value a real server defaults.
   */
  private static JsonNode workloadCell(String column, ObjectNode workload, UnaryOperator<String> age) {
    JsonNode status = workload.path("status");
    long desired = workload.path("spec").path("replicas").asLong(1);
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
      names.add(container.path("name").asText(""));
      images.add(container.path("image").asText(""));
    }
    return switch (column) {
      case "Ready" -> workload.path("kind").asText().equals("Deployment")
          ? text(status.path("readyReplicas").asLong(0) + "/" + desired)
          : new LongNode(status.path("readyReplicas").asLong(0));
      case "Up-to-date" -> new LongNode(status.path("updatedReplicas").asLong(0));
      case "Available" -> new LongNode(status.path("availableReplicas").asLong(0));
      case "Desired" -> new LongNode(desired);
      case "Current" -> new LongNode(status.path("replicas").asLong(0));
      case "Containers" -> text(String.join(",", names));
      case "Images" -> text(String.join(",", images));
      case "Selector" -> text(selector(workload.path("spec").get("selector")));
      default -> text("");
    };
  }

  private static String selector(JsonNode selector) {
    try {
      return LabelSelectors.fromJson(selector).toString();
    } catch (SelectorException e) {
      return "<invalid>";
    }
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? "<unknown>" : value;
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }
}
