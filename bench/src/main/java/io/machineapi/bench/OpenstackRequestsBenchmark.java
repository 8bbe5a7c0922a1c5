package io.machineapi.bench;

import io.machineapi.providers.openstack.OpenstackMachineProvider;
import io.machineapi.providers.openstack.OpenstackProviderSpec;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.spi.TransientProviderException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * OpenStack requests the openstack provider sends (Keystone, Nova, Glance, Neutron; every HTTP request) for N
 * Machines through the calls the Machine controller makes: in waves of 10, one batched describe that finds the
 * wave's Machines absent and their creates, batched describe polls until every server is ACTIVE, then
 * delete until Nova no longer lists them. Against a real Keystone and Nova ({@code peers/openstack.sh}).
 */
@Command(name = "openstack", mixinStandardHelpOptions = true,
    description = "OpenStack requests per Machine lifecycle and per poll cycle, and servers per minute, against a "
        + "Keystone + Nova (peers/openstack.sh).")
final class OpenstackRequestsBenchmark implements Callable<Integer> {
  /** Transient failures the benchmark retried (as the controller would), since the last row. */
  private static final AtomicInteger RETRIED = new AtomicInteger();
  /** Machines created (and deleted) at once. */
  private static final int WAVE = 10;

  @Option(names = "--clouds", required = true, paramLabel = "FILE",
      description = "clouds.yaml of the cloud, e.g. target/peers/state/openstack-clouds.yaml")
  Path clouds;

  @Option(names = "--cloud", defaultValue = "openstack", description = "Entry of the clouds.yaml. Default: "
      + "${DEFAULT-VALUE}.")
  String cloud;

  @Option(names = "--machines", split = ",", defaultValue = "10,50,100")
  int[] counts;

  @Option(names = "--flavor", defaultValue = "m1.tiny")
  String flavor;

  @Option(names = "--image", defaultValue = "rhcos")
  String image;

  @Option(names = "--network", defaultValue = "private")
  String network;

  @Override
  public Integer call() throws Exception {
    byte[] cloudsYaml = Files.readAllBytes(clouds);
    System.out.println("| machines | create requests (incl. the describe before) | polls until all ACTIVE | requests "
        + "per poll cycle | delete requests (until gone) | requests per Machine lifecycle (create + delete + 1 poll) "
        + "| Keystone authentications | by service | transient failures retried | all creates answered (s) "
        + "| 0 → N ACTIVE (s) | servers per minute |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    for (int n : counts) {
      run(n, cloudsYaml);
    }
    return 0;
  }

  private void run(int n, byte[] cloudsYaml) throws Exception {
    OpenstackMachineProvider p = new OpenstackMachineProvider();
    p.init(new ProviderEnvironment(Map.of(), Clock.systemUTC(), Optional.empty()));
    OpenstackProviderSpec spec = p.decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"apiVersion": "machine.openshift.io/v1alpha1", "kind": "OpenstackProviderSpec",
         "cloudsSecret": {"name": "cloud"}, "cloudName": "%s", "flavor": "%s", "image": "%s",
         "networks": [{"filter": {"name": "%s"}}], "userDataSecret": {"name": "user-data"}}
        """.formatted(cloud, flavor, image, network)));
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<MachineContext> fresh = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String uid = UUID.randomUUID().toString();
      fresh.add(MachineContext.builder("openshift-machine-api", "bench-" + run + "-" + i, uid, "bench")
          .labels(Map.of(MachineContext.CLUSTER_ID_LABEL, "bench")).secrets(secrets(cloudsYaml)).build());
    }
    long start = System.nanoTime();
    List<MachineContext> machines = createAll(p, spec, fresh);
    double createsAnswered = (System.nanoTime() - start) / 1e9;
    long created = p.requests().total();
    List<DescribeRequest<OpenstackProviderSpec>> batch = machines.stream()
        .map(m -> new DescribeRequest<>(m, spec)).toList();
    long beforePolls = p.requests().total();
    int polls = 0;
    while (true) {
      polls++;
      DescribeResult r = p.describe(batch);
      long running = machines.stream().filter(m -> r.resultFor(m.uid()).orElse(null)
          instanceof InstanceState.Running).count();
      if (running == n) {
        // The providerIDs the controller writes once the servers are ACTIVE.
        machines = machines.stream().map(m -> holding(m, (InstanceState) r.resultFor(m.uid()).orElseThrow()))
            .toList();
        break;
      }
      if (polls > 600) {
        throw new IllegalStateException(running + " of " + n + " servers ACTIVE after 600 polls");
      }
      Thread.sleep(500);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double perPoll = (double) (p.requests().total() - beforePolls) / polls;
    long beforeDelete = p.requests().total();
    deleteAll(p, spec, machines);
    long deleted = p.requests().total() - beforeDelete;
    double perMachine = (created + deleted + perPoll) / n;
    System.out.printf("| %d | %d | %d | %.1f | %d | %.2f | %d | %s | %d | %.1f | %.1f | %.0f |%n", n, created, polls,
        perPoll, deleted, perMachine, p.requests().count("keystone"), p.requests().snapshot(), RETRIED.getAndSet(0),
        createsAnswered, seconds, n * 60 / seconds);
    p.close();
  }

  /** The Machine as the controller holds it after this answer: its providerID and providerStatus, once given. */
  private static MachineContext holding(MachineContext m, InstanceState s) {
    MachineContext.Builder b = MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
        .labels(m.labels()).secrets(m.secrets());
    s.details().providerId().or(m::providerId).ifPresent(b::providerId);
    s.details().providerStatus().or(m::providerStatus).ifPresent(b::providerStatus);
    return b.build();
  }

  private static ResolvedSecrets secrets(byte[] cloudsYaml) {
    return ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("cloud", Map.of("clouds.yaml", cloudsYaml)))
        .withUserDataSecret(new SecretContents("user-data", Map.of("userData",
            "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * Creates every Machine's server in waves of 10, as the Machine controller does: a batched describe finds the wave's
   * Machines absent right before their creates, which run in parallel; a transient failure is retried as the
   * controller would.
   */
  private static List<MachineContext> createAll(OpenstackMachineProvider p, OpenstackProviderSpec spec,
      List<MachineContext> fresh) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WAVE);
    try {
      List<MachineContext> out = new ArrayList<>();
      for (int from = 0; from < fresh.size(); from += WAVE) {
        List<MachineContext> wave = fresh.subList(from, Math.min(fresh.size(), from + WAVE));
        p.describe(wave.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
        List<Future<MachineContext>> futures = new ArrayList<>();
        for (MachineContext m : wave) {
          futures.add(pool.submit(() -> holding(m, (InstanceState) retrying(() -> p.create(m, spec)))));
        }
        for (Future<MachineContext> f : futures) {
          out.add(f.get());
        }
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Deletes every Machine's server, 10 at a time, repeating each delete after the provider's recheck delay (as the
   * controller does) until Nova lists it no more.
   */
  private static void deleteAll(OpenstackMachineProvider p, OpenstackProviderSpec spec, List<MachineContext> machines)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WAVE);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (MachineContext m : machines) {
        futures.add(pool.submit(() -> {
          ProviderResult r = retrying(() -> p.delete(m, spec));
          while (r instanceof InstanceState.Terminating terminating) {
            // As the controller does: the next call after the provider's recheck delay.
            Thread.sleep(terminating.recheckAfter().toMillis());
            r = retrying(() -> p.delete(m, spec));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private interface Call {
    ProviderResult call() throws ProviderException;
  }

  private static ProviderResult retrying(Call call) throws ProviderException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (TransientProviderException e) {
        if (attempt == 5) {
          throw e;
        }
        RETRIED.incrementAndGet();
        System.err.println("retrying after " + e.reason() + ": " + e.getMessage());
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
