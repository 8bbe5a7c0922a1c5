package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** {@code MachineSet.spec.template}: metadata put on each created Machine plus the Machine spec copied verbatim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineTemplateSpec {
  @JsonPropertyDescription("Labels and annotations put on each Machine the set creates; the labels must"
      + " match the set's selector.")
  private MachineObjectMeta metadata;
  @JsonPropertyDescription("The spec copied into each Machine the set creates.")
  private MachineSpec spec;


  public MachineObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(MachineObjectMeta metadata) {
    this.metadata = metadata;
  }

  public MachineSpec getSpec() {
    return spec;
  }

  public void setSpec(MachineSpec spec) {
    this.spec = spec;
  }}
