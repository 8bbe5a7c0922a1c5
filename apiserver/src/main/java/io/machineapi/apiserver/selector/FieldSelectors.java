package io.machineapi.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.selector.SelectorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors ({@code ?fieldSelector=}), parsed as k8s.io/apimachinery {@code fields.ParseSelector}:
 * terms {@code field=value}, {@code field==value} or {@code field!=value} joined by {@code ,}; in values,
 * {@code \,}, {@code \=} and {@code \\} escape the special characters.
 *
 * <p>Matching reads the field as a dotted path of the stored object ({@code metadata.name},
 * {@code metadata.namespace}, {@code spec.nodeName}, {@code status.phase}, {@code involvedObject.name}, ...).
 * Unlike the real server, which allows only a per-kind list of fields, any path is accepted.
 */
public final class FieldSelectors {

  private static final String[] OPERATORS = {"!=", "==", "="};

  private FieldSelectors() {
  }

  /**
   * Parses a field selector.
   *
   * @param selector the selector; {@code null} or empty selects everything
   * @return the matcher, terms sorted by their source text as Kubernetes does
   * @throws SelectorException for a term without operator ({@code invalid selector: 'x'; can't understand 'x'})
   *                           or a bad escape in a value
   */
  public static FieldMatcher parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return new FieldMatcher(List.of());
    }
    List<String> parts = splitTerms(selector);
    parts.sort(null);
    List<FieldMatcher.Term> terms = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      terms.add(term(selector, part));
    }
    return new FieldMatcher(terms);
  }

  /**
   * The value a field selector compares for {@code field} of {@code object}: the text of a string, number or
   * boolean; the JSON text of an object or array; and, as in Kubernetes for unset fields, the empty string
   * when the field is missing or null.
   *
   * @param object the object, may be {@code null}
   * @param field  dotted path such as {@code spec.nodeName}
   * @return the value, never {@code null}
   */
  public static String fieldValue(JsonNode object, String field) {
    JsonNode current = object;
    for (String name : field.split("\\.", -1)) {
      if (current == null || !current.isObject()) {
        return "";
      }
      current = current.get(name);
    }
    if (current == null || current.isNull() || current.isMissingNode()) {
      return "";
    }
    return current.isValueNode() ? current.asText() : current.toString();
  }

  /**
   * Escapes a value for use in a field selector ({@code fields.EscapeValue}).
   *
   * @param value the raw value
   * @return the value with {@code \}, {@code ,} and {@code =} preceded by a backslash
   */
  public static String escape(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** The first operator occurrence, scanning left to right and trying {@code !=}, {@code ==}, {@code =}. */
  private static FieldMatcher.Term term(String selector, String part) {
    for (int i = 0; i < part.length(); i++) {
      for (String operator : OPERATORS) {
        if (part.startsWith(operator, i)) {
          String value = unescape(part.substring(i + operator.length()));
          return new FieldMatcher.Term(part.substring(0, i), !"!=".equals(operator), value);
        }
      }
    }
    throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
  }

  private static String unescape(String value) {
    StringBuilder result = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new SelectorException("invalid field selector: invalid escape sequence: \\" + c);
        }
        result.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        throw new SelectorException("invalid field selector: unescaped character in value: '" + c + "'");
      } else {
        result.append(c);
      }
    }
    if (escaped) {
      throw new SelectorException("invalid field selector: invalid escape sequence: \\");
    }
    return result.toString();
  }
}
