package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Reference to the scaled object ({@code spec.scaleTargetRef}, {@code status.lastTargetRef}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CrossVersionObjectReference {
  @JsonPropertyDescription("API version of the target, e.g. machine.openshift.io/v1beta1.")
  private String apiVersion;
  @JsonPropertyDescription("Kind of the target, e.g. MachineSet.")
  @Required
  @Size(min = 1)
  private String kind;
  @JsonPropertyDescription("Name of the target in the namespace of this object, e.g. worker-us-east-1a.")
  @Required
  @Size(min = 1)
  private String name;

  public CrossVersionObjectReference() {}

  public CrossVersionObjectReference(String apiVersion, String kind, String name) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.name = name;
  }


  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }}
