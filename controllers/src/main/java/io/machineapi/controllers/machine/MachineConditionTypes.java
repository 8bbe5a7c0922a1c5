package io.machineapi.controllers.machine;

/** Condition types and reasons the Machine controller writes (OpenShift's, plus this project's additions). */
public final class MachineConditionTypes {
  private MachineConditionTypes() {}

  /** Whether the cloud instance exists (OpenShift). */
  public static final String INSTANCE_EXISTS = "InstanceExists";
  public static final String REASON_INSTANCE_NOT_CREATED = "InstanceNotCreated";
  public static final String REASON_INSTANCE_MISSING = "InstanceMissing";
  public static final String REASON_ERROR_CHECKING_PROVIDER = "ErrorCheckingProvider";
  public static final String REASON_CREATE_FAILED = "CreateFailed";
  /** The cloud has no capacity for the instance now; the create is retried with a long backoff. */
  public static final String REASON_INSUFFICIENT_CAPACITY = "InsufficientCapacity";
  /** An account quota or limit stops the create; retried with a long backoff, never Failed. */
  public static final String REASON_QUOTA_EXCEEDED = "QuotaExceeded";
  /** A create failed because the cloud refused the credentials or their permissions. */
  public static final String REASON_CREDENTIALS_REFUSED = "CredentialsRefused";
  public static final String REASON_INSTANCE_DELETED = "InstanceDeleted";
  public static final String REASON_DELETE_FAILED = "DeleteFailed";

  /** False while a preDrain hook is present (OpenShift, recomputed on every status write). */
  public static final String DRAINABLE = "Drainable";
  /** False while a preTerminate hook is present (OpenShift, recomputed on every status write). */
  public static final String TERMINABLE = "Terminable";
  public static final String REASON_HOOK_PRESENT = "HookPresent";

  /** Drain outcome during deletion (OpenShift's drain controller condition, written here). */
  public static final String DRAINED = "Drained";
  public static final String REASON_DRAINING = "Draining";
  public static final String REASON_DRAIN_ERROR = "DrainError";
  public static final String REASON_DRAIN_SKIPPED = "DrainSkipped";
  public static final String REASON_DRAIN_TIMEOUT = "DrainTimeoutExpired";
  public static final String REASON_DRAIN_SUCCEEDED = "DrainSucceeded";

  /** Whether the Secrets named by the providerSpec could be read (this project). */
  public static final String SECRETS_RESOLVED = "SecretsResolved";
  public static final String REASON_SECRET_NOT_FOUND = "SecretNotFound";
  public static final String REASON_SECRETS_FOUND = "SecretsFound";

  /** The linked Node's readiness, or why no Node is linked (this project, Cluster API's {@code NodeHealthy}). */
  public static final String NODE_HEALTHY = "NodeHealthy";
  public static final String REASON_NODE_READY = "NodeReady";
  public static final String REASON_NODE_NOT_READY = "NodeNotReady";
  public static final String REASON_NODE_READY_UNKNOWN = "NodeReadyUnknown";
  public static final String REASON_WAITING_FOR_NODE = "WaitingForNode";
  public static final String REASON_NODE_NOT_FOUND = "NodeNotFound";
  public static final String REASON_MULTIPLE_NODES = "MultipleNodesMatch";

  /** Deleting the Node object at the end of deletion failed; its lastTransitionTime starts the timeout. */
  public static final String NODE_DELETED = "NodeDeleted";
  public static final String REASON_NODE_DELETION_FAILED = "NodeDeletionFailed";
}
