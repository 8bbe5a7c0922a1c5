package io.machineapi.test.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes objects of a multi-document YAML stream (what {@code kubectl kustomize} prints). */
public final class Manifests {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {
  }

  /** Every non-empty document of {@code yaml} as its typed fabric8 model object. */
  public static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject() && !document.isEmpty()) {
          objects.add(Serialization.unmarshal(document.toString(), HasMetadata.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a YAML stream of Kubernetes objects", e);
    }
    return objects;
  }
}
