package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.machineapi.api.GoDuration;
import io.fabric8.generator.annotation.Required;

/** Scale-down settings; {@code enabled: false} ignores every other field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ScaleDownConfig {
  @JsonPropertyDescription("Whether the autoscaler removes nodes at all; false ignores the other scale-down settings.")
  @Required
  private Boolean enabled;
  @JsonPropertyDescription("How long after a scale-up scale-down is considered again. A Go duration such as 10m.")
  @Pattern(GoDuration.PATTERN)
  private String delayAfterAdd;
  @JsonPropertyDescription("How long after a node removal scale-down is considered again. A Go duration.")
  @Pattern(GoDuration.PATTERN)
  private String delayAfterDelete;
  @JsonPropertyDescription("How long after a failed node removal scale-down is considered again. A Go duration.")
  @Pattern(GoDuration.PATTERN)
  private String delayAfterFailure;
  @JsonPropertyDescription("How long a node must have been unneeded before it is removed. A Go duration.")
  @Pattern(GoDuration.PATTERN)
  private String unneededTime;
  @JsonPropertyDescription("A node whose requested resources divided by its capacity is below this fraction"
      + " may be removed; a decimal such as \"0.5\", written as a string.")
  @Pattern("^(0\\.[0-9]+)$")
  private String utilizationThreshold;
  @JsonPropertyDescription("Enabled: cordon a node before it is removed."
      + " Accepted and kept for compatibility; this autoscaler does not read it.")
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
