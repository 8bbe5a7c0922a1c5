package io.machineapi.api.machine.v1beta1;

/** Values of {@code Machine.status.phase}; an empty phase means not yet reconciled. */
public final class MachinePhases {
  /** No instance yet; the create call is made on the pass after this phase is written. */
  public static final String PROVISIONING = "Provisioning";
  /** The instance exists and providerID or addresses are set; no Node linked yet. */
  public static final String PROVISIONED = "Provisioned";
  /** The instance exists and {@code status.nodeRef} is set. */
  public static final String RUNNING = "Running";
  /** {@code deletionTimestamp} is set. */
  public static final String DELETING = "Deleting";
  /** Terminal: invalid configuration, or the provisioned instance vanished. */
  public static final String FAILED = "Failed";

  private MachinePhases() {}
}
