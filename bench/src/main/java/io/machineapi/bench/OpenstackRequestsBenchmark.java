package io.machineapi.bench;

import io.machineapi.providers.openstack.OpenstackMachineProvider;
import io.machineapi.providers.openstack.OpenstackProviderSpec;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
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
    ProviderDriver<OpenstackProviderSpec> driver = new ProviderDriver<>(p, spec);
    long start = System.nanoTime();
    List<MachineContext> machines = driver.createAll(fresh, false);
    double createsAnswered = (System.nanoTime() - start) / 1e9;
    long created = p.requests().total();
    long beforePolls = p.requests().total();
    ProviderDriver.Polled polled = driver.pollUntilRunning(machines, 500, 600);
    double seconds = (System.nanoTime() - start) / 1e9;
    double perPoll = (double) (p.requests().total() - beforePolls) / polled.polls();
    long beforeDelete = p.requests().total();
    driver.deleteAll(polled.machines());
    long deleted = p.requests().total() - beforeDelete;
    double perMachine = (created + deleted + perPoll) / n;
    System.out.printf("| %d | %d | %d | %.1f | %d | %.2f | %d | %s | %d | %.1f | %.1f | %.0f |%n", n, created,
        polled.polls(), perPoll, deleted, perMachine, p.requests().count("keystone"), p.requests().snapshot(),
        driver.retriedSinceLast(), createsAnswered, seconds, n * 60 / seconds);
    p.close();
  }

  private static ResolvedSecrets secrets(byte[] cloudsYaml) {
    return ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("cloud", Map.of("clouds.yaml", cloudsYaml)))
        .withUserDataSecret(new SecretContents("user-data", Map.of("userData",
            "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8))));
  }
}
