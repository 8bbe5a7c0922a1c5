package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineContextTest {

  @Test
  void identityAndClusterIdAreRequired() {
    assertThatThrownBy(() -> MachineContext.builder("ns", "m", "", "infra").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uid");
    assertThatThrownBy(() -> MachineContext.builder("ns", "m", "uid", " ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterId");
  }

  @Test
  void labelsAreCopiedSoLaterChangesToTheMachineDoNotLeakIn() {
    Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
    MachineContext machine = MachineContext.builder("ns", "m", "uid", "infra").labels(labels).build();

    labels.put("b", "2");

    assertThat(machine.labels()).containsOnlyKeys("a");
  }

  @Test
  void unsetOptionalFieldsAreEmpty() {
    MachineContext machine = MachineContext.builder("ns", "m", "uid", "infra").providerId("").build();

    assertThat(machine.providerId()).isEmpty();
    assertThat(machine.providerStatus()).isEmpty();
    assertThat(machine.progressToken()).isEmpty();
    assertThat(machine.lastUpdated()).isEmpty();
    assertThat(machine.secrets()).isEqualTo(ResolvedSecrets.none());
    assertThat(machine.key()).isEqualTo("ns/m");
  }

  @Test
  void secretReferenceDefaultsToTheMachineNamespace() {
    assertThat(SecretReference.inMachineNamespace("worker-user-data").namespaceFor("openshift-machine-api"))
        .isEqualTo("openshift-machine-api");
    assertThat(new SecretReference("clouds", java.util.Optional.of("other")).namespaceFor("openshift-machine-api"))
        .isEqualTo("other");
  }
}
