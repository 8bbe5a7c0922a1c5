package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Reference to the scaled object ({@code spec.scaleTargetRef}, {@code status.lastTargetRef}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CrossVersionObjectReference {
  private String apiVersion;
  @Required
  @Size(min = 1)
  private String kind;
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
