package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderFailureTest {

  @Test
  void invalidConfigurationListsEveryErrorWithItsPath() {
    FieldErrors errors = FieldErrors.forProviderSpec()
        .requireSet(null, "ami.id")
        .check(false, "blockDevices[0].ebs.volumeSize", "must be at least 1")
        .requireSet("m5.large", "instanceType");

    InvalidConfigurationException e = assertThrows(errors);

    assertThat(e.errors()).extracting(FieldError::path)
        .containsExactly("providerSpec.value.ami.id", "providerSpec.value.blockDevices[0].ebs.volumeSize");
    assertThat(e.getMessage()).isEqualTo("providerSpec.value.ami.id: must be set; "
        + "providerSpec.value.blockDevices[0].ebs.volumeSize: must be at least 1");
  }

  @Test
  void indexPathsJoinWithoutADot() {
    assertThat(FieldErrors.join("providerSpec.value.tags", "[2].name")).isEqualTo("providerSpec.value.tags[2].name");
    assertThat(FieldErrors.join("", "ami")).isEqualTo("ami");
    assertThat(FieldErrors.join("providerSpec.value", "")).isEqualTo("providerSpec.value");
  }

  @Test
  void noErrorsMeansNoException() throws InvalidConfigurationException {
    FieldErrors errors = FieldErrors.forProviderSpec().check(true, "x", "never");
    errors.throwIfAny();
    assertThat(errors.isEmpty()).isTrue();
  }

  @Test
  void generalErrorsPrintWithoutPath() {
    InvalidConfigurationException e = new InvalidConfigurationException(
        List.of(FieldError.general("instance i-1 was terminated before it was observed")));
    assertThat(e.getMessage()).isEqualTo("instance i-1 was terminated before it was observed");
  }

  @Test
  void anInvalidConfigurationNeedsAtLeastOneError() {
    assertThatThrownBy(() -> new InvalidConfigurationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transientFailureCarriesReasonAndOptionalMinimumBackoff() {
    TransientProviderException capacity = new TransientProviderException(
        TransientProviderException.Reason.INSUFFICIENT_CAPACITY, "no m5.large in us-east-1a",
        Duration.ofMinutes(5), null);
    TransientProviderException plain = new TransientProviderException(
        TransientProviderException.Reason.CLOUD_UNAVAILABLE, "503 from EC2", null);

    assertThat(capacity.minimumBackoff()).contains(Duration.ofMinutes(5));
    assertThat(capacity.reason()).isEqualTo(TransientProviderException.Reason.INSUFFICIENT_CAPACITY);
    assertThat(plain.minimumBackoff()).isEmpty();
    assertThatThrownBy(() -> new TransientProviderException(TransientProviderException.Reason.OTHER, "x",
        Duration.ofSeconds(-1), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFailureHierarchyIsClosed() {
    assertThat(ProviderException.class.isSealed()).isTrue();
    assertThat(Set.of(ProviderException.class.getPermittedSubclasses()))
        .containsExactlyInAnyOrder(InvalidConfigurationException.class, TransientProviderException.class);
  }

  @Test
  void describeResultRejectsAnswerAndFailureForOneMachineAndReportsUnanswered() {
    TransientProviderException throttled = new TransientProviderException(
        TransientProviderException.Reason.THROTTLED, "slow down", null);
    DescribeResult result = DescribeResult.builder()
        .result("uid-a", InstanceState.absent())
        .failure("uid-b", throttled)
        .build();

    assertThat(result.resultFor("uid-a")).contains(InstanceState.absent());
    assertThat(result.failureFor("uid-b")).contains(throttled);
    assertThat(result.unanswered(List.of("uid-a", "uid-b", "uid-c"))).containsExactly("uid-c");
    assertThatThrownBy(() -> new DescribeResult(java.util.Map.of("u", InstanceState.absent()),
        java.util.Map.of("u", throttled))).isInstanceOf(IllegalArgumentException.class);
  }

  private static InvalidConfigurationException assertThrows(FieldErrors errors) {
    try {
      errors.throwIfAny();
    } catch (InvalidConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected InvalidConfigurationException");
  }
}
