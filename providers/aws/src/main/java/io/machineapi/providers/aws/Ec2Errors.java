package io.machineapi.providers.aws;

import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * EC2 failures → the SPI's two classes. Permanent ({@link InvalidConfigurationException}, the Machine goes Failed)
 * only for an error code of {@link #SPEC_ERRORS} answering RunInstances: codes EC2 documents for an unknown or
 * malformed AMI, subnet, security group, instance type, key pair, instance profile, placement group, capacity
 * reservation or parameter value, each naming its field. Everything else is transient and names the code:
 * credentials and permissions ({@link Reason#CREDENTIALS}), capacity ({@link Reason#INSUFFICIENT_CAPACITY}, long
 * backoff), quotas ({@link Reason#QUOTA_EXCEEDED}, long backoff), throttling, 5xx, network errors, and any code not
 * listed here, known or not — a Machine is never Failed for something its spec cannot fix.
 */
final class Ec2Errors {
  static final Duration CAPACITY_BACKOFF = Duration.ofMinutes(2);
  static final Duration QUOTA_BACKOFF = Duration.ofMinutes(5);

  /**
   * The allow-list: EC2 error codes that prove the Machine's spec wrong when RunInstances answers them, each with the
   * field of {@code providerSpec.value} it concerns ("" when EC2's message must say which; see {@link #field}).
   * Codes EC2 documents in two spellings ({@code ID}/{@code Id}) are listed in both. Deliberately absent:
   * {@code InvalidAMIID.Unavailable} (also answered while an image is still pending), {@code MissingParameter} and
   * {@code UnknownParameter} (the request is built by this provider, so they are its bugs, not the spec's).
   */
  static final Map<String, String> SPEC_ERRORS = Map.ofEntries(
      Map.entry("InvalidAMIID.NotFound", "ami"),
      Map.entry("InvalidAMIID.Malformed", "ami"),
      Map.entry("InvalidSubnetID.NotFound", "subnet"),
      Map.entry("InvalidSubnetId.NotFound", "subnet"),
      Map.entry("InvalidSubnetID.Malformed", "subnet"),
      Map.entry("InvalidSubnetId.Malformed", "subnet"),
      Map.entry("InvalidGroup.NotFound", "securityGroups"),
      Map.entry("InvalidGroupId.Malformed", "securityGroups"),
      Map.entry("InvalidSecurityGroupID.NotFound", "securityGroups"),
      Map.entry("InvalidSecurityGroupId.Malformed", "securityGroups"),
      Map.entry("InvalidInstanceType", "instanceType"),
      Map.entry("InvalidKeyPair.NotFound", "keyName"),
      Map.entry("InvalidIamInstanceProfileArn.Malformed", "iamInstanceProfile"),
      Map.entry("InvalidPlacementGroup.Unknown", "placementGroupName"),
      Map.entry("InvalidCapacityReservationId.NotFound", "capacityReservationId"),
      Map.entry("InvalidCapacityReservationId.Malformed", "capacityReservationId"),
      Map.entry("InvalidAvailabilityZone", "placement.availabilityZone"),
      Map.entry("InvalidTenancy", "placement.tenancy"),
      Map.entry("InvalidHostID.NotFound", "placement.host.dedicatedHost.id"),
      Map.entry("InvalidHostId.Malformed", "placement.host.dedicatedHost.id"),
      Map.entry("InvalidBlockDeviceMapping", "blockDevices"),
      Map.entry("UnknownVolumeType", "blockDevices"),
      Map.entry("InvalidParameterValue", ""),
      Map.entry("InvalidParameterCombination", ""),
      Map.entry("InvalidParameterDependency", ""),
      Map.entry("InvalidParameter", ""));

  /** Refused credentials or permissions, or an account not allowed to use EC2 (or a subscribed AMI) yet. */
  static final Set<String> CREDENTIALS_ERRORS = Set.of("AuthFailure", "UnauthorizedOperation",
      "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken",
      "ExpiredToken", "ExpiredTokenException", "AccessDenied", "AccessDeniedException", "OptInRequired", "Blocked",
      "PendingVerification");

  /** No capacity for this request now, in this zone, subnet, host or reservation: it comes back by itself. */
  static final Set<String> CAPACITY_ERRORS = Set.of("InsufficientInstanceCapacity",
      "InsufficientFreeAddressesInSubnet", "InsufficientHostCapacity", "InsufficientCapacityOnHost",
      "InsufficientReservedInstanceCapacity", "InsufficientReservedInstancesCapacity", "InsufficientCapacity",
      "InsufficientAddressCapacity", "InsufficientVolumeCapacity", "ReservationCapacityExceeded",
      "UnfulfillableCapacity", "SpotMaxPriceTooLow", "Unsupported");

  /** Account limits (besides every other {@code *LimitExceeded} / {@code *CountExceeded} but the request rate). */
  static final Set<String> QUOTA_ERRORS = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded",
      "MaxSpotInstanceCountExceeded", "MaxIOPSLimitExceeded", "VolumeLimitExceeded", "VolumeIOPSLimit",
      "ResourceLimitExceeded", "ResourceCountExceeded");

  private static final Set<String> THROTTLE_ERRORS = Set.of("RequestLimitExceeded", "Throttling",
      "ThrottlingException", "TooManyRequestsException");

  private Ec2Errors() {}

  /** The AWS error code of an EC2 or ELB failure, or null for a client-side one (network, timeout). */
  static String code(Throwable e) {
    return e instanceof AwsServiceException s && s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
  }

  /** Worth retrying right away (within the call's small budget). */
  static boolean retryable(Throwable e) {
    String code = code(e);
    if (code != null) {
      int status = ((AwsServiceException) e).statusCode();
      return isThrottle(code) || status == 429 || status >= 500 && !CAPACITY_ERRORS.contains(code);
    }
    return e instanceof SdkClientException;
  }

  static boolean isThrottle(String code) {
    return THROTTLE_ERRORS.contains(code);
  }

  static boolean isQuota(String code) {
    return QUOTA_ERRORS.contains(code) || !isThrottle(code)
        && (code.endsWith("LimitExceeded") || code.endsWith("CountExceeded"));
  }

  /**
   * @param launching the failure answers RunInstances, whose parameters all come from the Machine's spec; only then
   *     can an error code of {@link #SPEC_ERRORS} be the spec's fault
   */
  static ProviderException classify(SdkException e, boolean launching) {
    String code = code(e);
    String message = message(e);
    if (code == null) {
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE, "EC2 unreachable: " + message, e);
    }
    if (launching && SPEC_ERRORS.containsKey(code)) {
      String field = field(code, message);
      String text = code + ": " + message;
      return new InvalidConfigurationException(List.of(field == null
          ? FieldError.general("EC2 refused the launch: " + text)
          : new FieldError("providerSpec.value." + field, text)), e);
    }
    int status = ((AwsServiceException) e).statusCode();
    String named = "(" + code + "): " + message;
    if (isThrottle(code) || status == 429) {
      return new TransientProviderException(Reason.THROTTLED, "EC2 throttled the request (" + code + ")", e);
    }
    if (CAPACITY_ERRORS.contains(code)) {
      return new TransientProviderException(Reason.INSUFFICIENT_CAPACITY, "EC2 has no capacity now " + named,
          CAPACITY_BACKOFF, e);
    }
    if (isQuota(code)) {
      return new TransientProviderException(Reason.QUOTA_EXCEEDED, "EC2 quota reached " + named, QUOTA_BACKOFF, e);
    }
    if (CREDENTIALS_ERRORS.contains(code) || code.startsWith("AuthFailure.") || status == 401 || status == 403) {
      return new TransientProviderException(Reason.CREDENTIALS,
          "EC2 refused the credentials or their permissions " + named, e);
    }
    if (status >= 500) {
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE, "EC2 error " + named, e);
    }
    return new TransientProviderException(Reason.OTHER, "EC2 refused the request " + named, e);
  }

  /**
   * The field of {@code providerSpec.value} an allow-listed code concerns: the table's, else (for the generic
   * parameter codes) the one EC2's message names, else null (the message says).
   */
  static String field(String code, String message) {
    String field = SPEC_ERRORS.get(code);
    if (field != null && !field.isEmpty()) {
      return field;
    }
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("iaminstanceprofile") || m.contains("instance profile")) {
      return "iamInstanceProfile";
    }
    if (m.contains("instancetype") || m.contains("instance type")) {
      return "instanceType";
    }
    return null;
  }

  private static String message(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      return s.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
