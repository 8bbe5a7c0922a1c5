package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Bounds and target of a {@link MachineAutoscaler}. */
@JsonClassDescription("The MachineSet to autoscale and its bounds.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineAutoscalerSpec {
  @JsonPropertyDescription("Fewest replicas the autoscaler keeps in the target.")
  @Required
  @Min(0)
  private Integer minReplicas;
  @JsonPropertyDescription("Most replicas the autoscaler may give the target.")
  @Required
  @Min(1)
  private Integer maxReplicas;
  @JsonPropertyDescription("The MachineSet to autoscale.")
  @Required
  private CrossVersionObjectReference scaleTargetRef;


  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public CrossVersionObjectReference getScaleTargetRef() {
    return scaleTargetRef;
  }

  public void setScaleTargetRef(CrossVersionObjectReference scaleTargetRef) {
    this.scaleTargetRef = scaleTargetRef;
  }}
