package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.FaultProxy;
import io.machineapi.testkit.PeerAssumptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/** The aws provider against moto_server (a real EC2 engine), started by test.sh. */
class AwsProviderIT {
  private URI moto;
  private MotoFixtures world;
  private AwsMachineProvider provider;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws Exception {
    // LOCALSTACK_ENDPOINT runs the same suite against LocalStack (not verified here: it cannot run on these machines).
    String localstack = System.getenv("LOCALSTACK_ENDPOINT");
    moto = localstack != null && !localstack.isBlank() ? URI.create(localstack) : PeerAssumptions.requirePeer("moto");
    world = new MotoFixtures(moto);
    provider = provider(moto.toString());
  }

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static AwsMachineProvider provider(String endpoint) {
    AwsMachineProvider p = new AwsMachineProvider();
    p.init(new ProviderEnvironment(Map.of("endpoint", endpoint, "accessKeyId", "test", "secretAccessKey", "test"),
        Clock.systemUTC(), Optional.empty()));
    return p;
  }

  private static MachineContext machine(String name) {
    return machine(name, "infra-1");
  }

  private static MachineContext machine(String name, String clusterId) {
    SecretContents userData = new SecretContents("worker-user-data", Map.of("userData",
        "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8)));
    return MachineContext.builder("openshift-machine-api", name, UUID.randomUUID().toString(), clusterId)
        .secrets(ResolvedSecrets.none().withUserDataSecret(userData)).build();
  }

  private List<Instance> instancesOf(MachineContext m) {
    List<Instance> out = new ArrayList<>();
    world.ec2.describeInstances(b -> b.filters(f -> f.name("tag:" + AwsMachineProvider.UID_TAG).values(m.uid())))
        .reservations().forEach(r -> out.addAll(r.instances()));
    return out;
  }

  @Test
  void createsWithTheSpecAndReadsItBack() throws Exception {
    MachineContext m = machine("workers-a");
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of(
        "keyName", "workers-key",
        "tags", List.of(Map.of("name", "team", "value", "infra"), Map.of("name", "Name", "value", "ignored")),
        "blockDevices", List.of(Map.of("ebs", Map.of("volumeSize", 120, "volumeType", "gp3", "encrypted", true))),
        "metadataServiceOptions", Map.of("authentication", "Required"))));

    ProviderResult result = provider.create(m, spec);

    assertThat(result).isInstanceOfAny(InstanceState.Pending.class, InstanceState.Running.class);
    InstanceState state = (InstanceState) result;
    List<Instance> instances = instancesOf(m);
    assertThat(instances).hasSize(1);
    Instance i = instances.get(0);
    assertThat(state.details().providerId()).contains("aws:///us-east-1a/" + i.instanceId());
    assertThat(i.imageId()).isEqualTo(world.imageId);
    assertThat(i.subnetId()).isEqualTo(world.subnetId);
    assertThat(i.securityGroups()).extracting(g -> g.groupId()).containsExactly(world.groupId);
    assertThat(i.keyName()).isEqualTo("workers-key");
    assertThat(i.instanceTypeAsString()).isEqualTo("m5.large");
    assertThat(i.tags()).extracting(t -> t.key() + "=" + t.value()).contains("Name=workers-a",
        "kubernetes.io/cluster/infra-1=owned", "team=infra", AwsMachineProvider.UID_TAG + "=" + m.uid())
        .doesNotContain("Name=ignored");
    String userData = world.ec2.describeInstanceAttribute(b -> b.instanceId(i.instanceId())
        .attribute(InstanceAttributeName.USER_DATA)).userData().value();
    assertThat(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8))
        .isEqualTo("{\"ignition\":{\"version\":\"3.2.0\"}}");
    String volume = i.blockDeviceMappings().get(0).ebs().volumeId();
    assertThat(world.ec2.describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).size()).isEqualTo(120);
    assertThat(state.details().addresses()).anySatisfy(a -> assertThat(a.address()).isEqualTo(i.privateIpAddress()));
  }

  @Test
  void noSecretValueReachesTheLogsOrExceptions() throws Exception {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    String secretUserData = "{\"ignition\":{\"config\":{\"merge\":[{\"source\":\"https://api/SECRET-TOKEN-4711\"}]}}}";
    String secretKey = "SECRET-ACCESS-KEY-0815";
    List<String> seen = new ArrayList<>();
    try {
      SecretContents userData = new SecretContents("worker-user-data", Map.of("userData",
          secretUserData.getBytes(StandardCharsets.UTF_8)));
      SecretContents creds = new SecretContents("aws-creds", Map.of("aws_access_key_id",
          "AKIDTEST".getBytes(StandardCharsets.UTF_8), "aws_secret_access_key", secretKey.getBytes(StandardCharsets.UTF_8)));
      MachineContext m = MachineContext.builder("openshift-machine-api", "workers-secret", UUID.randomUUID().toString(),
          "infra-1").secrets(ResolvedSecrets.none().withUserDataSecret(userData).withCredentialsSecret(creds)).build();
      provider.create(m, provider.decode(world.spec(Map.of("credentialsSecret", Map.of("name", "aws-creds")))));
      try {
        provider.create(m, provider.decode(world.spec(Map.of("ami", Map.of("id", "ami-00000000")))));
      } catch (Exception e) {
        seen.add(String.valueOf(e));
        seen.add(String.valueOf(e.getCause()));
      }
      seen.add(m.toString());
      seen.add(m.secrets().toString());
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
    logs.list.forEach(e -> {
      seen.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        seen.add(e.getThrowableProxy().getMessage());
      }
    });
    assertThat(logs.list).as("DEBUG logging was captured").isNotEmpty();
    assertThat(seen).noneMatch(s -> s != null && (s.contains("SECRET-TOKEN-4711") || s.contains(secretKey)
        || s.contains(Base64.getEncoder().encodeToString(secretUserData.getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void aSecondCreateAfterACrashFindsTheInstanceByUidTag() throws Exception {
    MachineContext m = machine("workers-crash");
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    InstanceState first = (InstanceState) provider.create(m, spec);
    // The controller "crashed" before writing status: a fresh provider gets the same Machine without providerID.
    AwsMachineProvider restarted = provider(moto.toString());
    InstanceState second = (InstanceState) restarted.create(m, restarted.decode(world.spec(Map.of())));
    restarted.close();
    assertThat(second.details().providerId()).isEqualTo(first.details().providerId());
    assertThat(instancesOf(m)).hasSize(1);
    assertThat(provider.requests().count("RunInstances") + restarted.requests().count("RunInstances")).isEqualTo(1);
  }

  @Test
  void fiftyMachinesAreDescribedInOneRequest() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    List<DescribeRequest<AwsMachineProviderConfig>> batch = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      MachineContext m = machine("workers-" + n);
      provider.create(m, spec);
      batch.add(new DescribeRequest<>(m, spec));
    }
    batch.add(new DescribeRequest<>(machine("never-created"), spec));
    long before = provider.requests().count("DescribeInstances");

    DescribeResult result = provider.describe(batch);

    assertThat(provider.requests().count("DescribeInstances") - before).isEqualTo(1);
    assertThat(batch.subList(0, 50)).allSatisfy(r -> assertThat(result.resultFor(r.uid()))
        .hasValueSatisfying(v -> assertThat(v).isInstanceOf(InstanceState.Running.class)));
    assertThat(result.resultFor(batch.get(50).uid())).hasValue(InstanceState.absent());
    // Resolution of the filters was cached: one DescribeImages/Subnets/SecurityGroups for 50 launches.
    assertThat(provider.requests().count("DescribeImages")).isEqualTo(1);
    assertThat(provider.requests().count("DescribeSubnets")).isEqualTo(1);
  }

  @Test
  void aCreateRightAfterABatchedDescribeSendsOnlyRunInstances() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    List<MachineContext> machines = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      machines.add(machine("fresh-" + n));
    }
    long describes = provider.requests().count("DescribeInstances");
    long runs = provider.requests().count("RunInstances");

    provider.describe(machines.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
    for (MachineContext m : machines) {
      assertThat(provider.create(m, spec)).isInstanceOf(InstanceState.class);
    }

    assertThat(provider.requests().count("DescribeInstances") - describes).isEqualTo(1);
    assertThat(provider.requests().count("RunInstances") - runs).isEqualTo(20);
    assertThat(machines).allSatisfy(m -> assertThat(instancesOf(m)).hasSize(1));
    // The "absent" answer is used once: a repeated create looks the UID up and finds the instance.
    InstanceState again = (InstanceState) provider.create(machines.get(0), spec);
    assertThat(again.exists()).isTrue();
    assertThat(provider.requests().count("DescribeInstances") - describes).isEqualTo(2);
    assertThat(provider.requests().count("RunInstances") - runs).isEqualTo(20);
    assertThat(instancesOf(machines.get(0))).hasSize(1);
  }

  @Test
  void moreMachinesThanOneFilterTakesAreStillDescribedInOneRequest() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    List<DescribeRequest<AwsMachineProviderConfig>> batch = new ArrayList<>();
    for (int n = 0; n < AwsMachineProvider.FILTER_VALUES + 10; n++) {
      batch.add(new DescribeRequest<>(machine("big-" + n, "infra-big"), spec));
    }
    provider.describe(batch);
    for (DescribeRequest<AwsMachineProviderConfig> r : batch) {
      provider.create(r.machine(), spec);
    }
    long before = provider.requests().count("DescribeInstances");

    DescribeResult result = provider.describe(batch);

    assertThat(provider.requests().count("DescribeInstances") - before).isEqualTo(1);
    assertThat(batch).allSatisfy(r -> assertThat(result.resultFor(r.uid()))
        .hasValueSatisfying(v -> assertThat(((InstanceState) v).exists()).isTrue()));
  }

  @Test
  void runningInstancesAreRegisteredWithTheirLoadBalancersOnceInBatchesAndIpTargetsLeaveOnDelete() throws Exception {
    MotoFixtures.LoadBalancers lbs = MotoFixtures.createLoadBalancers(moto, world);
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of("loadBalancers", List.of(
        Map.of("name", lbs.classic(), "type", "classic"), Map.of("name", lbs.network(), "type", "network")))));
    List<MachineContext> machines = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      MachineContext m = machine("lb-" + n);
      InstanceState created = (InstanceState) provider.create(m, spec);
      machines.add(MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
          .providerStatus(created.details().providerStatus().orElseThrow()).build());
    }

    DescribeResult first = provider.describe(machines.stream().map(m -> new DescribeRequest<>(m, spec)).toList());

    assertThat(provider.requests().count("RegisterInstancesWithLoadBalancer")).isEqualTo(1);
    assertThat(provider.requests().count("RegisterTargets")).isEqualTo(2);
    List<MachineContext> observed = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (MachineContext m : machines) {
      InstanceState s = (InstanceState) first.resultFor(m.uid()).orElseThrow();
      JsonNode status = s.details().providerStatus().orElseThrow();
      assertThat(status.path("conditions").findValues("type").stream().map(JsonNode::asText))
          .contains(InstanceReport.MACHINE_CREATION, InstanceReport.LOAD_BALANCERS_REGISTERED);
      assertThat(status.path("conditions").findValues("status").stream().map(JsonNode::asText)).containsOnly("True");
      Instance i = instancesOf(m).get(0);
      ids.add(i.instanceId());
      ips.add(i.privateIpAddress());
      observed.add(MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
          .providerStatus(status).build());
    }
    try (var elb = software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient.builder()
            .endpointOverride(moto).region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("t", "t"))
            .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
        var elbv2 = software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client.builder()
            .endpointOverride(moto).region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("t", "t"))
            .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
      assertThat(elb.describeLoadBalancers(b -> b.loadBalancerNames(lbs.classic())).loadBalancerDescriptions().get(0)
          .instances()).extracting(x -> x.instanceId()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(elbv2.describeTargetHealth(b -> b.targetGroupArn(lbs.instanceTargetGroupArn()))
          .targetHealthDescriptions()).extracting(d -> d.target().id()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(elbv2.describeTargetHealth(b -> b.targetGroupArn(lbs.ipTargetGroupArn()))
          .targetHealthDescriptions()).extracting(d -> d.target().id()).containsExactlyInAnyOrderElementsOf(ips);

      // Registered once: a poll with the stored status registers nothing again.
      provider.describe(observed.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
      assertThat(provider.requests().count("RegisterInstancesWithLoadBalancer")).isEqualTo(1);
      assertThat(provider.requests().count("RegisterTargets")).isEqualTo(2);

      ProviderResult deleting = provider.delete(observed.get(0), spec);
      assertThat(deleting).isInstanceOf(InstanceState.Terminating.class);
      assertThat(elbv2.describeTargetHealth(b -> b.targetGroupArn(lbs.ipTargetGroupArn()))
          .targetHealthDescriptions()).extracting(d -> d.target().id())
          .containsExactlyInAnyOrderElementsOf(ips.subList(1, 3));
    }
  }

  @Test
  void aLoadBalancerThatDoesNotExistIsReportedOnTheStatusAndRetriedNotFatal() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of("loadBalancers", List.of(
        Map.of("name", "no-such-lb", "type", "classic")))));
    MachineContext m = machine("lb-missing");
    provider.create(m, spec);

    DescribeResult result = provider.describe(List.of(new DescribeRequest<>(m, spec)));

    InstanceState s = (InstanceState) result.resultFor(m.uid()).orElseThrow();
    assertThat(s).isInstanceOf(InstanceState.Running.class);
    JsonNode condition = java.util.stream.StreamSupport.stream(
        s.details().providerStatus().orElseThrow().path("conditions").spliterator(), false)
        .filter(c -> InstanceReport.LOAD_BALANCERS_REGISTERED.equals(c.path("type").asText())).findFirst()
        .orElseThrow();
    assertThat(condition.path("status").asText()).isEqualTo("False");
    assertThat(condition.path("message").asText()).contains("no-such-lb");
  }

  @Test
  void deleteTerminatesThenReportsGone() throws Exception {
    MachineContext m = machine("workers-del");
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    provider.create(m, spec);
    assertThat(provider.delete(m, spec)).isInstanceOf(InstanceState.Terminating.class);
    assertThat(provider.delete(m, spec)).isInstanceOf(InstanceState.Gone.class);
    assertThat(instancesOf(m)).allSatisfy(i -> assertThat(i.state().nameAsString()).isEqualTo("terminated"));
    assertThat(provider.delete(machine("nothing"), spec)).isEqualTo(InstanceState.absent());
  }

  @Test
  void concurrentCreatesOfAScaleUpResolveTheFiltersOnce() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<ProviderResult>> created = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      MachineContext m = machine("burst-" + n);
      created.add(pool.submit(() -> {
        go.await();
        return provider.create(m, spec);
      }));
    }
    go.countDown();
    for (java.util.concurrent.Future<ProviderResult> f : created) {
      assertThat(((InstanceState) f.get()).exists()).isTrue();
    }
    pool.shutdown();

    assertThat(provider.requests().count("RunInstances")).isEqualTo(8);
    assertThat(provider.requests().count("DescribeImages")).isEqualTo(1);
    assertThat(provider.requests().count("DescribeSubnets")).isEqualTo(1);
    assertThat(provider.requests().count("DescribeSecurityGroups")).isEqualTo(1);
  }

  @Test
  void deletesAreOneTerminateEachAndTheirRechecksShareOneDescribe() throws Exception {
    AwsMachineProviderConfig spec = provider.decode(world.spec(Map.of()));
    List<MachineContext> machines = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      MachineContext created = machine("workers-known-" + n);
      InstanceState state = (InstanceState) provider.create(created, spec);
      machines.add(MachineContext.builder(created.namespace(), created.name(), created.uid(), created.clusterId())
          .providerId(state.details().providerId().orElseThrow())
          .providerStatus(state.details().providerStatus().orElseThrow()).build());
    }
    long describes = provider.requests().count("DescribeInstances");
    long terminates = provider.requests().count("TerminateInstances");

    List<ProviderResult> first = new ArrayList<>();
    for (MachineContext m : machines) {
      first.add(provider.delete(m, spec));
    }
    assertThat(provider.requests().count("TerminateInstances") - terminates).isEqualTo(10);
    assertThat(provider.requests().count("DescribeInstances")).isEqualTo(describes);
    assertThat(first).allSatisfy(r -> assertThat(r).isInstanceOfAny(InstanceState.Terminating.class,
        InstanceState.Gone.class));

    // The controller rechecks every deleting Machine after the same delay, from its reconcile threads.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<ProviderResult>> second = new ArrayList<>();
    for (MachineContext m : machines) {
      second.add(pool.submit(() -> {
        go.await();
        return provider.delete(m, spec);
      }));
    }
    go.countDown();
    for (java.util.concurrent.Future<ProviderResult> f : second) {
      assertThat(f.get()).isInstanceOf(InstanceState.Gone.class);
    }
    pool.shutdown();

    assertThat(provider.requests().count("TerminateInstances") - terminates).isEqualTo(10);
    assertThat(provider.requests().count("DescribeInstances") - describes).isBetween(1L, 2L);
    assertThat(machines).allSatisfy(m -> assertThat(instancesOf(m)).singleElement()
        .satisfies(i -> assertThat(i.state().nameAsString()).isEqualTo("terminated")));
  }

  @Test
  void badAmiOrFiltersMatchingNothingArePermanentAndNameTheField() throws Exception {
    AwsMachineProviderConfig badId = provider.decode(world.spec(Map.of("ami", Map.of("id", "ami-00000000"))));
    assertThatThrownBy(() -> provider.create(machine("workers-badami"), badId))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).errors().get(0).path())
            .isEqualTo("providerSpec.value.ami"));
    AwsMachineProviderConfig noSubnet = provider.decode(world.spec(Map.of("subnet", Map.of("filters",
        List.of(Map.of("name", "tag:Name", "values", List.of("no-such-subnet")))))));
    assertThatThrownBy(() -> provider.create(machine("workers-nosubnet"), noSubnet))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("providerSpec.value.subnet.filters");
  }

  @Test
  void throttlingIsRetriedWithBackoffThenSucceeds() throws Exception {
    proxy = FaultProxy.start(moto).failNext(2, r -> true,
        FaultProxy.Fault.awsError(503, "RequestLimitExceeded", "Request limit exceeded."));
    AwsMachineProvider behindProxy = provider(proxy.uri().toString());
    try {
      MachineContext m = machine("workers-throttled");
      ProviderResult r = behindProxy.create(m, behindProxy.decode(world.spec(Map.of())));
      assertThat(r).isInstanceOfAny(InstanceState.Pending.class, InstanceState.Running.class);
      assertThat(proxy.faultsAnswered()).isEqualTo(2);
      assertThat(instancesOf(m)).hasSize(1);
      // Two throttled answers cost two extra attempts of the first call.
      assertThat(behindProxy.requests().total()).isGreaterThanOrEqualTo(provider.requests().total() + 2);
    } finally {
      behindProxy.close();
    }
  }

  @Test
  void aLaunchRefusedForPermissionsIsTransientNamesTheCodeAndSucceedsOnceGranted() throws Exception {
    proxy = FaultProxy.start(moto).failWhile(r -> "RunInstances".equals(r.awsAction()),
        FaultProxy.Fault.awsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
    AwsMachineProvider behindProxy = provider(proxy.uri().toString());
    try {
      MachineContext m = machine("workers-unauthorized");
      AwsMachineProviderConfig spec = behindProxy.decode(world.spec(Map.of()));

      assertThatThrownBy(() -> behindProxy.create(m, spec))
          .isInstanceOfSatisfying(TransientProviderException.class, e -> {
            assertThat(e.reason()).isEqualTo(TransientProviderException.Reason.CREDENTIALS);
            assertThat(e.minimumBackoff()).isEmpty();
          })
          .hasMessageContaining("UnauthorizedOperation");
      // Not retried within the call: a refusal is not fixed by asking again at once.
      assertThat(proxy.faultsAnswered()).isEqualTo(1);
      assertThat(instancesOf(m)).isEmpty();

      proxy.clear();
      assertThat(((InstanceState) behindProxy.create(m, spec)).exists()).isTrue();
      assertThat(instancesOf(m)).hasSize(1);
    } finally {
      behindProxy.close();
    }
  }
}
