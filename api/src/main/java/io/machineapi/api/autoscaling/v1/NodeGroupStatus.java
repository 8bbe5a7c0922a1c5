package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One MachineSet as the autoscaler sees it (this project's status field, see {@link ClusterAutoscalerStatus}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeGroupStatus {
  private String namespace;
  private String name;
  private Boolean autoscaled;
  private Integer minSize;
  private Integer maxSize;
  private Integer targetSize;
  private Integer registered;
  private Integer ready;
  private Integer upcoming;
  /** Healthy, Backoff, NotAutoscaled, or "Degraded: reason". */
  private String health;
  private String backoffUntil;
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
