package io.machineapi.api.machine.v1beta1;

/** Which API stack owns the object ({@code spec.authoritativeAPI}); feature-gated migration field. */
public enum AuthoritativeAPI {
  MachineAPI, ClusterAPI
}
