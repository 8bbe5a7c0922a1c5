package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The classification table: only codes proving the spec wrong are permanent, everything else is transient. */
class Ec2ErrorsTest {

  private static Ec2Exception error(int status, String code, String message) {
    return (Ec2Exception) Ec2Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  private static TransientProviderException transientOf(ProviderException e) {
    assertThat(e).isInstanceOf(TransientProviderException.class);
    return (TransientProviderException) e;
  }

  /** Every allow-listed code with the field it names (empty: EC2's message says which). */
  private static final String[][] ALLOW_LIST = {
      {"InvalidAMIID.NotFound", "ami"}, {"InvalidAMIID.Malformed", "ami"},
      {"InvalidSubnetID.NotFound", "subnet"}, {"InvalidSubnetId.NotFound", "subnet"},
      {"InvalidSubnetID.Malformed", "subnet"}, {"InvalidSubnetId.Malformed", "subnet"},
      {"InvalidGroup.NotFound", "securityGroups"}, {"InvalidGroupId.Malformed", "securityGroups"},
      {"InvalidSecurityGroupID.NotFound", "securityGroups"}, {"InvalidSecurityGroupId.Malformed", "securityGroups"},
      {"InvalidInstanceType", "instanceType"}, {"InvalidKeyPair.NotFound", "keyName"},
      {"InvalidIamInstanceProfileArn.Malformed", "iamInstanceProfile"},
      {"InvalidPlacementGroup.Unknown", "placementGroupName"},
      {"InvalidCapacityReservationId.NotFound", "capacityReservationId"},
      {"InvalidCapacityReservationId.Malformed", "capacityReservationId"},
      {"InvalidAvailabilityZone", "placement.availabilityZone"}, {"InvalidTenancy", "placement.tenancy"},
      {"InvalidHostID.NotFound", "placement.host.dedicatedHost.id"},
      {"InvalidHostId.Malformed", "placement.host.dedicatedHost.id"},
      {"InvalidBlockDeviceMapping", "blockDevices"}, {"UnknownVolumeType", "blockDevices"},
      {"InvalidParameterValue", ""}, {"InvalidParameterCombination", ""}, {"InvalidParameterDependency", ""},
      {"InvalidParameter", ""}};

  @Test
  void everyAllowListedCodeFromRunInstancesIsPermanentAndNamesItsField() {
    Set<String> tested = new HashSet<>();
    for (String[] row : ALLOW_LIST) {
      String code = row[0];
      tested.add(code);
      ProviderException e = Ec2Errors.classify(error(400, code, "The value is not valid."), true);
      assertThat(e).as(code).isInstanceOf(InvalidConfigurationException.class);
      List<FieldError> errors = ((InvalidConfigurationException) e).errors();
      assertThat(errors).as(code).singleElement().satisfies(f -> {
        assertThat(f.path()).isEqualTo(row[1].isEmpty() ? "" : "providerSpec.value." + row[1]);
        assertThat(f.message()).contains(code).contains("The value is not valid.");
      });
    }
    // The production table holds exactly these codes: none permanent without a test here.
    assertThat(Ec2Errors.SPEC_ERRORS.keySet()).containsExactlyInAnyOrderElementsOf(tested);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "InvalidParameterValue|Value (no-such-profile) for parameter iamInstanceProfile.name is invalid.|"
          + "iamInstanceProfile",
      "InvalidParameterValue|Invalid value 'm5.huge' for InstanceType.|instanceType",
      "InvalidParameterCombination|The instance type t2.micro does not support the requested option.|instanceType"})
  void aGenericParameterCodeNamesTheFieldItsMessageNames(String code, String message, String field) {
    ProviderException e = Ec2Errors.classify(error(400, code, message), true);
    assertThat(((InvalidConfigurationException) e).errors()).singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo("providerSpec.value." + field));
  }

  @Test
  void anAllowListedCodeFromAnyOtherCallIsTransient() {
    // A describe or terminate is built by the provider, not from the spec.
    ProviderException e = Ec2Errors.classify(error(400, "InvalidParameterValue", "bad filter"), false);
    assertThat(transientOf(e).reason()).isEqualTo(Reason.OTHER);
    assertThat(e).hasMessageContaining("InvalidParameterValue");
  }

  @ParameterizedTest
  @CsvSource({"AuthFailure,401", "AuthFailure,400", "UnauthorizedOperation,403", "InvalidClientTokenId,400",
      "SignatureDoesNotMatch,403", "ExpiredToken,400", "OptInRequired,401",
      "AuthFailure.ServiceLinkedRoleCreationNotPermitted,400", "SomeNewDenial,403"})
  void refusedCredentialsOrPermissionsAreTransientWithoutALongBackoff(String code, int status) {
    TransientProviderException e = transientOf(Ec2Errors.classify(error(status, code, "not allowed"), true));
    assertThat(e.reason()).isEqualTo(Reason.CREDENTIALS);
    assertThat(e.minimumBackoff()).isEmpty();
    assertThat(e).hasMessageContaining(code);
    assertThat(Ec2Errors.retryable(error(status, code, "not allowed"))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"InsufficientInstanceCapacity,500", "InsufficientFreeAddressesInSubnet,400",
      "InsufficientHostCapacity,500", "InsufficientReservedInstanceCapacity,400", "InsufficientCapacity,500",
      "Unsupported,400", "UnfulfillableCapacity,400"})
  void noCapacityIsTransientWithTheLongBackoff(String code, int status) {
    TransientProviderException e = transientOf(Ec2Errors.classify(error(status, code, "none left"), true));
    assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(e.minimumBackoff()).contains(Ec2Errors.CAPACITY_BACKOFF);
    assertThat(e).hasMessageContaining(code);
    // Asking again at once does not bring capacity: no retry within the call.
    assertThat(Ec2Errors.retryable(error(status, code, "none left"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"MaxSpotInstanceCountExceeded", "InstanceLimitExceeded", "VcpuLimitExceeded",
      "VolumeLimitExceeded", "NetworkInterfaceLimitExceeded", "MaxFleetCountExceeded"})
  void aReachedLimitIsTransientWithTheQuotaBackoff(String code) {
    TransientProviderException e = transientOf(Ec2Errors.classify(error(400, code, "limit"), true));
    assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
    assertThat(e.minimumBackoff()).contains(Ec2Errors.QUOTA_BACKOFF);
    assertThat(e).hasMessageContaining(code);
  }

  @ParameterizedTest
  @CsvSource({"RequestLimitExceeded,503", "Throttling,400", "SlowDownPlease,429"})
  void throttlingIsTransientAndRetried(String code, int status) {
    TransientProviderException e = transientOf(Ec2Errors.classify(error(status, code, "slow down"), true));
    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
    assertThat(e).hasMessageContaining(code);
    assertThat(Ec2Errors.retryable(error(status, code, "slow down"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SomethingEc2AddsNextYear", "MissingParameter", "UnknownParameter",
      "InvalidAMIID.Unavailable", "IdempotentParameterMismatch"})
  void anyOther4xxFromRunInstancesIsTransientAndNamesTheCode(String code) {
    TransientProviderException e = transientOf(Ec2Errors.classify(error(400, code, "refused"), true));
    assertThat(e.reason()).isEqualTo(Reason.OTHER);
    assertThat(e.minimumBackoff()).isEmpty();
    assertThat(e).hasMessageContaining(code).hasMessageContaining("refused");
  }

  @Test
  void serverErrorsAndNetworkFailuresAreTransientAndRetried() {
    Ec2Exception internal = error(500, "InternalError", "oops");
    TransientProviderException e = transientOf(Ec2Errors.classify(internal, true));
    assertThat(e.reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
    assertThat(e).hasMessageContaining("InternalError");
    assertThat(Ec2Errors.retryable(internal)).isTrue();

    SdkClientException network = SdkClientException.create("connect timed out");
    assertThat(transientOf(Ec2Errors.classify(network, true)).reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
    assertThat(Ec2Errors.retryable(network)).isTrue();
  }
}
