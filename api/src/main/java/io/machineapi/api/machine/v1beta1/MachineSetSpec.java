package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Desired state of a {@link MachineSet}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSetSpec {
  /** Desired Machine count; served by the {@code /scale} subresource. */
  @SpecReplicas
  @Default("1")
  @Min(0)
  private Integer replicas;
  /** Seconds a Node must be Ready before its Machine counts as available. */
  @Min(0)
  private Integer minReadySeconds;
  private DeletePolicy deletePolicy;
  /** Machines owned by the set; must match {@code template.metadata.labels}. */
  @Required
  private LabelSelector selector;
  private MachineTemplateSpec template;
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
