package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Free-form record of the last operation on a Machine ({@code status.lastOperation}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class LastOperation {
  @JsonPropertyDescription("What the last operation on the instance did, in words.")
  private String description;
  @JsonPropertyDescription("When this record was last written (RFC 3339).")
  private String lastUpdated;
  @JsonPropertyDescription("How the last operation ended or stands, e.g. Processing, Failed, Successful.")
  private String state;
  @JsonPropertyDescription("Kind of the last operation, e.g. Create, Update, Delete.")
  private String type;


  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getLastUpdated() {
    return lastUpdated;
  }

  public void setLastUpdated(String lastUpdated) {
    this.lastUpdated = lastUpdated;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }}
