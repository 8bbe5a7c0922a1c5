package io.machineapi.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name syntax checks of k8s.io/apimachinery {@code util/validation} ({@code IsDNS1123Label},
 * {@code IsDNS1123Subdomain}, {@code IsDNS1035Label}, {@code IsQualifiedName}, {@code IsValidLabelValue}), with
 * Kubernetes' error wording: one copy for the label selectors, the host selector and the embedded API server's
 * metadata validation. Each returns the problems of a value, empty when it is valid.
 */
public final class NameSyntax {

  public static final int DNS1123_LABEL_MAX_LENGTH = 63;
  public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
  public static final int QUALIFIED_NAME_MAX_LENGTH = 63;
  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case "
      + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric "
      + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);

  private NameSyntax() {
  }

  public static List<String> isDns1123Label(String value) {
    return lengthAndPattern(value, DNS1123_LABEL_MAX_LENGTH, DNS1123_LABEL,
        regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  }

  public static List<String> isDns1123Subdomain(String value) {
    return lengthAndPattern(value, DNS1123_SUBDOMAIN_MAX_LENGTH, DNS1123_SUBDOMAIN,
        regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
  }

  public static List<String> isDns1035Label(String value) {
    return lengthAndPattern(value, DNS1123_LABEL_MAX_LENGTH, DNS1035_LABEL,
        regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
  }

  /** A label key or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of 63 at most. */
  public static List<String> isQualifiedName(String value) {
    List<String> errors = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errors.add("prefix part must be non-empty");
        } else {
          isDns1123Subdomain(prefix).forEach(msg -> errors.add("prefix part " + msg));
        }
      }
      default -> {
        errors.add("a qualified name " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name",
            "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errors;
      }
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (name.length() > QUALIFIED_NAME_MAX_LENGTH) {
      errors.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errors.add("name part " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errors;
  }

  public static List<String> isValidLabelValue(String value) {
    return lengthAndPattern(value, LABEL_VALUE_MAX_LENGTH, LABEL_VALUE,
        regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  }

  /** The two checks of apimachinery's simple name rules: too long, then not matching the format. */
  private static List<String> lengthAndPattern(String value, int maxLength, Pattern format, String formatError) {
    List<String> errors = new ArrayList<>();
    if (value.length() > maxLength) {
      errors.add(maxLenError(maxLength));
    }
    if (!format.matcher(value).matches()) {
      errors.add(formatError);
    }
    return errors;
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /** apimachinery's {@code RegexError}: {@code msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')}. */
  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder text = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        text.append(" or ");
      }
      text.append('\'').append(examples[i]).append("', ");
    }
    return text.append("regex used for validation is '").append(fmt).append("')").toString();
  }

}
