package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.sandbox.ControllerStack;
import io.machineapi.sandbox.LeaderElection;
import io.machineapi.sandbox.Sandbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code machine-api run} replicas in one JVM against the embedded API, electing a leader over a Lease with short
 * settings: only the leader reconciles and autoscales, a standby is ready and takes over when the leader stops.
 * The replicas stop their controllers instead of exiting when they lose the Lease.
 */
class LeaderElectionIT {

  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final String NAMESPACE = Sandbox.MACHINE_API_NAMESPACE;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Sandbox sandbox;
  private static KubernetesClient client;
  private final List<ControllerRuntime> runtimes = new ArrayList<>();

  @BeforeAll
  static void start() {
    sandbox = Sandbox.startApiOnly(0);
    client = sandbox.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    sandbox.close();
  }

  @AfterEach
  void closeRuntimes() {
    runtimes.forEach(ControllerRuntime::close);
  }

  @Test
  void onlyTheLeaderReconcilesAndAStandbyTakesOverWithinTheLeaseDuration(@TempDir Path dir) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));
    String firstId = LeaderElection.newIdentity();
    String secondId = LeaderElection.newIdentity();
    assertThat(firstId).isNotEqualTo(secondId).startsWith(firstId.substring(0, firstId.lastIndexOf('_') + 1));

    ControllerRuntime first = start(kubeconfig, "failover", firstId);
    await().atMost(Duration.ofSeconds(20)).until(first::leading);
    ControllerRuntime second = start(kubeconfig, "failover", secondId);

    assertThat(probe(second, "/readyz")).as("a standby is ready").isEqualTo("200 ok");
    assertThat(probe(second, "/healthz")).isEqualTo("200 ok");
    assertThat(probe(first, "/readyz")).isEqualTo("200 ok");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> first.leading() && !second.leading());
    assertThat(holder("failover")).isEqualTo(firstId);
    assertThat(first.autoscaling()).isTrue();
    assertThat(second.autoscaling()).as("the autoscaler runs on the leader only").isFalse();

    stop(first);
    long closed = System.nanoTime();
    Resource<?> machine = createMachine("after-failover");
    assertThat(second.leading()).as("the standby has not taken over yet when the Machine is created").isFalse();
    await().atMost(LEASE.plusSeconds(10)).until(() -> {
      boolean handled = handled(machine);
      boolean leading = second.leading();
      assertThat(!handled || leading).as("the standby reconciled a Machine").isTrue();
      return leading;
    });
    assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(LEASE.plusSeconds(5));
    assertThat(holder("failover")).isEqualTo(secondId);
    await().atMost(Duration.ofSeconds(20)).until(() -> handled(machine));
    assertThat(second.autoscaling()).isTrue();
  }

  @Test
  void aStandbyReconcilesNothingUntilTheLeaseIsFree(@TempDir Path dir) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));
    client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName("held")
        .endMetadata().withNewSpec().withHolderIdentity("someone-else").withLeaseDurationSeconds(3600)
        .withAcquireTime(now()).withRenewTime(now()).endSpec().build()).create();

    ControllerRuntime standby = start(kubeconfig, "held", LeaderElection.newIdentity());
    assertThat(probe(standby, "/readyz")).isEqualTo("200 ok");
    Resource<?> machine = createMachine("while-standing-by");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
        .until(() -> !handled(machine) && !standby.leading());

    client.leases().inNamespace(NAMESPACE).withName("held").delete();
    await().atMost(Duration.ofSeconds(20)).until(standby::leading);
    await().atMost(Duration.ofSeconds(20)).until(() -> handled(machine));
  }

  @Test
  void aLeaderThatLosesTheLeaseStopsItsControllers(@TempDir Path dir) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));
    ControllerRuntime leader = start(kubeconfig, "lost", LeaderElection.newIdentity());
    await().atMost(Duration.ofSeconds(20)).until(leader::leading);

    // A merge patch carries no resourceVersion, so it cannot conflict with the leader's renewals.
    client.leases().inNamespace(NAMESPACE).withName("lost").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"holderIdentity\":\"usurper\",\"leaseDurationSeconds\":3600,\"renewTime\":\""
            + now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")) + "\"}}");

    await().atMost(LEASE.plusSeconds(5)).until(() -> !leader.leading());
    await().atMost(Duration.ofSeconds(20)).until(() -> probe(leader, "/healthz").equals("503 controllers stopped"));
    assertThat(probe(leader, "/readyz")).startsWith("503");
    assertThat(leader.autoscaling()).isFalse();
  }

  private ControllerRuntime start(Path kubeconfig, String lease, String identity) throws IOException {
    LeaderElection.Settings election = new LeaderElection.Settings(NAMESPACE, lease, identity, LEASE,
        Duration.ofSeconds(2), Duration.ofMillis(300), false);
    ControllerRuntime runtime = ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig),
        Set.of(), List.of("sim"), Map.of(), ControllerSettings.defaults(), 0,
        ControllerStack.DEFAULT_AUTOSCALER_INTERVAL, freePort(), election));
    runtimes.add(runtime);
    return runtime;
  }

  private void stop(ControllerRuntime runtime) {
    runtimes.remove(runtime);
    runtime.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String probe(ControllerRuntime runtime, String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + runtime.healthPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static String holder(String lease) {
    Lease current = client.leases().inNamespace(NAMESPACE).withName(lease).get();
    return current.getSpec().getHolderIdentity();
  }

  private static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneOffset.UTC);
  }

  private static Resource<?> createMachine(String name) {
    var machines = client.genericKubernetesResources("machine.openshift.io/v1beta1", "Machine").inNamespace(NAMESPACE);
    machines.resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("machine.openshift.io/v1beta1").withKind("Machine")
        .withNewMetadata().withName(name).withNamespace(NAMESPACE)
        .addToLabels("machine.openshift.io/cluster-api-cluster", "sandbox").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("providerSpec", Map.of("value", Map.of(
            "apiVersion", "machine.openshift.io/v1beta1", "kind", "AWSMachineProviderConfig")))))
        .build()).create();
    return machines.withName(name);
  }

  /** Whether a Machine controller has written the Machine's status. */
  private static boolean handled(Resource<?> machine) {
    return machine.get() instanceof GenericKubernetesResource m && m.getAdditionalProperties().get("status") != null;
  }
}
