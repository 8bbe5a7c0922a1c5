package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Cluster autoscaler settings; each field corresponds to one cluster-autoscaler flag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterAutoscalerSpec {
  private ResourceLimits resourceLimits;
  private ScaleDownConfig scaleDown;
  private ScaleUpConfig scaleUp;
  /** Seconds given to pods evicted at scale-down. */
  private Integer maxPodGracePeriod;
  /** How long a requested node may take to register. */
  @Pattern(Durations.PATTERN)
  private String maxNodeProvisionTime;
  /** Pods below this priority never trigger a scale-up and never block a scale-down. */
  private Integer podPriorityThreshold;
  private Boolean balanceSimilarNodeGroups;
  private List<String> balancingIgnoredLabels;
  private Boolean ignoreDaemonsetsUtilization;
  private Boolean skipNodesWithLocalStorage;
  @Min(0)
  private Integer logVerbosity;
  @Size(max = 3)
  private List<Expander> expanders;
  @Default("Disabled")
  private EnabledDisabled enforceNodeGroupMinSize;
  private List<String> startupTaints;


  public ResourceLimits getResourceLimits() {
    return resourceLimits;
  }

  public void setResourceLimits(ResourceLimits resourceLimits) {
    this.resourceLimits = resourceLimits;
  }

  public ScaleDownConfig getScaleDown() {
    return scaleDown;
  }

  public void setScaleDown(ScaleDownConfig scaleDown) {
    this.scaleDown = scaleDown;
  }

  public ScaleUpConfig getScaleUp() {
    return scaleUp;
  }

  public void setScaleUp(ScaleUpConfig scaleUp) {
    this.scaleUp = scaleUp;
  }

  public Integer getMaxPodGracePeriod() {
    return maxPodGracePeriod;
  }

  public void setMaxPodGracePeriod(Integer maxPodGracePeriod) {
    this.maxPodGracePeriod = maxPodGracePeriod;
  }

  public String getMaxNodeProvisionTime() {
    return maxNodeProvisionTime;
  }

  public void setMaxNodeProvisionTime(String maxNodeProvisionTime) {
    this.maxNodeProvisionTime = maxNodeProvisionTime;
  }

  public Integer getPodPriorityThreshold() {
    return podPriorityThreshold;
  }

  public void setPodPriorityThreshold(Integer podPriorityThreshold) {
    this.podPriorityThreshold = podPriorityThreshold;
  }

  public Boolean getBalanceSimilarNodeGroups() {
    return balanceSimilarNodeGroups;
  }

  public void setBalanceSimilarNodeGroups(Boolean balanceSimilarNodeGroups) {
    this.balanceSimilarNodeGroups = balanceSimilarNodeGroups;
  }

  public List<String> getBalancingIgnoredLabels() {
    return balancingIgnoredLabels;
  }

  public void setBalancingIgnoredLabels(List<String> balancingIgnoredLabels) {
    this.balancingIgnoredLabels = balancingIgnoredLabels;
  }

  public Boolean getIgnoreDaemonsetsUtilization() {
    return ignoreDaemonsetsUtilization;
  }

  public void setIgnoreDaemonsetsUtilization(Boolean ignoreDaemonsetsUtilization) {
    this.ignoreDaemonsetsUtilization = ignoreDaemonsetsUtilization;
  }

  public Boolean getSkipNodesWithLocalStorage() {
    return skipNodesWithLocalStorage;
  }

  public void setSkipNodesWithLocalStorage(Boolean skipNodesWithLocalStorage) {
    this.skipNodesWithLocalStorage = skipNodesWithLocalStorage;
  }

  public Integer getLogVerbosity() {
    return logVerbosity;
  }

  public void setLogVerbosity(Integer logVerbosity) {
    this.logVerbosity = logVerbosity;
  }

  public List<Expander> getExpanders() {
    return expanders;
  }

  public void setExpanders(List<Expander> expanders) {
    this.expanders = expanders;
  }

  public EnabledDisabled getEnforceNodeGroupMinSize() {
    return enforceNodeGroupMinSize;
  }

  public void setEnforceNodeGroupMinSize(EnabledDisabled enforceNodeGroupMinSize) {
    this.enforceNodeGroupMinSize = enforceNodeGroupMinSize;
  }

  public List<String> getStartupTaints() {
    return startupTaints;
  }

  public void setStartupTaints(List<String> startupTaints) {
    this.startupTaints = startupTaints;
  }}
