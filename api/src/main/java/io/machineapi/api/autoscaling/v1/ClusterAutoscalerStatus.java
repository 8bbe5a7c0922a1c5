package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Status of the ClusterAutoscaler; OpenShift leaves it empty, this project adds fields of its own later. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterAutoscalerStatus {
}
