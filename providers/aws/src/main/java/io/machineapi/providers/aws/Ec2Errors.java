package io.machineapi.providers.aws;

import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * EC2 failures → the SPI's two classes. Bad AMI, subnet, security group, instance type, key pair or instance profile
 * is permanent (the message names the field); throttling, 5xx and network errors are transient; capacity and quota
 * are transient with a long backoff — never Failed.
 */
final class Ec2Errors {
  static final Duration CAPACITY_BACKOFF = Duration.ofMinutes(2);
  static final Duration QUOTA_BACKOFF = Duration.ofMinutes(5);

  private Ec2Errors() {}

  /** The AWS error code of an EC2 or ELB failure, or null for a client-side one (network, timeout). */
  static String code(Throwable e) {
    return e instanceof AwsServiceException s && s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
  }

  /** Worth retrying right away (within the call's small budget). */
  static boolean retryable(Throwable e) {
    String code = code(e);
    if (code != null) {
      return isThrottle(code) || ((AwsServiceException) e).statusCode() >= 500
          && !"InsufficientInstanceCapacity".equals(code);
    }
    return e instanceof SdkClientException;
  }

  static boolean isThrottle(String code) {
    return "RequestLimitExceeded".equals(code) || "Throttling".equals(code) || "ThrottlingException".equals(code);
  }

  /** @param launching the failure came from RunInstances (a 4xx there is the spec's fault) */
  static ProviderException classify(SdkException e, boolean launching) {
    String code = code(e);
    String message = message(e);
    if (code == null) {
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE, "EC2 unreachable: " + message, e);
    }
    if (isThrottle(code)) {
      return new TransientProviderException(Reason.THROTTLED, "EC2 throttled the request (" + code + ")", e);
    }
    if ("InsufficientInstanceCapacity".equals(code)) {
      return new TransientProviderException(Reason.INSUFFICIENT_CAPACITY, "EC2 has no capacity now: " + message,
          CAPACITY_BACKOFF, e);
    }
    if ("InstanceLimitExceeded".equals(code) || "VcpuLimitExceeded".equals(code)) {
      return new TransientProviderException(Reason.QUOTA_EXCEEDED, "EC2 quota reached: " + message, QUOTA_BACKOFF, e);
    }
    String field = field(code, message);
    if (field != null) {
      return new InvalidConfigurationException(List.of(new FieldError("providerSpec.value." + field,
          code + ": " + message)), e);
    }
    if (((AwsServiceException) e).statusCode() >= 500 || !launching) {
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE, "EC2 error " + code + ": " + message, e);
    }
    return new InvalidConfigurationException(List.of(FieldError.general("EC2 refused the launch: " + code + ": "
        + message)), e);
  }

  static String field(String code, String message) {
    if (code.startsWith("InvalidAMIID")) {
      return "ami";
    }
    if (code.startsWith("InvalidSubnetID") || code.startsWith("InvalidSubnet")) {
      return "subnet";
    }
    if (code.startsWith("InvalidGroup") || code.startsWith("InvalidSecurityGroupID")) {
      return "securityGroups";
    }
    if (code.startsWith("InvalidKeyPair")) {
      return "keyName";
    }
    if ("InvalidInstanceType".equals(code) || message != null && message.toLowerCase().contains("instance type")) {
      return "instanceType";
    }
    if (message != null && message.contains("iamInstanceProfile")) {
      return "iamInstanceProfile";
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
