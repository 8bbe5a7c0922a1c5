package io.machineapi.api.autoscaling.v1;

/**
 * How the autoscaler picks among MachineSets that could take pending pods. {@link #MostPods} is this project's
 * addition to OpenShift's enum.
 */
public enum Expander {
  LeastWaste, Priority, Random, MostPods
}
