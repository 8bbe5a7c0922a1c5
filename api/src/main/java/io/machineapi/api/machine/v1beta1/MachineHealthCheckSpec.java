package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.machineapi.api.GoDuration;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/** Desired behaviour of a {@link MachineHealthCheck}. */
@JsonClassDescription("Which Machines to check, what counts as unhealthy, and how much remediation is allowed.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineHealthCheckSpec {
  /** A non-negative integer, or 0–100 followed by {@code %}. */
  public static final String MAX_UNHEALTHY_PATTERN = "^((100|[0-9]{1,2})%|[0-9]+)$";

  @JsonPropertyDescription("Label selector choosing the Machines this check watches. An empty selector"
      + " watches every Machine in the namespace.")
  private LabelSelector selector;
  @JsonPropertyDescription("Node conditions, any one of which (held for its timeout) makes a Node unhealthy."
      + " At least one entry.")
  @Size(min = 1)
  private List<UnhealthyCondition> unhealthyConditions;
  @JsonPropertyDescription("Remediation is allowed only while at most this many of the selected Machines are"
      + " unhealthy: a number, or a percentage from 0% to 100% (rounded down). 0 or 0%"
      + " blocks all remediation. Defaults to 100%.")
  @Pattern(MAX_UNHEALTHY_PATTERN)
  @Default("100%")
  private IntOrString maxUnhealthy;
  @JsonPropertyDescription("A Machine whose Node has not appeared this long after its instance was created"
      + " is unhealthy. A Go duration (300s, 10m, 1h30m); 0 turns the check off. Defaults"
      + " to 10m.")
  @Pattern(GoDuration.PATTERN)
  @Default("10m")
  private String nodeStartupTimeout;
  @JsonPropertyDescription("Optional reference to a remediation template of an infrastructure provider. When"
      + " set, an unhealthy Machine is handed over by creating an object from this"
      + " template instead of being deleted.")
  private ObjectReference remediationTemplate;


  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public List<UnhealthyCondition> getUnhealthyConditions() {
    return unhealthyConditions;
  }

  public void setUnhealthyConditions(List<UnhealthyCondition> unhealthyConditions) {
    this.unhealthyConditions = unhealthyConditions;
  }

  public IntOrString getMaxUnhealthy() {
    return maxUnhealthy;
  }

  public void setMaxUnhealthy(IntOrString maxUnhealthy) {
    this.maxUnhealthy = maxUnhealthy;
  }

  public String getNodeStartupTimeout() {
    return nodeStartupTimeout;
  }

  public void setNodeStartupTimeout(String nodeStartupTimeout) {
    this.nodeStartupTimeout = nodeStartupTimeout;
  }

  public ObjectReference getRemediationTemplate() {
    return remediationTemplate;
  }

  public void setRemediationTemplate(ObjectReference remediationTemplate) {
    this.remediationTemplate = remediationTemplate;
  }}
