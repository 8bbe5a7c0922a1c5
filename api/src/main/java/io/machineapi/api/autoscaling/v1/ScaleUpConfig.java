package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/** Scale-up settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ScaleUpConfig {
  /** Pending pods younger than this are ignored. */
  @Pattern(Durations.PATTERN)
  private String newPodScaleUpDelay;


  public String getNewPodScaleUpDelay() {
    return newPodScaleUpDelay;
  }

  public void setNewPodScaleUpDelay(String newPodScaleUpDelay) {
    this.newPodScaleUpDelay = newPodScaleUpDelay;
  }}
