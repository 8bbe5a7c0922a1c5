package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a {@link MachineAutoscaler}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineAutoscalerStatus {
  /** The last target whose annotations this object manages. */
  private CrossVersionObjectReference lastTargetRef;


  public CrossVersionObjectReference getLastTargetRef() {
    return lastTargetRef;
  }

  public void setLastTargetRef(CrossVersionObjectReference lastTargetRef) {
    this.lastTargetRef = lastTargetRef;
  }}
