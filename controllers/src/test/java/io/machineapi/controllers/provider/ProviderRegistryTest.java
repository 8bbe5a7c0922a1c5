package io.machineapi.controllers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machineapi.spi.ProviderEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  private final FakeProvider aws = new FakeProvider("aws", "AWSMachineProviderConfig");
  private final FakeProvider sim = new FakeProvider("sim", "SimMachineProviderSpec");
  private final FakeProvider vsphere = new FakeProvider("vsphere", "VSphereMachineProviderSpec");

  @Test
  void loadsProvidersRegisteredAsServices() {
    // Other providers (sim) may be on this module's test class path too; only "fake" is certain.
    try (ProviderRegistry registry = ProviderRegistry.load(List.of("fake"), ProviderEnvironment.defaults())) {
      assertThat(registry.enabledNames()).containsExactly("fake");
      assertThat(registry.availableNames()).contains("fake");
      assertThat(registry.resolve("FakeMachineProviderSpec")).hasValueSatisfying(p ->
          assertThat(p).isInstanceOf(ServiceLoadedFakeProvider.class));
    }
  }

  @Test
  void anEmptySelectionEnablesEveryProviderFound() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(aws, sim, vsphere), List.of(), ProviderEnvironment.defaults());

    assertThat(registry.enabledNames()).containsExactly("aws", "sim", "vsphere");
    assertThat(registry.kinds()).containsEntry("VSphereMachineProviderSpec", "vsphere");
  }

  @Test
  void resolvesKindsOfEnabledProvidersOnly() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(aws, sim), List.of("sim"), ProviderEnvironment.defaults());

    assertThat(registry.resolve("SimMachineProviderSpec")).containsSame(sim);
    assertThat(registry.resolve("AWSMachineProviderConfig")).isEmpty();
    assertThat(registry.resolve(null)).isEmpty();
    assertThat(registry.availableNames()).containsExactly("aws", "sim");
  }

  @Test
  void unknownProviderNamesAreRefusedListingTheAvailableOnes() {
    assertThatThrownBy(() -> ProviderRegistry.of(List.of(aws, sim), List.of("sim", "azure", "gcp"),
        ProviderEnvironment.defaults()))
        .isInstanceOf(ProviderSelectionException.class)
        .hasMessage("Unknown providers azure, gcp. Available providers: aws, sim.");
  }

  @Test
  void messageForAnUnservedKindNamesTheKindAndTheEnabledProviders() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(aws, sim), List.of("sim"), ProviderEnvironment.defaults());

    assertThat(registry.noProviderMessage("AWSMachineProviderConfig")).isEqualTo(
        "No enabled provider serves providerSpec kind AWSMachineProviderConfig (enabled: sim for "
            + "SimMachineProviderSpec); other available providers: aws (enable with --provider)");
    assertThat(registry.noProviderMessage(null)).isEqualTo("No enabled provider serves providerSpec kind (none) "
        + "(enabled: sim for SimMachineProviderSpec); set spec.providerSpec.value.kind");
  }

  @Test
  void aKindNoProviderOfTheBuildServesIsNamedUnsupportedNotDisabled() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(aws, sim), List.of("sim"), ProviderEnvironment.defaults());

    assertThat(registry.servedInThisBuild("AzureMachineProviderSpec")).isFalse();
    assertThat(registry.servedInThisBuild("AWSMachineProviderConfig")).as("in the build, not enabled").isTrue();
    assertThat(registry.servedInThisBuild(null)).as("no kind: the spec is wrong, not the build").isTrue();
    assertThat(registry.noProviderMessage("AzureMachineProviderSpec")).isEqualTo(
        "No provider in this build serves providerSpec kind AzureMachineProviderSpec: machine-api has no provider "
            + "for that cloud (this build serves AWSMachineProviderConfig with --provider aws, "
            + "SimMachineProviderSpec with --provider sim)");
  }

  @Test
  void twoEnabledProvidersMayNotServeOneKind() {
    FakeProvider otherAws = new FakeProvider("aws2", "AWSMachineProviderConfig");

    assertThatThrownBy(() -> ProviderRegistry.of(List.of(aws, otherAws), List.of(), ProviderEnvironment.defaults()))
        .isInstanceOf(ProviderSelectionException.class)
        .hasMessageContaining("both serve providerSpec kind AWSMachineProviderConfig");
    // Enabling only one of them is fine.
    assertThat(ProviderRegistry.of(List.of(aws, otherAws), List.of("aws2"), ProviderEnvironment.defaults())
        .resolve("AWSMachineProviderConfig")).containsSame(otherAws);
  }

  @Test
  void eachProviderGetsOnlyItsOwnConfigurationWithThePrefixRemovedAndTheSharedClock() {
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    ProviderEnvironment environment = new ProviderEnvironment(
        Map.of("aws.endpoint", "http://127.0.0.1:5000", "aws.region", "us-east-1", "sim.shutdownSeconds", "1",
            "awsx.other", "no"), clock, Optional.empty());

    ProviderRegistry.of(List.of(aws, sim), List.of(), environment);

    assertThat(aws.initialisedWith.configuration())
        .isEqualTo(Map.of("endpoint", "http://127.0.0.1:5000", "region", "us-east-1"));
    assertThat(sim.initialisedWith.configuration()).isEqualTo(Map.of("shutdownSeconds", "1"));
    assertThat(aws.initialisedWith.clock()).isSameAs(clock);
  }

  @Test
  void aProviderRejectingItsConfigurationStopsStartupAndClosesTheOthers() {
    sim.failInitWith = "sim.shutdownSeconds must be a non-negative integer";

    assertThatThrownBy(() -> ProviderRegistry.of(List.of(aws, sim), List.of(), ProviderEnvironment.defaults()))
        .isInstanceOf(ProviderSelectionException.class)
        .hasMessage("Provider 'sim' cannot start: sim.shutdownSeconds must be a non-negative integer");
    assertThat(aws.closed).isTrue();
  }

  @Test
  void providersNotEnabledAreClosedAndNeverInitialised() {
    ProviderRegistry registry = ProviderRegistry.of(List.of(aws, sim), List.of("aws"), ProviderEnvironment.defaults());

    assertThat(sim.closed).isTrue();
    assertThat(sim.initialisedWith).isNull();
    registry.close();
    assertThat(aws.closed).isTrue();
  }

  @Test
  void duplicateProviderNamesAreRefused() {
    assertThatThrownBy(() -> ProviderRegistry.of(List.of(aws, new FakeProvider("aws", "Other")), List.of(),
        ProviderEnvironment.defaults())).hasMessageContaining("Two providers are named 'aws'");
  }
}
