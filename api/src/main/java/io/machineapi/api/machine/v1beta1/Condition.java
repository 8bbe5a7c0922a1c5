package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A condition as used by Machine, MachineSet and MachineHealthCheck status (Cluster API v1alpha3 shape):
 * {@code type}, {@code status} ({@code True}/{@code False}/{@code Unknown}), {@code severity} (only meaningful
 * when status is False), {@code lastTransitionTime}, {@code reason} and {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Condition {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  @JsonPropertyDescription("Condition type in CamelCase, optionally prefixed by a DNS subdomain and a slash"
      + " (e.g. Drained, foo.example.com/Ready). One entry per type.")
  @Required
  private String type;
  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  private String status;
  @JsonPropertyDescription("How serious a False condition is: Error, Warning or Info. Empty when status is True.")
  private String severity;
  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  private String lastTransitionTime;
  @JsonPropertyDescription("Machine-readable CamelCase word explaining the last transition.")
  private String reason;
  @JsonPropertyDescription("Human-readable details about the last transition; may be empty.")
  private String message;

  public Condition() {}

  public Condition(String type, String status, String severity, String reason, String message,
      String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.severity = severity;
    this.reason = reason;
    this.message = message;
    this.lastTransitionTime = lastTransitionTime;
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

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }}
