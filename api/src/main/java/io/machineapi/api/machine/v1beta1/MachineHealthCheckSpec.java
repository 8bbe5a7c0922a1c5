package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;

/** Desired behaviour of a {@link MachineHealthCheck}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineHealthCheckSpec {
  /** A non-negative integer, or 0–100 followed by {@code %}. */
  public static final String MAX_UNHEALTHY_PATTERN = "^((100|[0-9]{1,2})%|[0-9]+)$";

  /** Machines to check; an empty selector matches every Machine in the namespace. */
  private LabelSelector selector;
  /** OR-ed conditions that make a Node unhealthy. */
  @Size(min = 1)
  private List<UnhealthyCondition> unhealthyConditions;
  /** Remediation happens only while the unhealthy count is at most this; percentages round down. */
  @Pattern(MAX_UNHEALTHY_PATTERN)
  @Default("100%")
  private IntOrString maxUnhealthy;
  /** A Machine without a Node for longer than this is unhealthy; {@code 0} disables the check. */
  @Pattern(Durations.PATTERN_OR_ZERO)
  @Default("10m")
  private String nodeStartupTimeout;
  /** When set, remediation creates an object from this template instead of deleting the Machine. */
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
