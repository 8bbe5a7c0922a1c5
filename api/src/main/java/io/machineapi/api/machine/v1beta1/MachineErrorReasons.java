package io.machineapi.api.machine.v1beta1;

/**
 * Values of {@code Machine.status.errorReason}. The cluster autoscaler treats a Machine with error fields as a
 * failed instance, so these are set only for genuinely terminal problems.
 */
public final class MachineErrorReasons {
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
  public static final String UNSUPPORTED_CHANGE = "UnsupportedChange";
  public static final String INSUFFICIENT_RESOURCES = "InsufficientResources";
  public static final String CREATE_ERROR = "CreateError";
  public static final String UPDATE_ERROR = "UpdateError";
  public static final String DELETE_ERROR = "DeleteError";
  public static final String JOIN_CLUSTER_TIMEOUT = "JoinClusterTimeoutError";
  public static final String IP_ADDRESS_INVALID = "IPAddressInvalid";

  private MachineErrorReasons() {}
}
