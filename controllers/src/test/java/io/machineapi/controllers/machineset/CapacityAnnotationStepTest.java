package io.machineapi.controllers.machineset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretReference;
import io.machineapi.spi.TransientProviderException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapacityAnnotationStepTest {
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private ProviderCalls calls;
  private CapacityAnnotationStep step;
  private final FakeProvider provider = new FakeProvider();
  private final List<Map<String, String>> writes = new ArrayList<>();

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(0);
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(MachineSetHarness.NS)
        .endMetadata().build()).create();
    calls = new ProviderCalls(ProviderCalls.Limits.defaults(), Clock.systemUTC(), new SimpleMeterRegistry());
    ProviderRegistry providers = ProviderRegistry.of(List.of(provider), List.of(),
        new ProviderEnvironment(Map.of(), Clock.systemUTC(), Optional.empty()));
    step = new CapacityAnnotationStep(providers, calls, client, new EventRecorder(client, Clock.systemUTC()),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    calls.close();
    client.close();
    api.close();
  }

  private static MachineSet set(String kind, String instanceType) {
    MachineSet set = MachineSetHarness.machineSet("workers", 0, DeletePolicy.Random);
    set.getMetadata().setUid("uid-1");
    set.getSpec().getTemplate().getSpec().setProviderSpec(new ProviderSpec(Serialization.jsonMapper()
        .createObjectNode().put("kind", kind).put("instanceType", instanceType)));
    return set;
  }

  /** One pass; a write is recorded and applied to the returned set. */
  private CapacityAnnotationStep.Outcome pass(MachineSet set) {
    return step.apply(set, (s, annotations) -> {
      writes.add(annotations);
      MachineSet written = Serialization.clone(s);
      Map<String, String> merged = new HashMap<>(written.getMetadata().getAnnotations() == null ? Map.of()
          : written.getMetadata().getAnnotations());
      merged.putAll(annotations);
      written.getMetadata().setAnnotations(merged);
      return written;
    }, () -> { });
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace(MachineSetHarness.NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void writesTheChangedKeysOnceAndAsksTheProviderOncePerSpec() {
    CapacityAnnotationStep.Outcome first = pass(set(FakeProvider.KIND, "big"));
    assertThat(writes).singleElement().satisfies(w -> assertThat(w)
        .containsEntry("machine.openshift.io/vCPU", "16").containsEntry("machine.openshift.io/memoryMb", "65536")
        .containsEntry("machine.openshift.io/GPU", "0").doesNotContainKey("machine.openshift.io/maxPods")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=arm64"));
    assertThat(first.recheckAfter()).isEmpty();

    CapacityAnnotationStep.Outcome second = pass(first.set());
    assertThat(second.set()).isSameAs(first.set());
    assertThat(writes).hasSize(1);
    assertThat(provider.asked).hasValue(1);

    MachineSet edited = Serialization.clone(first.set());
    edited.getSpec().getTemplate().getSpec().setProviderSpec(new ProviderSpec(Serialization.jsonMapper()
        .createObjectNode().put("kind", FakeProvider.KIND).put("instanceType", "small")));
    pass(edited);
    assertThat(provider.asked).hasValue(2);
    assertThat(writes.get(1)).containsEntry("machine.openshift.io/vCPU", "2")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/cpu", "2")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=amd64");
  }

  @Test
  void anUnknownTypeIsOneWarningEventAndNoWriteUntilTheSpecChanges() {
    MachineSet set = set(FakeProvider.KIND, "unknown");
    pass(set);
    pass(set);
    assertThat(writes).isEmpty();
    assertThat(provider.asked).hasValue(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events(CapacityAnnotationStep.REASON_UNKNOWN))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getCount()).isEqualTo(1);
          assertThat(e.getMessage()).contains("providerSpec.value.instanceType");
        }));
  }

  @Test
  void aTransientFailureIsRetriedWithBackoffAndAskedAgain() {
    MachineSet set = set(FakeProvider.KIND, "flaky");
    CapacityAnnotationStep.Outcome first = pass(set);
    assertThat(first.recheckAfter()).contains(Duration.ofSeconds(1));
    CapacityAnnotationStep.Outcome second = pass(set);
    assertThat(second.recheckAfter()).contains(Duration.ofSeconds(2));
    // Nothing cached: a later pass asks again (once the first call's thread has ended).
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      pass(set);
      return provider.asked.get() >= 2;
    });
    assertThat(writes).isEmpty();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(events(CapacityAnnotationStep.REASON_UNAVAILABLE)).isNotEmpty());
  }

  @Test
  void aKindNoEnabledProviderServesGetsNothing() {
    CapacityAnnotationStep.Outcome outcome = pass(set("AWSMachineProviderConfig", "m5.large"));
    assertThat(outcome.recheckAfter()).isEmpty();
    assertThat(writes).isEmpty();
    assertThat(provider.asked).hasValue(0);
  }

  record FakeSpec(String instanceType) implements io.machineapi.spi.ProviderSpec {
    @Override
    public Optional<SecretReference> userDataSecret() {
      return Optional.empty();
    }
  }

  /** Knows "big" (16 vCPU arm64) and "small"; "unknown" is an invalid spec, "flaky" always transient. */
  static final class FakeProvider implements MachineProvider<FakeSpec> {
    static final String KIND = "FakeMachineProviderConfig";
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Set<String> providerSpecKinds() {
      return Set.of(KIND);
    }

    @Override
    public FakeSpec decode(JsonNode value) {
      return new FakeSpec(value.path("instanceType").asText());
    }

    @Override
    public Optional<InstanceCapacity> capacity(FakeSpec spec, ResolvedSecrets secrets)
        throws InvalidConfigurationException, TransientProviderException {
      asked.incrementAndGet();
      return switch (spec.instanceType()) {
        case "big" -> Optional.of(new InstanceCapacity("big", 16, 65536, 0, "", OptionalInt.empty(), "arm64"));
        case "small" -> Optional.of(new InstanceCapacity("small", 2, 4096, 0, "", OptionalInt.of(20), "amd64"));
        case "flaky" -> throw new TransientProviderException(TransientProviderException.Reason.THROTTLED,
            "slow down", null);
        default -> throw new InvalidConfigurationException("providerSpec.value.instanceType",
            "no such type " + spec.instanceType());
      };
    }

    @Override
    public ProviderResult create(MachineContext machine, FakeSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DescribeResult describe(List<DescribeRequest<FakeSpec>> machines) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ProviderResult delete(MachineContext machine, FakeSpec spec) {
      throw new UnsupportedOperationException();
    }
  }
}
