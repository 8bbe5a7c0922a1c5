package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Status of the ClusterAutoscaler. OpenShift leaves it empty (its autoscaler writes a ConfigMap); these fields are
 * this project's: what the autoscaler last did and how it sees each MachineSet.
 */
@JsonClassDescription("What the autoscaler last did and how it sees each MachineSet (this project's addition;"
    + " OpenShift leaves it empty).")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterAutoscalerStatus {
  @JsonPropertyDescription("When the last scale-up was issued (RFC 3339).")
  private String lastScaleUpTime;
  @JsonPropertyDescription("The MachineSets the last scale-up raised, in the order chosen (namespace/name from->to). "
      + "Every set one pass needs is raised in that pass; the order is the expanders' ranking.")
  private List<String> lastScaleUpGroups;
  @JsonPropertyDescription("When the last node removal was issued (RFC 3339).")
  private String lastScaleDownTime;
  @JsonPropertyDescription("Pending pods seen in the last pass.")
  private Integer pendingPods;
  @JsonPropertyDescription("Pending pods of the last pass that no MachineSet can make room for.")
  private Integer unservedPods;
  @JsonPropertyDescription("One entry per MachineSet the autoscaler considered.")
  private List<NodeGroupStatus> nodeGroups;
  @JsonPropertyDescription("Settings that could not be read; the default was used for each.")
  private List<String> problems;
  @JsonPropertyDescription("Conditions. Ignored=True (reason NotDefault) on a ClusterAutoscaler not named default, "
      + "which the autoscaler never acts on.")
  private List<io.machineapi.api.machine.v1beta1.Condition> conditions;

  public String getLastScaleUpTime() {
    return lastScaleUpTime;
  }

  public void setLastScaleUpTime(String lastScaleUpTime) {
    this.lastScaleUpTime = lastScaleUpTime;
  }

  public String getLastScaleDownTime() {
    return lastScaleDownTime;
  }

  public void setLastScaleDownTime(String lastScaleDownTime) {
    this.lastScaleDownTime = lastScaleDownTime;
  }

  public Integer getPendingPods() {
    return pendingPods;
  }

  public void setPendingPods(Integer pendingPods) {
    this.pendingPods = pendingPods;
  }

  public Integer getUnservedPods() {
    return unservedPods;
  }

  public void setUnservedPods(Integer unservedPods) {
    this.unservedPods = unservedPods;
  }

  public List<NodeGroupStatus> getNodeGroups() {
    return nodeGroups;
  }

  public void setNodeGroups(List<NodeGroupStatus> nodeGroups) {
    this.nodeGroups = nodeGroups;
  }

  public List<String> getProblems() {
    return problems;
  }

  public void setProblems(List<String> problems) {
    this.problems = problems;
  }

  public List<io.machineapi.api.machine.v1beta1.Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<io.machineapi.api.machine.v1beta1.Condition> conditions) {
    this.conditions = conditions;
  }

  public List<String> getLastScaleUpGroups() {
    return lastScaleUpGroups;
  }

  public void setLastScaleUpGroups(List<String> lastScaleUpGroups) {
    this.lastScaleUpGroups = lastScaleUpGroups;
  }
}
