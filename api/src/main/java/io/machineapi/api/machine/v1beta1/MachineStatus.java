package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/**
 * Observed state of a {@link Machine}. {@code errorReason} is one of {@link MachineErrorReasons} and is set only for
 * terminal problems; {@code phase} is one of {@link MachinePhases}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineStatus {
  private ObjectReference nodeRef;
  private String lastUpdated;
  private String errorReason;
  private String errorMessage;
  @PreserveUnknownFields
  private JsonNode providerStatus;
  private List<NodeAddress> addresses;
  private LastOperation lastOperation;
  private String phase;
  private List<Condition> conditions;
  private AuthoritativeAPIStatus authoritativeAPI;
  private AuthoritativeAPI synchronizedAPI;
  private Long synchronizedGeneration;


  public ObjectReference getNodeRef() {
    return nodeRef;
  }

  public void setNodeRef(ObjectReference nodeRef) {
    this.nodeRef = nodeRef;
  }

  public String getLastUpdated() {
    return lastUpdated;
  }

  public void setLastUpdated(String lastUpdated) {
    this.lastUpdated = lastUpdated;
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

  public JsonNode getProviderStatus() {
    return providerStatus;
  }

  public void setProviderStatus(JsonNode providerStatus) {
    this.providerStatus = providerStatus;
  }

  public List<NodeAddress> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<NodeAddress> addresses) {
    this.addresses = addresses;
  }

  public LastOperation getLastOperation() {
    return lastOperation;
  }

  public void setLastOperation(LastOperation lastOperation) {
    this.lastOperation = lastOperation;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
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
