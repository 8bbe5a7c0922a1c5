package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.machineapi.apiserver.ResourceType.PrinterColumn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Server-side printing: a meta.k8s.io/v1 Table for requests whose Accept header asks for {@code as=Table}
 * (kubectl get). Custom resources use the CRD's additionalPrinterColumns (all columns with their priority: kubectl
 * shows priority&gt;0 only with {@code -o wide}); Nodes and Pods get the columns a real server prints; other kinds
 * NAME and AGE. Date columns are rendered as ages, like a real server does.
 */
final class TablePrinter {

  private static final Configuration JSON_PATH = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider(Store.JSON))
      .mappingProvider(new JacksonMappingProvider(Store.JSON))
      .options(Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST).build();

  private static final PrinterColumn NAME = new PrinterColumn("Name", "string", "name",
      "Name must be unique within a namespace.", 0, ".metadata.name");
  private static final PrinterColumn AGE = new PrinterColumn("Age", "date", "",
      "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
      ".metadata.creationTimestamp");

  private final Clock clock;

  TablePrinter(Clock clock) {
    this.clock = clock;
  }

  /** True when the Accept header asks for a Table (kubectl sends it first, with JSON as fallback). */
  static boolean wantsTable(ApiRequest request) {
    return request.header("Accept").contains("as=Table");
  }

  /**
   * @param includeObject the request's includeObject parameter: None, Object or (default) Metadata
   */
  ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, String includeObject) {
    List<PrinterColumn> columns = columns(type);
    ObjectNode table = Store.JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (PrinterColumn c : columns) {
      definitions.addObject().put("name", c.name()).put("type", c.type().equals("date") ? "string" : c.type())
          .put("format", c.format()).put("description", c.description()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (PrinterColumn c : columns) {
        cells.add(cell(type, c, object));
      }
      if (includeObject.equals("Object")) {
        row.set("object", object);
      } else if (!includeObject.equals("None")) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
      }
    }
    return table;
  }

  private static List<PrinterColumn> columns(ResourceType type) {
    List<PrinterColumn> columns = new ArrayList<>();
    columns.add(NAME);
    if (type != null && type.custom() && !type.columns().isEmpty()) {
      columns.addAll(type.columns());
      return columns;
    }
    String kind = type == null || type.custom() ? "" : type.kind();
    switch (kind) {
      case "Pod" -> {
        columns.add(builtin("Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."));
        columns.add(builtin("Status", "string", 0, "The aggregate status of the containers in this pod."));
        columns.add(builtin("Restarts", "string", 0, "The number of times the containers in this pod have been "
            + "restarted."));
        columns.add(AGE);
        columns.add(builtin("IP", "string", 1, "IP address allocated to the pod."));
        columns.add(builtin("Node", "string", 1, "Name of the Node this pod is assigned to."));
        columns.add(builtin("Nominated Node", "string", 1, "Name of the node nominated by the scheduler."));
        columns.add(builtin("Readiness Gates", "string", 1, "Pod readiness gates."));
      }
      case "Node" -> {
        columns.add(builtin("Status", "string", 0, "The status of the node"));
        columns.add(builtin("Roles", "string", 0, "The roles of the node"));
        columns.add(AGE);
        columns.add(builtin("Version", "string", 0, "Kubelet Version reported by the node."));
        columns.add(builtin("Internal-IP", "string", 1, "List of internal IPs in the node."));
        columns.add(builtin("External-IP", "string", 1, "List of external IPs in the node."));
        columns.add(builtin("OS-Image", "string", 1, "OS image reported by the node."));
        columns.add(builtin("Kernel-Version", "string", 1, "Kernel version reported by the node."));
        columns.add(builtin("Container-Runtime", "string", 1, "Container runtime reported by the node."));
      }
      default -> columns.add(AGE);
    }
    return columns;
  }

  private static PrinterColumn builtin(String name, String type, int priority, String description) {
    return new PrinterColumn(name, type, "", description, priority, null);
  }

  private JsonNode cell(ResourceType type, PrinterColumn column, ObjectNode object) {
    if (column.jsonPath() == null) {
      return new TextNode(type.kind().equals("Pod") ? PodColumns.cell(column.name(), object)
          : NodeColumns.cell(column.name(), object));
    }
    List<JsonNode> values = evaluate(column.jsonPath(), object);
    if (values.isEmpty() || values.get(0) == null || values.get(0).isNull()) {
      return NullNode.getInstance();
    }
    JsonNode value = values.get(0);
    if (values.size() > 1) {
      List<String> parts = new ArrayList<>();
      values.forEach(v -> parts.add(v.isTextual() ? v.asText() : v.toString()));
      return new TextNode(String.join(",", parts));
    }
    return switch (column.type()) {
      case "date" -> new TextNode(age(value.asText()));
      case "string" -> new TextNode(value.isTextual() ? value.asText() : value.toString());
      default -> value;
    };
  }

  /** Evaluates a Kubernetes JSONPath ({@code .metadata.labels['a/b']}, optionally in braces) on {@code object}. */
  static List<JsonNode> evaluate(String kubernetesPath, JsonNode object) {
    String p = kubernetesPath.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    String path = p.startsWith("$") ? p : "$" + (p.startsWith(".") || p.startsWith("[") ? p : "." + p);
    JsonNode result = JsonPath.using(JSON_PATH).parse(object).read(path);
    List<JsonNode> values = new ArrayList<>();
    if (result != null) {
      result.forEach(values::add);
    }
    return values;
  }

  String age(String timestamp) {
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** Kubernetes' {@code duration.HumanDuration}: "45s", "3m20s", "5h10m", "3d4h", "2y30d". */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The built-in Pod columns, computed like kubectl's pod printer. */
  static final class PodColumns {
    private PodColumns() {
    }

    static String cell(String column, ObjectNode pod) {
      JsonNode status = pod.path("status");
      return switch (column) {
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
      };
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
  }

  /** The built-in Node columns, computed like kubectl's node printer. */
  static final class NodeColumns {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private NodeColumns() {
    }

    static String cell(String column, ObjectNode node) {
      JsonNode status = node.path("status");
      JsonNode info = status.path("nodeInfo");
      return switch (column) {
        case "Status" -> nodeStatus(node);
        case "Roles" -> roles(node);
        case "Version" -> info.path("kubeletVersion").asText("");
        case "Internal-IP" -> address(status, "InternalIP");
        case "External-IP" -> address(status, "ExternalIP");
        case "OS-Image" -> orUnknown(info.path("osImage").asText(""));
        case "Kernel-Version" -> orUnknown(info.path("kernelVersion").asText(""));
        case "Container-Runtime" -> orUnknown(info.path("containerRuntimeVersion").asText(""));
        default -> "<none>";
      };
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

    private static String orUnknown(String value) {
      return value.isEmpty() ? "<unknown>" : value;
    }
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }
}
