package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Observed state of a {@link MachineHealthCheck}. */
@JsonClassDescription("Observed state of a MachineHealthCheck, written by its controller.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineHealthCheckStatus {
  @JsonPropertyDescription("Number of Machines the selector matches.")
  @Min(0)
  private Integer expectedMachines;
  @JsonPropertyDescription("Number of matched Machines found healthy in the last check.")
  @Min(0)
  private Integer currentHealthy;
  @JsonPropertyDescription("How many more Machines may be remediated before maxUnhealthy stops remediation.")
  @Min(0)
  private Integer remediationsAllowed;
  @JsonPropertyDescription("Current state of the check, one entry per condition type (e.g. RemediationAllowed).")
  private List<Condition> conditions;


  public Integer getExpectedMachines() {
    return expectedMachines;
  }

  public void setExpectedMachines(Integer expectedMachines) {
    this.expectedMachines = expectedMachines;
  }

  public Integer getCurrentHealthy() {
    return currentHealthy;
  }

  public void setCurrentHealthy(Integer currentHealthy) {
    this.currentHealthy = currentHealthy;
  }

  public Integer getRemediationsAllowed() {
    return remediationsAllowed;
  }

  public void setRemediationsAllowed(Integer remediationsAllowed) {
    this.remediationsAllowed = remediationsAllowed;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }}
