package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Observed state of a {@link MachineHealthCheck}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineHealthCheckStatus {
  @Min(0)
  private Integer expectedMachines;
  @Min(0)
  private Integer currentHealthy;
  @Min(0)
  private Integer remediationsAllowed;
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
