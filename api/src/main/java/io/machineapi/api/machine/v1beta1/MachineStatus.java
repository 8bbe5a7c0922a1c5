package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/**
 * Observed state of a {@link Machine}. {@code errorReason} is one of {@link MachineErrorReasons} and is set only for
 * terminal problems; {@code phase} is one of {@link MachinePhases}.
 */
@JsonClassDescription("Observed state of a Machine, written by the Machine controller.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineStatus {
  @JsonPropertyDescription("The Node this Machine became, once it has joined the cluster.")
  private ObjectReference nodeRef;
  @JsonPropertyDescription("When this status was last written (RFC 3339).")
  private String lastUpdated;
  @JsonPropertyDescription("Set, with errorMessage, only for a problem that needs a person to fix it (for"
      + " example an invalid providerSpec); short machine-readable value such as"
      + " InvalidConfiguration.")
  private String errorReason;
  @JsonPropertyDescription("Human-readable details of errorReason.")
  private String errorMessage;
  @JsonPropertyDescription("Cloud-specific state of the instance, written by the provider.")
  @PreserveUnknownFields
  private JsonNode providerStatus;
  @JsonPropertyDescription("Addresses of the instance as the cloud reports them.")
  private List<NodeAddress> addresses;
  @JsonPropertyDescription("The last operation the Machine controller performed on the instance and how it went.")
  private LastOperation lastOperation;
  @JsonPropertyDescription("Where the Machine is in its life: Provisioning, Provisioned, Running, Deleting or Failed.")
  private String phase;
  @JsonPropertyDescription("Current state of the Machine, one entry per condition type.")
  private List<Condition> conditions;
  @JsonPropertyDescription("Which API currently manages this object: MachineAPI, ClusterAPI, or Migrating"
      + " while authority moves between them.")
  private AuthoritativeAPIStatus authoritativeAPI;
  @JsonPropertyDescription("Which API the last synchronization between the MachineAPI and ClusterAPI copies came from.")
  private AuthoritativeAPI synchronizedAPI;
  @JsonPropertyDescription("Generation of the authoritative copy that the other copy was last synchronized with.")
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
