package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Scale-down settings; {@code enabled: false} ignores every other field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ScaleDownConfig {
  @Required
  private Boolean enabled;
  @Pattern(Durations.PATTERN)
  private String delayAfterAdd;
  @Pattern(Durations.PATTERN)
  private String delayAfterDelete;
  @Pattern(Durations.PATTERN)
  private String delayAfterFailure;
  @Pattern(Durations.PATTERN)
  private String unneededTime;
  /** A float in (0, 1) written as a string, e.g. {@code "0.4"}. */
  @Pattern("^(0\\.[0-9]+)$")
  private String utilizationThreshold;
  private EnabledDisabled cordonNodeBeforeTerminating;


  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getDelayAfterAdd() {
    return delayAfterAdd;
  }

  public void setDelayAfterAdd(String delayAfterAdd) {
    this.delayAfterAdd = delayAfterAdd;
  }

  public String getDelayAfterDelete() {
    return delayAfterDelete;
  }

  public void setDelayAfterDelete(String delayAfterDelete) {
    this.delayAfterDelete = delayAfterDelete;
  }

  public String getDelayAfterFailure() {
    return delayAfterFailure;
  }

  public void setDelayAfterFailure(String delayAfterFailure) {
    this.delayAfterFailure = delayAfterFailure;
  }

  public String getUnneededTime() {
    return unneededTime;
  }

  public void setUnneededTime(String unneededTime) {
    this.unneededTime = unneededTime;
  }

  public String getUtilizationThreshold() {
    return utilizationThreshold;
  }

  public void setUtilizationThreshold(String utilizationThreshold) {
    this.utilizationThreshold = utilizationThreshold;
  }

  public EnabledDisabled getCordonNodeBeforeTerminating() {
    return cordonNodeBeforeTerminating;
  }

  public void setCordonNodeBeforeTerminating(EnabledDisabled cordonNodeBeforeTerminating) {
    this.cordonNodeBeforeTerminating = cordonNodeBeforeTerminating;
  }}
