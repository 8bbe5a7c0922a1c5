package io.machineapi.apiserver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Kubernetes' authorizer is asked about one request, derived from method, path and query the way the API
 * server's request-info resolver does it: verb ({@code get list watch create update patch delete
 * deletecollection}, or the lower-case HTTP method of a non-resource request), API group, resource, subresource,
 * namespace and name. Every field is a string, empty when the request has none.
 *
 * @param path the request path of a non-resource request ({@code /version}, {@code /apis}); empty for a resource
 *     request
 */
public record RequestAttributes(String verb, String apiGroup, String resource, String subresource, String namespace,
    String name, String path) {

  /** Subresources of a Namespace object: {@code /api/v1/namespaces/x/status} addresses namespace x. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  /** Verbs given as a path prefix ({@code /api/v1/watch/pods}); deprecated, still understood. */
  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");

  /** A request to a resource. */
  public static RequestAttributes resource(String verb, String apiGroup, String resource, String subresource,
      String namespace, String name) {
    return new RequestAttributes(verb, apiGroup, resource, subresource, namespace, name, "");
  }

  /** A request to a path that is no resource ({@code /version}, discovery). */
  public static RequestAttributes nonResource(String verb, String path) {
    return new RequestAttributes(verb, "", "", "", "", "", path);
  }

  /**
   * The attributes of a request.
   *
   * @param method the HTTP method
   * @param path the path without query string
   * @param query the decoded query parameters
   */
  public static RequestAttributes of(String method, String path, Map<String, String> query) {
    String httpVerb = method.toLowerCase(Locale.ROOT);
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return nonResource(httpVerb, path);
    }
    String verb;
    if (!SPECIAL_VERBS.contains(rest.get(0))) {
      verb = switch (httpVerb) {
        case "post" -> "create";
        case "get", "head" -> "get";
        case "put" -> "update";
        case "patch" -> "patch";
        case "delete" -> "delete";
        default -> "";
      };
    } else {
      verb = rest.get(0);
      rest = rest.subList(1, rest.size());
    }
    String namespace = "";
    if (!rest.isEmpty() && rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.isEmpty() ? "" : rest.get(0);
    String name = rest.size() >= 2 ? rest.get(1) : "";
    String subresource = rest.size() >= 3 && !verb.equals("proxy") ? rest.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      String watch = query.getOrDefault("watch", "");
      verb = watch.equals("true") || watch.equals("1") ? "watch" : "list";
      name = exactName(query.getOrDefault("fieldSelector", ""));
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return resource(verb, group, resource, subresource, namespace, name);
  }

  /** The name a field selector pins ({@code metadata.name=x} alone or among others), else empty. */
  private static String exactName(String fieldSelector) {
    for (String term : fieldSelector.split(",")) {
      String trimmed = term.trim();
      for (String operator : List.of("==", "=")) {
        String prefix = "metadata.name" + operator;
        if (trimmed.startsWith(prefix)) {
          return trimmed.substring(prefix.length()).trim();
        }
      }
    }
    return "";
  }

  public boolean resourceRequest() {
    return path.isEmpty();
  }

  /** {@code resource/subresource}, or {@code resource}: how an RBAC rule names what it grants. */
  public String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    if (!resourceRequest()) {
      return verb + " " + path;
    }
    String scope = namespace.isEmpty() ? "" : " in namespace " + namespace;
    return verb + " " + combinedResource() + (apiGroup.isEmpty() ? "" : "." + apiGroup)
        + (name.isEmpty() ? "" : " " + name) + scope;
  }
}
