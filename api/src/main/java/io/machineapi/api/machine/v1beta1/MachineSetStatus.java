package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** Observed state of a {@link MachineSet}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSetStatus {
  /** Matching, owned, non-deleting Machines (Failed ones included). */
  @StatusReplicas
  private Integer replicas;
  private Integer fullyLabeledReplicas;
  private Integer readyReplicas;
  private Integer availableReplicas;
  private Long observedGeneration;
  /** String form of {@code spec.selector}, exposed by the scale subresource (for HPA and the autoscaler). */
  @LabelSelector
  @Size(min = 1, max = 4096)
  private String labelSelector;
  /** Only {@code InvalidConfiguration}: a terminal problem with the set (e.g. an invalid template). */
  private String errorReason;
  private String errorMessage;
  private List<Condition> conditions;
  private AuthoritativeAPIStatus authoritativeAPI;
  private AuthoritativeAPI synchronizedAPI;
  private Long synchronizedGeneration;


  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getFullyLabeledReplicas() {
    return fullyLabeledReplicas;
  }

  public void setFullyLabeledReplicas(Integer fullyLabeledReplicas) {
    this.fullyLabeledReplicas = fullyLabeledReplicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getAvailableReplicas() {
    return availableReplicas;
  }

  public void setAvailableReplicas(Integer availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLabelSelector() {
    return labelSelector;
  }

  public void setLabelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
  }

  public String getErrorReason() {
    return errorReason;
  }

  public void setErrorReason(String errorReason) {
    this.errorReason = errorReason;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  public void setErrorMessage(String errorMessage) {
    this.errorMessage = errorMessage;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public AuthoritativeAPIStatus getAuthoritativeAPI() {
    return authoritativeAPI;
  }

  public void setAuthoritativeAPI(AuthoritativeAPIStatus authoritativeAPI) {
    this.authoritativeAPI = authoritativeAPI;
  }

  public AuthoritativeAPI getSynchronizedAPI() {
    return synchronizedAPI;
  }

  public void setSynchronizedAPI(AuthoritativeAPI synchronizedAPI) {
    this.synchronizedAPI = synchronizedAPI;
  }

  public Long getSynchronizedGeneration() {
    return synchronizedGeneration;
  }

  public void setSynchronizedGeneration(Long synchronizedGeneration) {
    this.synchronizedGeneration = synchronizedGeneration;
  }}
