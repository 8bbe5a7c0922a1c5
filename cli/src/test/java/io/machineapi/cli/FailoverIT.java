package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.providers.aws.AwsMachineProvider;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.testkit.PeerAssumptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The deployment shape of a real cluster, with processes that really die: {@code machine-api sandbox
 * --no-controllers} (here in the test JVM: API, node emulator, scheduler stand-in, no controller) and {@code
 * machine-api run} processes (own JVMs) against it, sharing moto_server as their EC2.
 *
 * <ul>
 *   <li>Two replicas with leader election (the defaults: 15 s lease, 10 s renew deadline, 2 s retry); an AWS
 *       MachineSet scaled 0 → 10; the leader is killed with SIGKILL while the creates are in flight. The standby
 *       takes the Lease within the lease duration plus a retry period, every Machine ends Running with exactly one
 *       instance in moto, and after scaling back to 0 no instance of the set is left running.</li>
 *   <li>One replica without leader election restarted (SIGTERM, then a new process) in the middle of a scale-down:
 *       every Machine goes, and so does every instance.</li>
 * </ul>
 * Each process's log is kept in the test's temp directory and its leadership timeline is printed to stdout.
 */
class FailoverIT {
  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;
  private static final String LEASE = "machine-api-controllers";
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));
  /** controller-runtime's (and the run command's) defaults. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  @TempDir
  static Path dir;
  static URI moto;
  static Sandbox sandbox;
  static KubernetesClient client;
  static Path kubeconfig;
  static Ec2Client ec2;
  static final List<RunProcess> processes = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    moto = PeerAssumptions.requirePeer("moto");
    sandbox = Sandbox.start(SandboxOptions.defaults().withDemo(false).withControllers(false));
    client = sandbox.client();
    kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig.yaml"));
    ec2 = Ec2Client.builder().endpointOverride(moto).region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  @AfterAll
  static void stop() {
    processes.forEach(RunProcess::kill);
    if (ec2 != null) {
      ec2.close();
    }
    if (client != null) {
      client.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void theStandbyTakesOverFromAKilledLeaderWithoutDuplicatingOrLeakingInstances() throws Exception {
    String set = applyAwsMachineSet("failover");
    RunProcess a = RunProcess.start("a", "--leader-elect=true");
    RunProcess b = RunProcess.start("b", "--leader-elect=true");
    await().atMost(Duration.ofSeconds(90)).until(() -> a.ready() && b.ready());
    await().atMost(Duration.ofSeconds(30)).until(() -> holder().isPresent());
    RunProcess leader = owner(holder().orElseThrow(), a, b);
    RunProcess standby = leader == a ? b : a;
    timeline("%s leads as %s; %s is standby and ready", leader.name, holder().orElseThrow(), standby.name);

    client.resources(MachineSet.class).inNamespace(NS).withName(set).scale(10);
    // Creates in flight: the leader has made Machines, and not all of them have an instance yet.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> !machines(set).isEmpty());
    int withInstance = (int) machines(set).stream().filter(m -> m.getSpec().getProviderID() != null).count();
    Instant killed = Instant.now();
    leader.kill();
    timeline("killed %s (SIGKILL) with %d Machines, %d of them with an instance", leader.name,
        machines(set).size(), withInstance);
    assertThat(withInstance).as("Machines with an instance when the leader died").isLessThan(10);

    await().atMost(LEASE_DURATION.plus(RETRY_PERIOD).plusSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> holder().map(standby::owns).orElse(false));
    Duration takeover = Duration.between(killed, Instant.now());
    timeline("%s leads as %s, %d ms after the kill", standby.name, holder().orElseThrow(), takeover.toMillis());
    assertThat(takeover).as("takeover after the kill").isLessThanOrEqualTo(LEASE_DURATION.plus(RETRY_PERIOD)
        .plusSeconds(5));

    await().atMost(Duration.ofSeconds(120)).until(() -> running(set) == 10);
    timeline("10 Machines Running, %d ms after the kill", Duration.between(killed, Instant.now()).toMillis());
    Map<String, List<Instance>> byUid = liveInstances(set).stream().collect(Collectors.groupingBy(FailoverIT::uid));
    List<Machine> machines = machines(set);
    assertThat(machines).hasSize(10);
    for (Machine m : machines) {
      assertThat(byUid.get(m.getMetadata().getUid())).as("live instances of %s", m.getMetadata().getName())
          .singleElement().satisfies(i -> assertThat(m.getSpec().getProviderID()).endsWith("/" + i.instanceId()));
    }
    assertThat(liveInstances(set)).hasSize(10);

    client.resources(MachineSet.class).inNamespace(NS).withName(set).scale(0);
    await().atMost(Duration.ofSeconds(120)).until(() -> machines(set).isEmpty());
    assertThat(liveInstances(set)).as("instances left without a Machine").isEmpty();
    standby.stop();
    timeline("scaled back to 0: no instance of %s left; %s stopped", set, standby.name);
  }

  @Test
  void aSingleReplicaRestartedDuringAScaleDownLeavesNoMachineOrInstance() throws Exception {
    String set = applyAwsMachineSet("restart");
    RunProcess first = RunProcess.start("single-1", "--leader-elect=false");
    await().atMost(Duration.ofSeconds(90)).until(first::ready);
    client.resources(MachineSet.class).inNamespace(NS).withName(set).scale(4);
    await().atMost(Duration.ofSeconds(120)).until(() -> running(set) == 4);
    assertThat(liveInstances(set)).hasSize(4);
    Set<String> instanceIds = liveInstances(set).stream().map(Instance::instanceId).collect(Collectors.toSet());

    client.resources(MachineSet.class).inNamespace(NS).withName(set).scale(0);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> machines(set).stream().anyMatch(m -> m.getMetadata().getDeletionTimestamp() != null));
    first.stop();
    int left = machines(set).size();
    timeline("%s stopped (SIGTERM) in the middle of the scale-down, %d Machines left", first.name, left);
    assertThat(left).as("Machines left when the process stopped").isPositive();

    RunProcess second = RunProcess.start("single-2", "--leader-elect=false");
    await().atMost(Duration.ofSeconds(120)).until(() -> machines(set).isEmpty());
    timeline("%s finished the scale-down", second.name);
    assertThat(liveInstances(set)).as("instances left without a Machine").isEmpty();
    for (String id : instanceIds) {
      Instance instance = ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
      assertThat(instance.state().nameAsString()).as("instance %s", id).isIn("terminated", "shutting-down");
    }
    second.stop();
  }

  /** Applies examples/sandbox-aws-machineset.yaml with the MachineSet renamed (unique per run: moto is shared). */
  private static String applyAwsMachineSet(String prefix) throws IOException {
    String set = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve("sandbox-aws-machineset.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        if (item instanceof MachineSet || "MachineSet".equals(item.getKind())) {
          MachineSet ms = client.getKubernetesSerialization().convertValue(item, MachineSet.class);
          ms.getMetadata().setName(set);
          ms.getSpec().getSelector().getMatchLabels().put("machine.openshift.io/cluster-api-machineset", set);
          ms.getSpec().getTemplate().getMetadata().getLabels().put("machine.openshift.io/cluster-api-machineset", set);
          ms.getSpec().setReplicas(0);
          client.resources(MachineSet.class).inNamespace(NS).resource(ms).create();
        } else {
          client.resource(item).inNamespace(NS).createOr(existing -> existing.update());
        }
      }
    }
    return set;
  }

  private static List<Machine> machines(String set) {
    return client.resources(Machine.class).inNamespace(NS)
        .withLabel("machine.openshift.io/cluster-api-machineset", set).list().getItems();
  }

  private static long running(String set) {
    return machines(set).stream().filter(m -> m.getStatus() != null
        && MachinePhases.RUNNING.equals(m.getStatus().getPhase())).count();
  }

  /** The set's instances in moto that are not terminated (Machine names are the set's name plus a suffix). */
  private static List<Instance> liveInstances(String set) {
    List<Instance> out = new ArrayList<>();
    ec2.describeInstancesPaginator(b -> b.filters(f -> f.name("tag:Name").values(set + "-*")))
        .forEach(page -> page.reservations().forEach(r -> out.addAll(r.instances())));
    return out.stream().filter(i -> !Set.of("terminated", "shutting-down").contains(i.state().nameAsString()))
        .toList();
  }

  private static String uid(Instance instance) {
    return instance.tags().stream().filter(t -> AwsMachineProvider.UID_TAG.equals(t.key())).findFirst()
        .map(t -> t.value()).orElse("");
  }

  private static Optional<String> holder() {
    Lease lease = client.leases().inNamespace(NS).withName(LEASE).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity()).filter(h -> !h.isBlank());
  }

  private static RunProcess owner(String identity, RunProcess... candidates) {
    for (RunProcess p : candidates) {
      if (p.owns(identity)) {
        return p;
      }
    }
    throw new AssertionError("no process logged identity " + identity);
  }

  private static void timeline(String format, Object... args) {
    System.out.printf("[failover %s] %s%n", Instant.now(), String.format(format, args));
  }

  /** One {@code machine-api run} process (own JVM) against the sandbox, aws provider on moto. */
  static final class RunProcess {
    private static final Pattern CANDIDATE = Pattern.compile("Leader election: candidate \\(identity ([^,]+),");
    final String name;
    final Process process;
    final Path logFile;
    final int healthPort;

    private RunProcess(String name, Process process, Path logFile, int healthPort) {
      this.name = name;
      this.process = process;
      this.logFile = logFile;
      this.healthPort = healthPort;
    }

    static RunProcess start(String name, String... extra) throws IOException {
      int port = freePort();
      Path log = dir.resolve("run-" + name + ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          MachineApiCli.class.getName(), "run", "--kubeconfig", kubeconfig.toString(), "--provider", "aws",
          "--provider-config", "aws.endpoint=" + moto, "--provider-config", "aws.region=us-east-1",
          "--leader-election-namespace", NS, "--health-port", Integer.toString(port), "--metrics-port", "0",
          // Two processes on one host: no webhook server (WebhookServerIT covers it), so no port clash.
          "--webhook-port", "0"));
      command.addAll(List.of(extra));
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(log.toFile()).start();
      RunProcess started = new RunProcess(name, process, log, port);
      processes.add(started);
      timeline("started %s (pid %d, health port %d, log %s)", name, process.pid(), port, log);
      return started;
    }

    boolean ready() {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + healthPort + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Whether {@code identity} is this process's own leader-election identity (logged as a candidate). */
    boolean owns(String identity) {
      Matcher own = CANDIDATE.matcher(log());
      return own.find() && own.group(1).equals(identity);
    }

    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** SIGKILL: no shutdown hook, no Lease release. */
    void kill() {
      process.destroyForcibly();
      waitFor();
    }

    /** SIGTERM: an orderly stop, as the kubelet does before a restart. */
    void stop() {
      process.destroy();
      waitFor();
    }

    private void waitFor() {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
