package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.machineapi.api.GoDuration;

/** Scale-up settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ScaleUpConfig {
  @JsonPropertyDescription("Pending pods younger than this do not cause a scale-up. A Go duration such as 10s.")
  @Pattern(GoDuration.PATTERN)
  private String newPodScaleUpDelay;


  public String getNewPodScaleUpDelay() {
    return newPodScaleUpDelay;
  }

  public void setNewPodScaleUpDelay(String newPodScaleUpDelay) {
    this.newPodScaleUpDelay = newPodScaleUpDelay;
  }}
