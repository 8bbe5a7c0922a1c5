package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the server knows about one resource (one served version of a built-in kind or of a CRD): names, scope,
 * subresources, printer columns and schema. Everything CRD-related comes from the stored CRD.
 *
 * @param schema the CRD's openAPIV3Schema, null for built-ins
 * @param columns the CRD's additionalPrinterColumns (empty: the server's defaults apply)
 * @param extraSubresources subresources other than status/scale (pods/eviction)
 * @param custom true when the type comes from a CRD
 * @param crd the stored CustomResourceDefinition this type comes from, null for built-ins
 */
record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
    List<String> shortNames, List<String> categories, boolean statusSubresource, Scale scale,
    List<PrinterColumn> columns, JsonNode schema, List<Subresource> extraSubresources, boolean custom,
    JsonNode crd) {

  static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  /** Paths of a scale subresource, in the CRD's {@code .spec.replicas} notation; labelSelectorPath may be null. */
  record Scale(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
  }

  /** One additionalPrinterColumn. */
  record PrinterColumn(String name, String type, String format, String description, int priority, String jsonPath) {
  }

  /** A subresource served with its own kind, e.g. {@code pods/eviction} (policy/v1 Eviction, create). */
  record Subresource(String name, String group, String version, String kind, List<String> verbs) {
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  String listKind() {
    return kind + "List";
  }

  /** {@code Widget.example.com} / {@code Pod}, as a real server names kinds in validation messages. */
  String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  /** {@code widgets.example.com} / {@code pods}, as a real server names resources in messages. */
  String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
