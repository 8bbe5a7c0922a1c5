package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Bounds for one GPU type ({@code resourceLimits.gpus[]}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class GpuLimit {
  @JsonPropertyDescription("GPU type, matched against the value of the cluster-api/accelerator label of the Nodes.")
  @Required
  @Size(min = 1)
  private String type;
  @JsonPropertyDescription("Fewest GPUs of this type the cluster keeps.")
  @Required
  @Min(0)
  private Integer min;
  @JsonPropertyDescription("Most GPUs of this type the cluster may have.")
  @Required
  @Min(1)
  private Integer max;


  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }}
