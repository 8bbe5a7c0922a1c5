package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Cluster-wide limits the autoscaler never exceeds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ResourceLimits {
  @JsonPropertyDescription("Most nodes the cluster may have, all nodes counted.")
  @Min(0)
  private Integer maxNodesTotal;
  @JsonPropertyDescription("Fewest and most CPU cores in the cluster.")
  private ResourceRange cores;
  @JsonPropertyDescription("Fewest and most GiB of memory in the cluster.")
  private ResourceRange memory;
  @JsonPropertyDescription("Fewest and most GPUs in the cluster, per GPU type.")
  private List<GpuLimit> gpus;


  public Integer getMaxNodesTotal() {
    return maxNodesTotal;
  }

  public void setMaxNodesTotal(Integer maxNodesTotal) {
    this.maxNodesTotal = maxNodesTotal;
  }

  public ResourceRange getCores() {
    return cores;
  }

  public void setCores(ResourceRange cores) {
    this.cores = cores;
  }

  public ResourceRange getMemory() {
    return memory;
  }

  public void setMemory(ResourceRange memory) {
    this.memory = memory;
  }

  public List<GpuLimit> getGpus() {
    return gpus;
  }

  public void setGpus(List<GpuLimit> gpus) {
    this.gpus = gpus;
  }}
