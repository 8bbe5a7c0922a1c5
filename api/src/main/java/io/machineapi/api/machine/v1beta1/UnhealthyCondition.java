package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A Node condition that, held with {@code status} for at least {@code timeout} (from the condition's
 * lastTransitionTime), makes the Node unhealthy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class UnhealthyCondition {
  @Required
  @Size(min = 1)
  private String type;
  @Required
  @Size(min = 1)
  private String status;
  @Required
  @Pattern(Durations.PATTERN)
  private String timeout;

  public UnhealthyCondition() {}

  public UnhealthyCondition(String type, String status, String timeout) {
    this.type = type;
    this.status = status;
    this.timeout = timeout;
  }


  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }}
