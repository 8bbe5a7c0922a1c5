package io.machineapi.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Label key and value syntax checks of k8s.io/apimachinery {@code util/validation} ({@code IsQualifiedName},
 * {@code IsValidLabelValue}), with the same error wording.
 */
final class LabelSyntax {

  private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', "
      + "and must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";
  private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final String DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*";
  private static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FORMAT);
  private static final int MAX_NAME_LENGTH = 63;
  private static final int MAX_SUBDOMAIN_LENGTH = 253;

  private LabelSyntax() {
  }

  /** @return the problems of a label key ({@code [prefix/]name}), empty if valid */
  static List<String> keyErrors(String key) {
    List<String> errors = new ArrayList<>();
    String[] parts = key.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errors.add("prefix part must be non-empty");
      } else {
        if (prefix.length() > MAX_SUBDOMAIN_LENGTH) {
          errors.add("prefix part must be no more than " + MAX_SUBDOMAIN_LENGTH + " characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
          errors.add("prefix part " + regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT,
              "example.com"));
        }
      }
    } else {
      errors.add("a qualified name " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
          "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. "
          + "'example.com/MyName')");
      return errors;
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (name.length() > MAX_NAME_LENGTH) {
      errors.add("name part must be no more than " + MAX_NAME_LENGTH + " characters");
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errors.add("name part " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
          "MyName", "my.name", "123-abc"));
    }
    return errors;
  }

  /** @return the problems of a label value, empty if valid (the empty string is valid) */
  static List<String> valueErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > MAX_NAME_LENGTH) {
      errors.add("must be no more than " + MAX_NAME_LENGTH + " characters");
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errors.add(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
    }
    return errors;
  }

  /** Go's validation.RegexError, including its odd double space before each "or". */
  private static String regexError(String message, String format, String... examples) {
    StringBuilder text = new StringBuilder(message).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        text.append(" or ");
      }
      text.append('\'').append(examples[i]).append("', ");
    }
    return text.append("regex used for validation is '").append(format).append("')").toString();
  }
}
