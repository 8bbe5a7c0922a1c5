package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The Machine's deletion hooks ({@code spec.lifecycleHooks}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class LifecycleHooks {
  @JsonPropertyDescription("While any of these hooks is present on a deleting Machine, its Node is not"
      + " drained and the Machine goes no further.")
  private List<LifecycleHook> preDrain;
  @JsonPropertyDescription("While any of these hooks is present on a deleting Machine, its instance is not"
      + " terminated; they are checked after the drain.")
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
