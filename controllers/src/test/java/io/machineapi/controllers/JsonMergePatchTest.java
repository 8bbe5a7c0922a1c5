package io.machineapi.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void removedKeysBecomeNullNestedObjectsAreDiffedAndListsReplaced() throws Exception {
    JsonNode from = JSON.readTree("""
        {"phase":"Provisioning","errorMessage":"x","providerStatus":{"a":1,"b":2},"addresses":[{"a":"1"}]}""");
    JsonNode to = JSON.readTree("""
        {"phase":"Provisioned","providerStatus":{"a":1,"c":3},"addresses":[{"a":"2"}]}""");

    assertThat(JsonMergePatch.diff(from, to)).isEqualTo(JSON.readTree("""
        {"phase":"Provisioned","errorMessage":null,"providerStatus":{"b":null,"c":3},"addresses":[{"a":"2"}]}"""));
  }

  @Test
  void equalObjectsGiveAnEmptyPatch() throws Exception {
    JsonNode same = JSON.readTree("{\"a\":{\"b\":[1,2]}}");
    assertThat(JsonMergePatch.diff(same, same.deepCopy())).isEmpty();
  }
}
