package io.machineapi.api.machine.v1beta1;

/** Which API stack currently owns the object ({@code status.authoritativeAPI}); passes through Migrating. */
public enum AuthoritativeAPIStatus {
  MachineAPI, ClusterAPI, Migrating
}
