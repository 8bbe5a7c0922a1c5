package io.machineapi.api.autoscaling.v1;

/** Two-valued switch used by several ClusterAutoscaler fields. */
public enum EnabledDisabled {
  Enabled, Disabled
}
