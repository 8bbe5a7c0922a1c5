package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.machineapi.api.GoDuration;
import io.fabric8.generator.annotation.Size;

/**
 * A Node condition that, held with {@code status} for at least {@code timeout} (from the condition's
 * lastTransitionTime), makes the Node unhealthy. No field is required, as in OpenShift's schema: an entry without
 * {@code type} or {@code status} matches no Node condition, and one without {@code timeout} has a zero timeout.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class UnhealthyCondition {
  @JsonPropertyDescription("Node condition type to watch, e.g. Ready.")
  @Size(min = 1)
  private String type;
  @JsonPropertyDescription("Condition status that counts as unhealthy: True, False or Unknown.")
  @Size(min = 1)
  private String status;
  @JsonPropertyDescription("How long the condition must have held that status before the Node is unhealthy."
      + " A Go duration such as 300s or 5m.")
  @Pattern(GoDuration.PATTERN)
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
