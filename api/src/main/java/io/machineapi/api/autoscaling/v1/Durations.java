package io.machineapi.api.autoscaling.v1;

/** Duration syntax the ClusterAutoscaler CRD validates. */
final class Durations {
  static final String PATTERN = "^([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$";

  private Durations() {}
}
