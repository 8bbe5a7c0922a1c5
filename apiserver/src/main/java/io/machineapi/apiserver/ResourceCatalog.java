package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.apiserver.ResourceType.PrinterColumn;
import io.machineapi.apiserver.ResourceType.Scale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every resource type the server serves: the built-in table plus one entry per served version of every stored
 * CustomResourceDefinition. The CRD part is re-read from the store after any write to CRDs (the dispatcher calls
 * {@link #invalidate()}), never hard-coded.
 */
final class ResourceCatalog {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final Store store;
  private volatile List<ResourceType> custom;

  ResourceCatalog(Store store) {
    this.store = store;
  }

  void invalidate() {
    custom = null;
  }

  /** Built-ins first, then CRD types; a CRD may not shadow a built-in. */
  List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BuiltinResources.all());
    all.addAll(customTypes());
    return all;
  }

  List<ResourceType> customTypes() {
    List<ResourceType> current = custom;
    if (current == null) {
      current = load();
      custom = current;
    }
    return current;
  }

  Optional<ResourceType> find(String group, String version, String plural) {
    return all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  Optional<ResourceType> find(ResourcePath path) {
    return find(path.group(), path.version(), path.plural());
  }

  /** The type stored objects of {@code apiVersion}/{@code kind} belong to. */
  Optional<ResourceType> findByKind(String apiVersion, String kind) {
    return all().stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
  }

  /** Group/versions in discovery order: built-in ones, then those of CRDs. */
  List<String> groupVersions() {
    Set<String> gvs = new LinkedHashSet<>(BuiltinResources.GROUP_VERSIONS);
    customTypes().forEach(t -> gvs.add(t.apiVersion()));
    return List.copyOf(gvs);
  }

  private List<ResourceType> load() {
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode crd : store.list(CRD_PATH)) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        types.add(fromCrdVersion(crd, spec, names, version));
      }
    }
    return List.copyOf(types);
  }

  private static ResourceType fromCrdVersion(JsonNode crd, JsonNode spec, JsonNode names, JsonNode version) {
    String kind = names.path("kind").asText();
    String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
    JsonNode subresources = version.path("subresources");
    Scale scale = null;
    if (subresources.has("scale")) {
      JsonNode s = subresources.get("scale");
      scale = new Scale(s.path("specReplicasPath").asText(".spec.replicas"),
          s.path("statusReplicasPath").asText(".status.replicas"),
          s.hasNonNull("labelSelectorPath") ? s.get("labelSelectorPath").asText() : null);
    }
    List<PrinterColumn> columns = new ArrayList<>();
    for (JsonNode c : version.path("additionalPrinterColumns")) {
      columns.add(new PrinterColumn(c.path("name").asText(), c.path("type").asText("string"),
          c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0),
          c.path("jsonPath").asText()));
    }
    JsonNode schema = version.path("schema").path("openAPIV3Schema");
    return new ResourceType(spec.path("group").asText(), version.path("name").asText(),
        names.path("plural").asText(), singular.isEmpty() ? kind.toLowerCase(Locale.ROOT) : singular, kind,
        !"Cluster".equals(spec.path("scope").asText("Namespaced")), strings(names.path("shortNames")),
        strings(names.path("categories")), subresources.has("status"), scale, List.copyOf(columns),
        schema.isMissingNode() ? null : schema, List.of(), true, crd);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }
}
