package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.machineapi.api.GoDuration;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Cluster autoscaler settings; each field corresponds to one cluster-autoscaler flag. */
@JsonClassDescription("Settings of the cluster autoscaler; an absent field keeps the autoscaler's default.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterAutoscalerSpec {
  @JsonPropertyDescription("Cluster-wide limits the autoscaler never goes beyond.")
  private ResourceLimits resourceLimits;
  @JsonPropertyDescription("When and how nodes are removed.")
  private ScaleDownConfig scaleDown;
  @JsonPropertyDescription("When nodes are added.")
  private ScaleUpConfig scaleUp;
  @JsonPropertyDescription("Seconds given to pods to terminate when their node is removed."
      + " Accepted and kept for compatibility; this autoscaler does not read it.")
  private Integer maxPodGracePeriod;
  @JsonPropertyDescription("How long a new node may take to register before the autoscaler gives up on it. A"
      + " Go duration such as 15m.")
  @Pattern(GoDuration.PATTERN)
  private String maxNodeProvisionTime;
  @JsonPropertyDescription("Pods with a priority below this never cause a scale-up and never keep a node"
      + " from being removed.")
  private Integer podPriorityThreshold;
  @JsonPropertyDescription("Keep MachineSets with the same instance type and labels at similar sizes.")
  private Boolean balanceSimilarNodeGroups;
  @JsonPropertyDescription("Node labels ignored when deciding whether two MachineSets are similar.")
  private List<String> balancingIgnoredLabels;
  @JsonPropertyDescription("Leave DaemonSet pods out when computing a node's utilization for scale-down.")
  private Boolean ignoreDaemonsetsUtilization;
  @JsonPropertyDescription("Never remove a node running pods with local storage (emptyDir or hostPath).")
  private Boolean skipNodesWithLocalStorage;
  @JsonPropertyDescription("Log level of the autoscaler: 1 is the default, 4 is for debugging."
      + " Accepted and kept for compatibility; this autoscaler does not read it.")
  @Min(0)
  private Integer logVerbosity;
  @JsonPropertyDescription("How the autoscaler picks a MachineSet to grow, tried in order: LeastWaste,"
      + " Priority, Random, MostPods (at most three;"
      + " MostPods is this project's addition).")
  @Size(max = 3)
  private List<Expander> expanders;
  @JsonPropertyDescription("Enabled: grow a MachineSet that is below its minimum even with no pending pods."
      + " Defaults to Disabled."
      + " Accepted and kept for compatibility; this autoscaler does not read it.")
  @Default("Disabled")
  private EnabledDisabled enforceNodeGroupMinSize;
  @JsonPropertyDescription("Taint keys a new node is expected to carry while it starts; the autoscaler"
      + " treats such a node as not ready yet instead of unusable."
      + " Accepted and kept for compatibility; this autoscaler does not read it.")
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
