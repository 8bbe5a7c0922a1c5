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

/**
 * Server-side printing: a meta.k8s.io/v1 Table for requests whose Accept header asks for {@code as=Table}
 * (kubectl get). Custom resources use the CRD's additionalPrinterColumns (all columns with their priority: kubectl
 * shows priority&gt;0 only with {@code -o wide}); built-in kinds get the columns a real server prints
 * ({@link BuiltinTables}); other kinds NAME and AGE. Date columns are rendered as ages, like a real server does.
 */
final class TablePrinter {

  private static final Configuration JSON_PATH = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider(Store.JSON))
      .mappingProvider(new JacksonMappingProvider(Store.JSON))
      .options(Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST).build();

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
    if (type != null && type.custom() && !type.columns().isEmpty()) {
      List<PrinterColumn> columns = new ArrayList<>();
      columns.add(BuiltinTables.NAME);
      columns.addAll(type.columns());
      return columns;
    }
    BuiltinTables.Table builtin = builtin(type);
    return builtin != null ? builtin.columns() : List.of(BuiltinTables.NAME, BuiltinTables.AGE);
  }

  private static BuiltinTables.Table builtin(ResourceType type) {
    return type == null || type.custom() ? null : BuiltinTables.of(type.kind());
  }

  private JsonNode cell(ResourceType type, PrinterColumn column, ObjectNode object) {
    if (column.jsonPath() == null) {
      return builtin(type).cells().cell(column.name(), object, this::age);
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
}
