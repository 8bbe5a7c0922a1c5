package io.machineapi.apiserver;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The resource a Kubernetes REST path addresses: {@code /api/v1/namespaces/ns/pods/p/status} or
 * {@code /apis/group/version/plural/name/scale}. {@code group} is empty for the core group; {@code namespace},
 * {@code name} and {@code subresource} are null when the path has none.
 */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

  /** Subresources of a namespace object, to tell {@code /api/v1/namespaces/x/status} from a collection. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** Parses a path without query string; empty when it is not a resource path (discovery, openapi, ...). */
  static Optional<ResourcePath> parse(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    String version;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    String namespace = null;
    boolean namespaceObject = rest.size() <= 2
        || (rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)));
    if (rest.get(0).equals("namespaces") && !namespaceObject) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ResourcePath(group, version, namespace, rest.get(0),
        rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null));
  }

  /** {@code group/version}, or {@code version} for the core group. */
  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code /api/v1} or {@code /apis/group/version}. */
  String groupVersionPrefix() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** The collection path (namespace-qualified when the path has a namespace). */
  String collectionPath() {
    return groupVersionPrefix() + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  /** The main-resource path of the named object (no subresource). */
  String objectPath() {
    return collectionPath() + "/" + name;
  }

  boolean isCollection() {
    return name == null;
  }

  /** The same path addressing another object of the same collection. */
  ResourcePath withName(String otherName) {
    return new ResourcePath(group, version, namespace, plural, otherName, null);
  }

  /** The same object, main resource. */
  ResourcePath mainResource() {
    return new ResourcePath(group, version, namespace, plural, name, null);
  }

  /** {@code plural.group} (or {@code plural} for core), as a real server names resources in messages. */
  String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
