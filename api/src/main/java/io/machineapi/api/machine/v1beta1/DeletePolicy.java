package io.machineapi.api.machine.v1beta1;

/** Victim order on MachineSet scale-down; absent means {@link #Random}. */
public enum DeletePolicy {
  Random, Newest, Oldest
}
