package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceStateTest {

  private static final InstanceDetails DETAILS = InstanceDetails.builder().providerId("sim:///z/i-1").build();

  @Test
  void onlyPendingRunningAndTerminatingInstancesExist() {
    assertThat(InstanceState.absent().exists()).isFalse();
    assertThat(new InstanceState.Pending(DETAILS, Duration.ofSeconds(5)).exists()).isTrue();
    assertThat(new InstanceState.Running(DETAILS).exists()).isTrue();
    assertThat(new InstanceState.Terminating(DETAILS, Duration.ofSeconds(5)).exists()).isTrue();
    assertThat(new InstanceState.Gone(DETAILS).exists()).isFalse();
  }

  @Test
  void absentCarriesNoDetails() {
    assertThat(InstanceState.absent().details()).isEqualTo(InstanceDetails.none());
    assertThat(InstanceState.absent().kind()).isEqualTo(InstanceState.Kind.ABSENT);
  }

  @Test
  void recheckAndRequeueDelaysMustBePositive() {
    assertThatThrownBy(() -> new InstanceState.Pending(DETAILS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InstanceState.Terminating(DETAILS, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotYet(Duration.ZERO, "a free host"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotYet(Duration.ofSeconds(30), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notYetIsAResultNotAFailure() {
    ProviderResult result = new NotYet(Duration.ofSeconds(30), "a free BareMetalHost matching hostSelector");

    assertThat(result).isNotInstanceOf(InstanceState.class);
    assertThat(ProviderException.class.isAssignableFrom(NotYet.class)).isFalse();
  }

  @Test
  void reportedProviderStatusIsACopy() {
    ObjectNode status = new ObjectMapper().createObjectNode().put("instanceId", "i-1");
    InstanceDetails details = InstanceDetails.builder().providerStatus(status).build();

    status.put("instanceId", "changed later");

    assertThat(details.providerStatus()).hasValueSatisfying(s -> assertThat(s.get("instanceId").asText())
        .isEqualTo("i-1"));
  }

  @Test
  void blankOptionalTextsCountAsUnknown() {
    InstanceDetails details = InstanceDetails.builder().providerId(" ").cloudState("").progressToken("").build();

    assertThat(details.providerId()).isEmpty();
    assertThat(details.cloudState()).isEmpty();
    assertThat(details.progressToken()).isEmpty();
  }

  @Test
  void labelsListOnlyKnownValuesAndInterruptibleOnlyForSpot() {
    assertThat(InstanceLabels.of("m5.large", "us-east-1", null).asMachineLabels()).isEqualTo(Map.of(
        "machine.openshift.io/instance-type", "m5.large", "machine.openshift.io/region", "us-east-1"));
    assertThat(InstanceLabels.of(null, null, "us-east-1a").asInterruptible().asMachineLabels()).isEqualTo(Map.of(
        "machine.openshift.io/zone", "us-east-1a", "machine.openshift.io/interruptible-instance", ""));
    assertThat(InstanceLabels.none().asMachineLabels()).isEmpty();
  }

  @Test
  void addressTypesUseKubernetesSpelling() {
    assertThat(MachineAddress.Type.INTERNAL_DNS.wireName()).isEqualTo("InternalDNS");
    assertThat(MachineAddress.Type.fromWireName("ExternalIP")).isEqualTo(MachineAddress.Type.EXTERNAL_IP);
    assertThatThrownBy(() -> MachineAddress.Type.fromWireName("internalip"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsEveryField() {
    InstanceDetails full = InstanceDetails.builder()
        .providerId("sim:///z/i-1")
        .address(MachineAddress.Type.INTERNAL_IP, "10.0.0.1")
        .labels(InstanceLabels.of("t", "r", "z"))
        .cloudState("running")
        .providerStatus(new ObjectMapper().createObjectNode().put("a", 1))
        .progressToken("task-1")
        .build();

    assertThat(full.toBuilder().build()).isEqualTo(full);
  }
}
