package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * {@code spec.providerSpec}: the provider's configuration, kept as raw JSON ({@code value}) so that any
 * provider's fields survive a read and write unchanged. The {@code kind} inside {@code value} selects the
 * provider (see {@code io.machineapi.spi.MachineProvider}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ProviderSpec {
  @JsonPropertyDescription("The provider's configuration object; its kind (e.g. AWSMachineProviderConfig)"
      + " selects the provider. Kept as written.")
  @PreserveUnknownFields
  private JsonNode value;

  public ProviderSpec() {}

  public ProviderSpec(JsonNode value) {
    this.value = value;
  }


  public JsonNode getValue() {
    return value;
  }

  public void setValue(JsonNode value) {
    this.value = value;
  }}
