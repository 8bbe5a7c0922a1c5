package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.machine.MachineConditionTypes;
import io.machineapi.providers.aws.AwsMachineProvider;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.testkit.FaultProxy;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Issue 6 end to end: the sandbox started as {@code ./machine-api sandbox --provider aws --aws-endpoint URL} does it
 * against moto_server. The OpenShift AWS MachineSet of {@code examples/sandbox-aws-machineset.yaml}, with its
 * Secrets, is applied and scaled with kubectl; the instances in moto carry the Secret's Ignition as user data and the
 * three tags, their Machines run with Nodes, and scaling down terminates the instances of the removed Machines.
 */
class SandboxAwsScenarioIT extends SandboxScenario {
  static Ec2Client ec2;
  /** Between the sandbox and moto: forwards everything unless a test injects an EC2 error. */
  static FaultProxy proxy;

  @BeforeAll
  static void startSandbox() throws Exception {
    URI moto = PeerAssumptions.requirePeer("moto");
    proxy = FaultProxy.start(moto);
    open(SandboxOptions.defaults().withProviderConfig(Map.of(
        "aws.endpoint", proxy.uri().toString(), "aws.region", "us-east-1")));
    ec2 = Ec2Client.builder().endpointOverride(moto).region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  @AfterAll
  static void stopSandbox() {
    if (ec2 != null) {
      ec2.close();
    }
    close();
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void anOpenShiftAwsMachineSetBootsMotoInstancesWithTheIgnitionAndTagsAndScalesDown() {
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-aws-machineset.yaml").toString());
    kubectl.ok("scale", "machineset", "aws-workers", "-n", NS, "--replicas=3");

    await().atMost(Duration.ofSeconds(60)).until(() -> running().size() == 3);
    byte[] ignition = secretValue("aws-worker-user-data", "userData");
    for (Machine m : running()) {
      String providerId = m.getSpec().getProviderID();
      assertThat(providerId).startsWith("aws:///us-east-1a/i-");
      Instance instance = instance(providerId.substring(providerId.lastIndexOf('/') + 1));
      assertThat(instance.state().nameAsString()).isEqualTo("running");
      assertThat(tags(instance)).containsEntry("Name", m.getMetadata().getName())
          .containsEntry("kubernetes.io/cluster/sandbox", "owned")
          .containsEntry(AwsMachineProvider.UID_TAG, m.getMetadata().getUid())
          .containsEntry("team", "sandbox");
      String userData = ec2.describeInstanceAttribute(b -> b.instanceId(instance.instanceId())
          .attribute(InstanceAttributeName.USER_DATA)).userData().value();
      assertThat(Base64.getDecoder().decode(userData)).isEqualTo(ignition);
      assertThat(instance.metadataOptions().httpTokensAsString()).isEqualTo("required");
      assertThat(m.getStatus().getNodeRef()).isNotNull();
    }
    assertThat(liveInstancesOfTheSet()).hasSize(3);

    List<String> before = running().stream().map(m -> m.getSpec().getProviderID()).toList();
    kubectl.ok("scale", "machineset", "aws-workers", "-n", NS, "--replicas=1");

    await().atMost(Duration.ofSeconds(60)).until(() -> machinesOfTheSet().size() == 1);
    String kept = machinesOfTheSet().get(0).getSpec().getProviderID();
    List<String> removed = new ArrayList<>(before);
    removed.remove(kept);
    assertThat(removed).hasSize(2);
    for (String providerId : removed) {
      Instance gone = instance(providerId.substring(providerId.lastIndexOf('/') + 1));
      assertThat(gone.state().nameAsString()).isEqualTo("terminated");
    }
    assertThat(liveInstancesOfTheSet()).singleElement().satisfies(i -> assertThat(kept).endsWith("/" + i.instanceId()));
  }

  /**
   * EC2 refusing RunInstances for a missing permission ({@code UnauthorizedOperation}) is not the Machine's fault: it
   * is not Failed (no MachineHealthCheck would replace it for nothing), InstanceExists says CredentialsRefused with
   * the code, and once the permission is granted the ordinary backoff launches exactly one instance, with no outside
   * event.
   */
  @Test
  void aLaunchRefusedForPermissionsWaitsWithCredentialsRefusedThenLaunchesOnceGranted() {
    String name = "aws-creds-refused";
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-aws-machineset.yaml").toString());
    proxy.failWhile(r -> "RunInstances".equals(r.awsAction()) && r.body().contains(name),
        FaultProxy.Fault.awsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
    try {
      MachineSet template = client.resources(MachineSet.class).inNamespace(NS).withName("aws-workers").get();
      Machine machine = new Machine();
      // The cluster label only: no MachineSet selects this Machine.
      machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
          .addToLabels("machine.openshift.io/cluster-api-cluster", "sandbox").build());
      machine.setSpec(template.getSpec().getTemplate().getSpec());
      client.resources(Machine.class).inNamespace(NS).resource(machine).create();

      // Refused, and retried with the ordinary backoff (a second refusal), never Failed.
      await().atMost(Duration.ofSeconds(60)).until(() -> proxy.faultsAnswered() >= 2
          && instanceExists(name).map(c -> MachineConditionTypes.REASON_CREDENTIALS_REFUSED.equals(c.getReason()))
              .orElse(false));
      Machine refused = machine(name);
      assertThat(refused.getStatus().getPhase()).isNotEqualTo(MachinePhases.FAILED);
      assertThat(refused.getStatus().getErrorReason()).isNull();
      assertThat(instanceExists(name)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(c.getMessage()).contains("UnauthorizedOperation");
      });
      assertThat(liveInstancesNamed(name)).isEmpty();
    } finally {
      proxy.clear();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Machine m = machine(name);
      return m.getStatus() != null && MachinePhases.RUNNING.equals(m.getStatus().getPhase());
    });
    Machine running = machine(name);
    assertThat(liveInstancesNamed(name)).singleElement().satisfies(i -> {
      assertThat(running.getSpec().getProviderID()).endsWith("/" + i.instanceId());
      assertThat(tags(i)).containsEntry(AwsMachineProvider.UID_TAG, running.getMetadata().getUid());
    });
    assertThat(instanceExists(name)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(Condition.TRUE));
  }

  private static Machine machine(String name) {
    return client.resources(Machine.class).inNamespace(NS).withName(name).get();
  }

  private static Optional<Condition> instanceExists(String name) {
    Machine m = machine(name);
    if (m == null || m.getStatus() == null || m.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return m.getStatus().getConditions().stream()
        .filter(c -> MachineConditionTypes.INSTANCE_EXISTS.equals(c.getType())).findFirst();
  }

  /** The instances moto holds, not terminated, tagged with this Name. */
  private static List<Instance> liveInstancesNamed(String name) {
    List<Instance> out = new ArrayList<>();
    ec2.describeInstancesPaginator(b -> b.filters(f -> f.name("tag:Name").values(name))).forEach(p -> p.reservations()
        .forEach(r -> out.addAll(r.instances())));
    return out.stream().filter(i -> !"terminated".equals(i.state().nameAsString())).toList();
  }

  private static List<Machine> machinesOfTheSet() {
    return client.resources(Machine.class).inNamespace(NS)
        .withLabel("machine.openshift.io/cluster-api-machineset", "aws-workers").list().getItems();
  }

  private static List<Machine> running() {
    return machinesOfTheSet().stream().filter(m -> m.getStatus() != null
        && MachinePhases.RUNNING.equals(m.getStatus().getPhase()) && m.getStatus().getNodeRef() != null).toList();
  }

  private static Instance instance(String id) {
    return ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  /** The instances moto holds, not terminated, for the sandbox cluster's aws-workers Machines (by Name prefix). */
  private static List<Instance> liveInstancesOfTheSet() {
    List<Instance> out = new ArrayList<>();
    ec2.describeInstancesPaginator(b -> b.filters(f -> f.name("tag:kubernetes.io/cluster/sandbox").values("owned"),
        f -> f.name("tag:Name").values("aws-workers-*"))).forEach(p -> p.reservations()
        .forEach(r -> out.addAll(r.instances())));
    return out.stream().filter(i -> !"terminated".equals(i.state().nameAsString())).toList();
  }

  private static Map<String, String> tags(Instance i) {
    return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }
}
