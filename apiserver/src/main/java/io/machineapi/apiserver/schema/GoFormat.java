package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders JSON values the way the Go API server prints them in error messages: {@code %q} for strings,
 * {@code %v} for numbers and booleans (decoded JSON integers are int64, other numbers float64), and
 * {@code json.Marshal} (sorted keys) for objects and arrays.
 */
final class GoFormat {

  private GoFormat() {
  }

  /** A {@code field.Error} bad value: {@code "abc"}, {@code -1}, {@code 1.5}, {@code true}, {@code null}, JSON. */
  static String value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isTextual()) {
      return quote(node.asText());
    }
    if (node.isNumber()) {
      return number(node);
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    return json(node);
  }

  /** A number as Go's {@code %v} prints the decoded value (int64 when integral and in range, else float64). */
  static String number(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Long.toString(node.longValue());
    }
    return float64(node.doubleValue());
  }

  /**
   * A schema bound ({@code minimum: 0.0}) as the Go validator prints it next to a value: truncated to an
   * integer when the value is an integer (it compares natively as int64), else as a float64.
   */
  static String bound(JsonNode bound, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Long.toString((long) bound.doubleValue());
    }
    return float64(bound.doubleValue());
  }

  /** Go's {@code %v} of a float64 ({@code %g}, shortest): exponent form below 1e-4 and from 1e6 up. */
  static String float64(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return shortest.toPlainString();
  }

  /** Go's {@code %q} ({@code strconv.Quote}) for the characters that matter in practice. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        case 7 -> quoted.append("\\a");
        case '\b' -> quoted.append("\\b");
        case '\f' -> quoted.append("\\f");
        case 11 -> quoted.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format(Locale.ROOT, "\\x%02x", c));
          } else {
            quoted.appendCodePoint(c);
          }
        }
      }
    });
    return quoted.append('"').toString();
  }

  /** Go's plain {@code %v} of a decoded JSON value: {@code map[a:1 b:[x y]]}, strings unquoted. */
  static String plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "<nil>";
    }
    if (node.isObject()) {
      List<String> entries = new ArrayList<>();
      for (String name : sortedNames(node)) {
        entries.add(name + ":" + plain(node.get(name)));
      }
      return "map[" + String.join(" ", entries) + "]";
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.forEach(element -> elements.add(plain(element)));
      return "[" + String.join(" ", elements) + "]";
    }
    return node.isNumber() ? number(node) : node.asText();
  }

  /** Compact JSON with object keys sorted, as {@code json.Marshal} of decoded JSON. */
  static String json(JsonNode node) {
    if (node.isObject()) {
      List<String> fields = new ArrayList<>();
      for (String name : sortedNames(node)) {
        fields.add(jsonString(name) + ":" + json(node.get(name)));
      }
      return "{" + String.join(",", fields) + "}";
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.forEach(element -> elements.add(json(element)));
      return "[" + String.join(",", elements) + "]";
    }
    if (node.isTextual()) {
      return jsonString(node.asText());
    }
    if (node.isNumber()) {
      return node.isIntegralNumber() ? node.asText() : jsonFloat(node.doubleValue());
    }
    return node.toString();
  }

  /** Go prints maps with their keys sorted. */
  private static List<String> sortedNames(JsonNode object) {
    List<String> names = Structural.fieldNames(object);
    names.sort(null);
    return names;
  }

  private static String jsonString(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }

  /** encoding/json's float64: like %v but exponent form only below 1e-6 and from 1e21. */
  private static String jsonFloat(double value) {
    double abs = Math.abs(value);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      return float64(value);
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
