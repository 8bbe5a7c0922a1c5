package io.machineapi.controllers.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import java.io.UncheckedIOException;
import java.util.List;

/** Builds AdmissionReviews and providers for the webhook tests. */
final class Reviews {

  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES).build();

  private Reviews() {}

  /** JSON with single quotes and unquoted field names allowed, for readable tests. */
  static ObjectNode json(String text) {
    try {
      return (ObjectNode) LENIENT.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AdmissionRequest create(String kind, String namespace, ObjectNode object) {
    return new AdmissionRequest("uid-1", kind, "CREATE", namespace, object, null);
  }

  static AdmissionRequest update(String kind, String namespace, ObjectNode old, ObjectNode object) {
    return new AdmissionRequest("uid-2", kind, "UPDATE", namespace, object, old);
  }

  /** The sim provider alone, enabled. */
  static ProviderRegistry sim() {
    return ProviderRegistry.of(List.of(new SimMachineProvider()), List.of(), ProviderEnvironment.defaults());
  }

  /** {@code object} with the response's patch applied. */
  static JsonNode patched(JsonNode object, AdmissionResponse response) {
    return response.patch() == null ? object : JsonPatch.apply(response.patch(), object);
  }

  /** A valid sim Machine in namespace {@code ns} with the given providerSpec value. */
  static ObjectNode machine(String providerSpecValue) {
    return json("{apiVersion: 'machine.openshift.io/v1beta1', kind: 'Machine', metadata: {name: 'm1', namespace: 'ns',"
        + " labels: {'machine.openshift.io/cluster-api-cluster': 'c1'}}, spec: {providerSpec: {value: "
        + providerSpecValue + "}}}");
  }

  static final String SIM_SPEC = "{apiVersion: 'machine.sandbox.machine-api.io/v1alpha1', kind: "
      + "'SimMachineProviderSpec', instanceType: 'sim.medium'}";
}
