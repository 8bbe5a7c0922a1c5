package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Desired state of a {@link MachineSet}. */
@JsonClassDescription("Desired state of a MachineSet.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSetSpec {
  @JsonPropertyDescription("How many Machines the set keeps. Also served by the scale subresource. Defaults to 1.")
  @SpecReplicas
  @Default("1")
  @Min(0)
  private Integer replicas;
  @JsonPropertyDescription("How long, in seconds, a Machine's Node must have been Ready before the Machine"
      + " counts as available. 0 (the default) means as soon as it is Ready.")
  private Integer minReadySeconds;
  @JsonPropertyDescription("Which Machines go first when the set scales down: Random (the default), Newest"
      + " or Oldest. Machines marked for deletion or unhealthy go before all others.")
  private DeletePolicy deletePolicy;
  @JsonPropertyDescription("Label selector of the Machines this set owns. It must match the labels of"
      + " template.metadata.")
  @Required
  private LabelSelector selector;
  @JsonPropertyDescription("What each new Machine looks like: the metadata put on it and the Machine spec"
      + " copied into it.")
  private MachineTemplateSpec template;
  @JsonPropertyDescription("Which API manages this object, MachineAPI or ClusterAPI (migration field; this"
      + " operator acts on MachineAPI objects).")
  private AuthoritativeAPI authoritativeAPI;


  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }

  public DeletePolicy getDeletePolicy() {
    return deletePolicy;
  }

  public void setDeletePolicy(DeletePolicy deletePolicy) {
    this.deletePolicy = deletePolicy;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public MachineTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(MachineTemplateSpec template) {
    this.template = template;
  }

  public AuthoritativeAPI getAuthoritativeAPI() {
    return authoritativeAPI;
  }

  public void setAuthoritativeAPI(AuthoritativeAPI authoritativeAPI) {
    this.authoritativeAPI = authoritativeAPI;
  }}
