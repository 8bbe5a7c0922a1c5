package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** Observed state of a {@link MachineSet}. */
@JsonClassDescription("Observed state of a MachineSet, written by the MachineSet controller.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSetStatus {
  @JsonPropertyDescription("Number of Machines the set currently owns (matching the selector and not being deleted).")
  @StatusReplicas
  private Integer replicas;
  @JsonPropertyDescription("Number of owned Machines whose labels match all of the template's labels.")
  private Integer fullyLabeledReplicas;
  @JsonPropertyDescription("Number of owned Machines whose Node is Ready.")
  private Integer readyReplicas;
  @JsonPropertyDescription("Number of owned Machines whose Node has been Ready for at least minReadySeconds.")
  private Integer availableReplicas;
  @JsonPropertyDescription("The metadata.generation of the set that this status describes.")
  private Long observedGeneration;
  @JsonPropertyDescription("The selector in string form, as the scale subresource reports it.")
  @LabelSelector
  @Size(max = 4096)
  private String labelSelector;
  @JsonPropertyDescription("Set, with errorMessage, only for a problem that needs a person to fix it (for"
      + " example an invalid template); short machine-readable value.")
  private String errorReason;
  @JsonPropertyDescription("Human-readable details of errorReason.")
  private String errorMessage;
  @JsonPropertyDescription("Current state of the set, one entry per condition type.")
  private List<Condition> conditions;
  @JsonPropertyDescription("Which API currently manages this object: MachineAPI, ClusterAPI, or Migrating"
      + " while authority moves between them.")
  private AuthoritativeAPIStatus authoritativeAPI;
  @JsonPropertyDescription("Which API the last synchronization between the MachineAPI and ClusterAPI copies came from.")
  private AuthoritativeAPI synchronizedAPI;
  @JsonPropertyDescription("Generation of the authoritative copy that the other copy was last synchronized with.")
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
