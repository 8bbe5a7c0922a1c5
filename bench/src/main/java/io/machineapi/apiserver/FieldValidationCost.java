package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.apiserver.schema.CrdSchemaAdmission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For the benchmarks only (in the embedded API's package to reach its package-private classes): what the
 * {@code fieldValidation} pass costs on a merge patch of a custom resource, the pass {@link FieldValidation#patched}
 * runs on every PATCH before admission prunes the object again against the same schema. Timed in this thread, on
 * copies of objects the caller read from the API, with the directive fabric8 gets by default ({@code Warn}).
 */
public final class FieldValidationCost {

  /**
   * Mean per patch of the median of {@code rounds} timed rounds (after as many untimed ones).
   *
   * @param whole the whole pass: duplicate-field scan of the patch body, structural pruning of the patched object,
   *     pruning of its {@code metadata} against ObjectMeta
   * @param pruning the structural pruning alone (the part admission repeats)
   */
  public record Result(double wholeMicros, double pruningMicros, int objects, int rounds) {}

  private FieldValidationCost() {}

  /**
   * @param crd the CustomResourceDefinition of the objects, as JSON
   * @param version the served version the objects are in
   * @param objects the patched objects (each pass works on a fresh copy; copying is not timed)
   * @param patches the patch body sent for each object, same order
   */
  public static Result measure(JsonNode crd, String version, List<ObjectNode> objects, List<byte[]> patches,
      int rounds) {
    JsonNode names = crd.path("spec").path("names");
    JsonNode schema = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (version.equals(v.path("name").asText())) {
        schema = v.path("schema").path("openAPIV3Schema");
      }
    }
    ResourceType type = new ResourceType(crd.path("spec").path("group").asText(), version,
        names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(), true, List.of(),
        List.of(), true, null, List.of(), schema, List.of(), true, crd);
    SchemaAdmission admission = new SchemaAdmission();
    CrdSchemaAdmission pruning = new CrdSchemaAdmission();
    double[] whole = new double[rounds];
    double[] pruned = new double[rounds];
    for (int round = -rounds; round < rounds; round++) {
      List<ObjectNode> copies = copies(objects);
      long start = System.nanoTime();
      for (int i = 0; i < copies.size(); i++) {
        byte[] raw = patches.get(i);
        FieldValidation validation = FieldValidation.of(
            new ApiRequest("PATCH", "/", Map.of(), null, raw, Optional.empty()), admission);
        validation.patched(type, copies.get(i), Patches.Type.MERGE, raw);
      }
      long wholeNanos = System.nanoTime() - start;
      copies = copies(objects);
      start = System.nanoTime();
      for (ObjectNode copy : copies) {
        pruning.pruneUnknownFields(crd, version, copy);
      }
      long pruningNanos = System.nanoTime() - start;
      if (round >= 0) {
        whole[round] = wholeNanos / 1e3 / objects.size();
        pruned[round] = pruningNanos / 1e3 / objects.size();
      }
    }
    return new Result(median(whole), median(pruned), objects.size(), rounds);
  }

  private static List<ObjectNode> copies(List<ObjectNode> objects) {
    List<ObjectNode> copies = new ArrayList<>(objects.size());
    objects.forEach(o -> copies.add(o.deepCopy()));
    return copies;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
