package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.crds.CustomResourceDefinitions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object of {@code openshift-corpus/} (OpenShift-style manifests of every cloud's MachineSet and Machine, the
 * MachineHealthCheck shapes, ClusterAutoscaler and MachineAutoscaler) is accepted by the embedded API server with the
 * project's CRDs installed, and read back without losing a field: spec through a create, status through the
 * {@code /status} subresource, as a cluster stores them. The comparison is a deep JSON comparison of what was posted
 * against what is read back, leaving out the metadata the server sets and the fields the schema defaults.
 */
class OpenShiftCorpusTest {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String NS = "openshift-machine-api";

  static EmbeddedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stopApi() {
    try (EmbeddedApiServer closedLast = api; KubernetesClient closedFirst = client) {
      assertThat(closedLast).as("the API server started").isNotNull();
    }
  }

  static Stream<Arguments> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(OpenShiftCorpusTest.class.getResource("/openshift-corpus").toURI());
    List<Arguments> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        var docs = Serialization.yamlMapper().readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile());
        while (docs.hasNext()) {
          ObjectNode doc = docs.next();
          documents.add(Arguments.of(file.getFileName() + ": " + doc.path("kind").asText() + " "
              + doc.path("metadata").path("name").asText(), doc));
        }
      }
    }
    assertThat(documents).as("corpus documents").hasSizeGreaterThanOrEqualTo(21);
    return documents.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isAcceptedAndReadBackWithoutLoss(String name, ObjectNode posted) {
    JsonNode stored = postAndReadBack(posted);

    assertThat(differences(posted, comparable(posted, stored)))
        .as("posted:%n%s%nread back:%n%s", posted.toPrettyString(), stored.toPrettyString())
        .isEmpty();
  }

  @Test
  void aFieldTheSchemaDoesNotKnowIsReportedAsLost() {
    ObjectNode posted = (ObjectNode) Serialization.yamlMapper().valueToTree(Map.of(
        "apiVersion", "machine.openshift.io/v1beta1", "kind", "MachineSet",
        "metadata", Map.of("name", "with-unknown-field", "namespace", NS),
        "spec", Map.of("selector", Map.of("matchLabels", Map.of("a", "b")), "notAField", "x",
            "template", Map.of("metadata", Map.of("labels", Map.of("a", "b"))))));

    JsonNode stored = postAndReadBack(posted);

    assertThat(differences(posted, comparable(posted, stored))).containsExactly("spec.notAField: missing");
  }

  /** Creates {@code posted} without its status, then writes its status (if any) through {@code /status}. */
  private static JsonNode postAndReadBack(ObjectNode posted) {
    ObjectNode spec = posted.deepCopy();
    JsonNode status = spec.remove("status");
    GenericKubernetesResource created = client.resource(JSON.convertValue(spec, GenericKubernetesResource.class))
        .create();
    if (status != null) {
      created.getAdditionalProperties().put("status", JSON.convertValue(status, Object.class));
      client.resource(created).updateStatus();
    }
    Resource<GenericKubernetesResource> resource = posted.path("metadata").has("namespace")
        ? client.genericKubernetesResources(posted.path("apiVersion").asText(), posted.path("kind").asText())
            .inNamespace(posted.path("metadata").path("namespace").asText())
            .withName(posted.path("metadata").path("name").asText())
        : client.genericKubernetesResources(posted.path("apiVersion").asText(), posted.path("kind").asText())
            .withName(posted.path("metadata").path("name").asText());
    return JSON.valueToTree(resource.get());
  }

  /**
   * {@code stored} without what the server adds: metadata fields not posted (uid, resourceVersion, generation,
   * creationTimestamp, ...) and fields left out of the post that hold their schema default.
   */
  private static JsonNode comparable(JsonNode posted, JsonNode stored) {
    ObjectNode copy = stored.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.path("metadata");
    metadata.retain(fieldNames(posted.path("metadata")));
    dropDefaults(posted, copy, schemaOf(posted.path("kind").asText()));
    return copy;
  }

  private static void dropDefaults(JsonNode posted, JsonNode stored, JsonNode schema) {
    if (stored.isObject()) {
      for (String field : fieldNames(stored)) {
        JsonNode property = schema.path("properties").path(field);
        if (!posted.has(field)) {
          if (property.has("default") && sameValue(property.get("default"), stored.get(field))) {
            ((ObjectNode) stored).remove(field);
          }
        } else {
          dropDefaults(posted.get(field), stored.get(field), property);
        }
      }
    } else if (stored.isArray() && posted.isArray()) {
      for (int i = 0; i < Math.min(stored.size(), posted.size()); i++) {
        dropDefaults(posted.get(i), stored.get(i), schema.path("items"));
      }
    }
  }

  /** Paths where {@code actual} differs from {@code expected}: {@code spec.x: missing}, {@code spec.y: extra}. */
  static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    diff("", expected, actual, out);
    return out;
  }

  private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.isObject() && actual.isObject()) {
      for (String field : fieldNames(expected)) {
        String child = path.isEmpty() ? field : path + "." + field;
        if (!actual.has(field)) {
          out.add(child + ": missing");
        } else {
          diff(child, expected.get(field), actual.get(field), out);
        }
      }
      for (String field : fieldNames(actual)) {
        if (!expected.has(field)) {
          out.add((path.isEmpty() ? field : path + "." + field) + ": extra " + actual.get(field));
        }
      }
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
    } else if (!sameValue(expected, actual)) {
      out.add(path + ": posted " + expected + ", read back " + actual);
    }
  }

  /** Equal JSON, numbers by value (YAML's 3 and JSON's 3 may be different node types). */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue())
        : x.equals(y) ? 0 : 1, b);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode schemaOf(String kind) {
    CustomResourceDefinition crd = CustomResourceDefinitions.all().stream()
        .filter(c -> c.getSpec().getNames().getKind().equals(kind)).findFirst().orElseThrow();
    return JSON.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
  }
}
