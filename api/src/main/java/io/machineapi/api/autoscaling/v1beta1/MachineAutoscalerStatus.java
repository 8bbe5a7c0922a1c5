package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a {@link MachineAutoscaler}. */
@JsonClassDescription("Observed state of a MachineAutoscaler.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineAutoscalerStatus {
  @JsonPropertyDescription("The last target whose autoscaling annotations this object set.")
  private CrossVersionObjectReference lastTargetRef;

  @JsonPropertyDescription("Ready says whether the target carries the autoscaling annotations, and why not.")
  private List<io.machineapi.api.machine.v1beta1.Condition> conditions;

  public List<io.machineapi.api.machine.v1beta1.Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<io.machineapi.api.machine.v1beta1.Condition> conditions) {
    this.conditions = conditions;
  }


  public CrossVersionObjectReference getLastTargetRef() {
    return lastTargetRef;
  }

  public void setLastTargetRef(CrossVersionObjectReference lastTargetRef) {
    this.lastTargetRef = lastTargetRef;
  }}
