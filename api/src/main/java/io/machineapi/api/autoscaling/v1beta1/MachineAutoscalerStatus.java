package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a {@link MachineAutoscaler}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineAutoscalerStatus {
  /** The last target whose annotations this object manages. */
  private CrossVersionObjectReference lastTargetRef;

  /** This project's addition: {@code Ready} says whether the target carries the annotations, and why not. */
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
