package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The Machine's deletion hooks ({@code spec.lifecycleHooks}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class LifecycleHooks {
  private List<LifecycleHook> preDrain;
  private List<LifecycleHook> preTerminate;


  public List<LifecycleHook> getPreDrain() {
    return preDrain;
  }

  public void setPreDrain(List<LifecycleHook> preDrain) {
    this.preDrain = preDrain;
  }

  public List<LifecycleHook> getPreTerminate() {
    return preTerminate;
  }

  public void setPreTerminate(List<LifecycleHook> preTerminate) {
    this.preTerminate = preTerminate;
  }}
