package io.machineapi.providers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimMachineProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimMachineProvider provider = new SimMachineProvider();
  private SimMachineProviderSpec spec;

  @BeforeEach
  void setUp() throws Exception {
    provider.init(new ProviderEnvironment(Map.of("shutdownSeconds", "4"), clock, Optional.empty()));
    spec = provider.decode(json("""
        {"apiVersion": "machine.sandbox.machine-api.io/v1alpha1", "kind": "SimMachineProviderSpec",
         "instanceType": "sim.large", "region": "sim-west", "zone": "sim-westb", "bootSeconds": 10}"""));
  }

  @Test
  void isRegisteredAsAServiceForItsKind() {
    List<MachineProvider<?>> found = ServiceLoader.load(MachineProvider.class).stream()
        .<MachineProvider<?>>map(ServiceLoader.Provider::get).toList();

    assertThat(found).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo("sim");
      assertThat(p.providerSpecKinds()).containsExactly("SimMachineProviderSpec");
    });
  }

  @Test
  void createReturnsPendingUntilTheBootTimeHasPassedThenDescribeSaysRunning() throws Exception {
    MachineContext machine = machine("uid-1", "worker-a");

    InstanceState.Pending pending = (InstanceState.Pending) provider.create(machine, spec);

    assertThat(pending.recheckAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(pending.details().cloudState()).contains("pending");
    assertThat(pending.details().providerId()).hasValueSatisfying(id -> assertThat(id).matches(
        "sim:///sim-westb/i-[0-9a-f]{17}"));
    assertThat(pending.details().addresses()).extracting(MachineAddress::type).containsExactly(
        MachineAddress.Type.INTERNAL_IP, MachineAddress.Type.INTERNAL_DNS, MachineAddress.Type.HOSTNAME);

    clock.advance(Duration.ofSeconds(9));
    assertThat(describe(machine).kind()).isEqualTo(InstanceState.Kind.PENDING);
    assertThat(((InstanceState.Pending) describe(machine)).recheckAfter()).isEqualTo(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    InstanceState running = describe(machine);
    assertThat(running).isInstanceOf(InstanceState.Running.class);
    assertThat(running.details().providerId()).isEqualTo(pending.details().providerId());
    assertThat(running.details().labels().asMachineLabels()).containsEntry(
        "machine.openshift.io/instance-type", "sim.large").containsEntry("machine.openshift.io/region", "sim-west")
        .containsEntry("machine.openshift.io/zone", "sim-westb");
    assertThat(running.details().providerStatus()).hasValueSatisfying(s -> {
      assertThat(s.get("kind").asText()).isEqualTo("SimMachineProviderStatus");
      assertThat(s.get("instanceState").asText()).isEqualTo("running");
    });
  }

  @Test
  void createIsIdempotentPerMachineUid() throws Exception {
    MachineContext machine = machine("uid-1", "worker-a");

    InstanceState first = (InstanceState) provider.create(machine, spec);
    clock.advance(Duration.ofSeconds(3));
    InstanceState again = (InstanceState) provider.create(machine, spec);
    InstanceState other = (InstanceState) provider.create(machine("uid-2", "worker-b"), spec);

    assertThat(again.details().providerId()).isEqualTo(first.details().providerId());
    assertThat(((InstanceState.Pending) again).recheckAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(other.details().providerId()).isNotEqualTo(first.details().providerId());
  }

  @Test
  void instancesGetDistinctAddressesFromTen0Slash16() throws Exception {
    String first = internalIp(provider.create(machine("uid-1", "a"), spec));
    String second = internalIp(provider.create(machine("uid-2", "b"), spec));

    assertThat(first).isEqualTo("10.0.0.1");
    assertThat(second).isEqualTo("10.0.0.2");
  }

  @Test
  void deleteGoesThroughTerminatingToGoneAndReleasesTheAddress() throws Exception {
    MachineContext machine = machine("uid-1", "worker-a");
    provider.create(machine, spec);
    clock.advance(Duration.ofSeconds(10));

    InstanceState.Terminating terminating = (InstanceState.Terminating) provider.delete(machine, spec);
    assertThat(terminating.recheckAfter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(terminating.details().cloudState()).contains("shutting-down");

    clock.advance(Duration.ofSeconds(2));
    // A repeated delete neither restarts nor resets the shutdown.
    assertThat(((InstanceState.Terminating) provider.delete(machine, spec)).recheckAfter())
        .isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofSeconds(2));
    InstanceState gone = (InstanceState) provider.delete(machine, spec);
    assertThat(gone).isInstanceOf(InstanceState.Gone.class);
    assertThat(gone.details().cloudState()).contains("terminated");
    assertThat(gone.details().addresses()).isEmpty();
    assertThat(describe(machine).kind()).isEqualTo(InstanceState.Kind.GONE);

    // The terminated instance's address is free again.
    assertThat(internalIp(provider.create(machine("uid-2", "worker-b"), spec))).isEqualTo("10.0.0.1");
  }

  @Test
  void deleteWithoutAnInstanceSucceedsAsAbsent() throws Exception {
    assertThat(provider.delete(machine("uid-9", "never-created"), spec)).isEqualTo(InstanceState.absent());
  }

  @Test
  void createAfterTheInstanceDiedUnseenFailsInsteadOfLaunchingASecondOne() throws Exception {
    MachineContext machine = machine("uid-1", "worker-a");
    provider.create(machine, spec);
    provider.delete(machine, spec);
    clock.advance(Duration.ofSeconds(4));

    InvalidConfigurationException e = catchThrowableOfType(() -> provider.create(machine, spec),
        InvalidConfigurationException.class);

    assertThat(e).hasMessageContaining("was terminated before it was observed");
  }

  @Test
  void describeAnswersForEveryMachineInOneCall() throws Exception {
    MachineContext created = machine("uid-1", "a");
    MachineContext unknown = machine("uid-2", "b");
    provider.create(created, spec);

    DescribeResult result = provider.describe(List.of(new DescribeRequest<>(created, spec),
        new DescribeRequest<>(unknown, spec)));

    assertThat(result.unanswered(List.of("uid-1", "uid-2"))).isEmpty();
    assertThat(result.resultFor("uid-1")).hasValueSatisfying(r -> assertThat(((InstanceState) r).kind())
        .isEqualTo(InstanceState.Kind.PENDING));
    assertThat(result.resultFor("uid-2")).contains(InstanceState.absent());
  }

  @Test
  void userDataSizeIsRecordedButNeverTheContent() throws Exception {
    ResolvedSecrets secrets = ResolvedSecrets.none().withUserDataSecret(new SecretContents("worker-user-data",
        Map.of("userData", "{\"ignition\":{}}".getBytes(StandardCharsets.UTF_8))));
    MachineContext machine = MachineContext.builder("ns", "a", "uid-1", "infra").secrets(secrets).build();

    InstanceDetails details = ((InstanceState) provider.create(machine, spec)).details();

    assertThat(details.providerStatus().orElseThrow().get("userDataBytes").asInt()).isEqualTo(15);
    assertThat(details.providerStatus().orElseThrow().toString()).doesNotContain("ignition");
  }

  @Test
  void badShutdownConfigurationIsRefusedAtInit() {
    assertThatThrownBy(() -> provider.init(
        new ProviderEnvironment(Map.of("shutdownSeconds", "soon"), clock, Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sim.shutdownSeconds");
  }

  private InstanceState describe(MachineContext machine) throws Exception {
    return (InstanceState) provider.describe(List.of(new DescribeRequest<>(machine, spec)))
        .resultFor(machine.uid()).orElseThrow();
  }

  private static String internalIp(ProviderResult result) {
    return ((InstanceState) result).details().addresses().stream()
        .filter(a -> a.type() == MachineAddress.Type.INTERNAL_IP).findFirst().orElseThrow().address();
  }

  private static MachineContext machine(String uid, String name) {
    return MachineContext.builder("openshift-machine-api", name, uid, "infra-1").build();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
