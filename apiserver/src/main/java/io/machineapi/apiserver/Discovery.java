package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discovery: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>} and
 * {@code /apis/<group>/<version>}, built from the {@link ResourceCatalog}.
 *
 * <p>kubectl 1.32 asks for aggregated discovery ({@code Accept: application/json;g=apidiscovery.k8s.io;v=v2...,
 * application/json}); it reads the answer's Content-Type, so the plain {@code application/json} legacy documents
 * served here make it fall back to per-group discovery.
 */
final class Discovery {

  static final String MAJOR = "1";
  static final String MINOR = "32";
  static final String GIT_VERSION = "v1.32.0-machineapi";

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  private final ResourceCatalog catalog;
  private final java.util.function.Supplier<String> serverAddress;

  Discovery(ResourceCatalog catalog, java.util.function.Supplier<String> serverAddress) {
    this.catalog = catalog;
    this.serverAddress = serverAddress;
  }

  /** The discovery document for {@code path}, or empty when the path is not a discovery path. */
  Optional<JsonNode> handle(String path) {
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    String[] parts = p.split("/");
    if (p.equals("/version")) {
      return Optional.of(version());
    }
    if (p.equals("/api")) {
      return Optional.of(apiVersions());
    }
    if (p.equals("/apis")) {
      return Optional.of(groupList());
    }
    if (parts.length == 3 && parts[1].equals("api")) {
      return resourceList("", parts[2]);
    }
    if (parts.length == 3 && parts[1].equals("apis")) {
      return groups().stream().filter(g -> g.path("name").asText().equals(parts[2])).findFirst()
          .map(g -> {
            ObjectNode group = g.deepCopy();
            group.put("kind", "APIGroup").put("apiVersion", "v1");
            return group;
          });
    }
    if (parts.length == 4 && parts[1].equals("apis")) {
      return resourceList(parts[2], parts[3]);
    }
    return Optional.empty();
  }

  private JsonNode version() {
    ObjectNode v = Store.JSON.createObjectNode();
    v.put("major", MAJOR).put("minor", MINOR).put("gitVersion", GIT_VERSION)
        .put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
        .put("buildDate", "2025-01-01T00:00:00Z").put("goVersion", "go1.23.0").put("compiler", "gc")
        .put("platform", "linux/amd64");
    return v;
  }

  private JsonNode apiVersions() {
    ObjectNode v = Store.JSON.createObjectNode();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    v.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress.get());
    return v;
  }

  private JsonNode groupList() {
    ObjectNode list = Store.JSON.createObjectNode();
    list.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groups().forEach(groups::add);
    return list;
  }

  /** One APIGroup per named group, versions sorted by Kubernetes version priority (preferred first). */
  private List<ObjectNode> groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (String gv : catalog.groupVersions()) {
      int slash = gv.indexOf('/');
      if (slash > 0) {
        versionsByGroup.computeIfAbsent(gv.substring(0, slash), k -> new ArrayList<>()).add(gv.substring(slash + 1));
      }
    }
    List<ObjectNode> groups = new ArrayList<>();
    versionsByGroup.forEach((name, versions) -> {
      versions.sort(VERSION_PRIORITY);
      ObjectNode group = Store.JSON.createObjectNode();
      group.put("name", name);
      ArrayNode vs = group.putArray("versions");
      versions.forEach(v -> vs.addObject().put("groupVersion", name + "/" + v).put("version", v));
      group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
          .put("version", versions.get(0));
      groups.add(group);
    });
    return groups;
  }

  private Optional<JsonNode> resourceList(String group, String version) {
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    if (!catalog.groupVersions().contains(groupVersion)) {
      return Optional.empty();
    }
    ObjectNode list = Store.JSON.createObjectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : catalog.all()) {
      if (!type.group().equals(group) || !type.version().equals(version)) {
        continue;
      }
      ObjectNode r = resources.addObject();
      r.put("name", type.plural()).put("singularName", type.singular()).put("namespaced", type.namespaced())
          .put("kind", type.kind());
      ResourceType.ALL_VERBS.forEach(r.putArray("verbs")::add);
      if (!type.shortNames().isEmpty()) {
        type.shortNames().forEach(r.putArray("shortNames")::add);
      }
      if (!type.categories().isEmpty()) {
        type.categories().forEach(r.putArray("categories")::add);
      }
      if (type.statusSubresource()) {
        subresource(resources, type, "status", null, null, type.kind(), List.of("get", "patch", "update"));
      }
      if (type.scale() != null) {
        subresource(resources, type, "scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
      }
      for (ResourceType.Subresource extra : type.extraSubresources()) {
        subresource(resources, type, extra.name(), extra.group(), extra.version(), extra.kind(), extra.verbs());
      }
    }
    return Optional.of(list);
  }

  private static void subresource(ArrayNode resources, ResourceType type, String name, String group,
      String version, String kind, List<String> verbs) {
    ObjectNode r = resources.addObject();
    r.put("name", type.plural() + "/" + name).put("singularName", "").put("namespaced", type.namespaced());
    if (group != null) {
      r.put("group", group).put("version", version);
    }
    r.put("kind", kind);
    verbs.forEach(r.putArray("verbs")::add);
  }

  /** Kubernetes version priority: GA before beta before alpha, higher numbers first, others alphabetically last. */
  static final Comparator<String> VERSION_PRIORITY = Comparator.comparingLong(Discovery::versionRank).reversed()
      .thenComparing(Comparator.naturalOrder());

  private static long versionRank(String version) {
    Matcher m = KUBE_VERSION.matcher(version);
    if (!m.matches()) {
      return 0;
    }
    long major = Long.parseLong(m.group(1));
    if (m.group(2) == null) {
      return 3_000_000L + major * 1000;
    }
    long stage = m.group(2).equals("beta") ? 2_000_000L : 1_000_000L;
    return stage + major * 1000 + Long.parseLong(m.group(3));
  }
}
