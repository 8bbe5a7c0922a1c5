package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One MachineSet as the autoscaler sees it (this project's status field, see {@link ClusterAutoscalerStatus}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeGroupStatus {
  @JsonPropertyDescription("Namespace of the MachineSet.")
  private String namespace;
  @JsonPropertyDescription("Name of the MachineSet.")
  private String name;
  @JsonPropertyDescription("Whether a MachineAutoscaler makes this MachineSet autoscaled.")
  private Boolean autoscaled;
  @JsonPropertyDescription("Smallest size the autoscaler keeps.")
  private Integer minSize;
  @JsonPropertyDescription("Largest size the autoscaler may set.")
  private Integer maxSize;
  @JsonPropertyDescription("The MachineSet's spec.replicas.")
  private Integer targetSize;
  @JsonPropertyDescription("Machines of the set whose Node has registered.")
  private Integer registered;
  @JsonPropertyDescription("Machines of the set whose Node is Ready.")
  private Integer ready;
  @JsonPropertyDescription("Machines of the set still waiting for their Node.")
  private Integer upcoming;
  @JsonPropertyDescription("Healthy, Backoff, NotAutoscaled, or Degraded with a reason.")
  private String health;
  @JsonPropertyDescription("Until when scale-ups of this set are held back after a failure (RFC 3339).")
  private String backoffUntil;
  @JsonPropertyDescription("Why scale-ups of this set are held back.")
  private String backoffReason;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getAutoscaled() {
    return autoscaled;
  }

  public void setAutoscaled(Boolean autoscaled) {
    this.autoscaled = autoscaled;
  }

  public Integer getMinSize() {
    return minSize;
  }

  public void setMinSize(Integer minSize) {
    this.minSize = minSize;
  }

  public Integer getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(Integer maxSize) {
    this.maxSize = maxSize;
  }

  public Integer getTargetSize() {
    return targetSize;
  }

  public void setTargetSize(Integer targetSize) {
    this.targetSize = targetSize;
  }

  public Integer getRegistered() {
    return registered;
  }

  public void setRegistered(Integer registered) {
    this.registered = registered;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  public Integer getUpcoming() {
    return upcoming;
  }

  public void setUpcoming(Integer upcoming) {
    this.upcoming = upcoming;
  }

  public String getHealth() {
    return health;
  }

  public void setHealth(String health) {
    this.health = health;
  }

  public String getBackoffUntil() {
    return backoffUntil;
  }

  public void setBackoffUntil(String backoffUntil) {
    this.backoffUntil = backoffUntil;
  }

  public String getBackoffReason() {
    return backoffReason;
  }

  public void setBackoffReason(String backoffReason) {
    this.backoffReason = backoffReason;
  }
}
