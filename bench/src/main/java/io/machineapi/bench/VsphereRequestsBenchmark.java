package io.machineapi.bench;

import io.machineapi.providers.vsphere.VSphereMachineProviderSpec;
import io.machineapi.providers.vsphere.VsphereMachineProvider;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * vCenter SOAP requests the vsphere provider sends for N Machines, through the calls the Machine controller makes
 * (every request counted, Login and retries included): provisioning (a batched describe of the Machines not yet
 * running each round, a create for each one answered Absent: clone, then power-on), one simulated hour of steady
 * polling, and deletion until vCenter no longer lists the VMs. Against vcsim ({@code peers/vcsim.sh}).
 */
@Command(name = "vsphere", mixinStandardHelpOptions = true,
    description = "vCenter SOAP requests per Machine lifecycle and per Machine-hour of steady polling, and VMs per "
        + "minute, against vcsim (peers/vcsim.sh) or a vCenter.")
final class VsphereRequestsBenchmark implements Callable<Integer> {
  /** How often the Machine controller rechecks a Running Machine (MachineTimings.runningRecheck). */
  private static final Duration RUNNING_RECHECK = Duration.ofMinutes(10);

  @Option(names = "--url", defaultValue = "https://127.0.0.1:8989/sdk", description = "SOAP endpoint; its host is "
      + "the workspace server, its port the provider's port setting. Default: ${DEFAULT-VALUE}.")
  URI url;

  @Option(names = "--user", defaultValue = "administrator@vsphere.local")
  String user;

  @Option(names = "--password", defaultValue = "vcsim-secret", description = "Default: vcsim's (peers/vcsim.sh).")
  String password;

  @Option(names = "--insecure", defaultValue = "true", description = "Accept any certificate (vcsim's own). Default: "
      + "${DEFAULT-VALUE}.")
  boolean insecure;

  @Option(names = "--machines", split = ",", defaultValue = "10,50")
  int[] counts;

  @Option(names = "--task-poll-seconds", defaultValue = "1")
  int taskPollSeconds;

  @Override
  public Integer call() throws Exception {
    System.out.println("| machines | 0 → N Running (s) | VMs per minute | provisioning requests | rounds | delete "
        + "requests (until gone) | requests per Machine lifecycle | steady hour: requests (one describe per Machine "
        + "every 10 min) | per Machine-hour | steady hour, batched (one describe of all every 10 min) | by method | "
        + "transient failures retried |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
    for (int n : counts) {
      run(n);
    }
    return 0;
  }

  private void run(int n) throws Exception {
    SkippingClock clock = new SkippingClock();
    VsphereMachineProvider p = new VsphereMachineProvider();
    p.init(new ProviderEnvironment(Map.of("port", String.valueOf(url.getPort() < 0 ? 443 : url.getPort()),
        "insecure", String.valueOf(insecure), "taskPollSeconds", String.valueOf(taskPollSeconds)), clock,
        Optional.empty()));
    String server = url.getHost();
    VSphereMachineProviderSpec spec = p.decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"apiVersion": "machine.openshift.io/v1beta1", "kind": "VSphereMachineProviderSpec",
         "credentialsSecret": {"name": "vsphere-cloud-credentials"}, "userDataSecret": {"name": "user-data"},
         "template": "rhcos-template", "numCPUs": 2, "memoryMiB": 4096, "diskGiB": 120,
         "network": {"devices": [{"networkName": "VM Network"}]},
         "workspace": {"server": "%s", "datacenter": "DC0", "datastore": "LocalDS_0", "folder": "/DC0/vm",
                       "resourcePool": "/DC0/host/DC0_C0/Resources"}}
        """.formatted(server)));
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<MachineContext> fresh = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fresh.add(MachineContext.builder("openshift-machine-api", "bench-" + run + "-" + i,
          UUID.randomUUID().toString(), "bench").labels(Map.of(MachineContext.CLUSTER_ID_LABEL, "bench"))
          .secrets(secrets(server)).build());
    }
    ProviderDriver<VSphereMachineProviderSpec> driver = new ProviderDriver<>(p, spec);
    long start = System.nanoTime();
    ProviderDriver.Polled provisioned = driver.provision(fresh, taskPollSeconds * 1000L, 600);
    double seconds = (System.nanoTime() - start) / 1e9;
    long provisioning = p.requests().total();

    // One hour of steady state, simulated: the controller rechecks each Running Machine every 10 minutes.
    long beforeSteady = p.requests().total();
    for (int round = 0; round < 6; round++) {
      clock.skip(RUNNING_RECHECK);
      for (MachineContext m : provisioned.machines()) {
        p.describe(List.of(new DescribeRequest<>(m, spec)));
      }
    }
    long steady = p.requests().total() - beforeSteady;
    long beforeBatched = p.requests().total();
    List<DescribeRequest<VSphereMachineProviderSpec>> all = provisioned.machines().stream()
        .map(m -> new DescribeRequest<>(m, spec)).toList();
    for (int round = 0; round < 6; round++) {
      clock.skip(RUNNING_RECHECK);
      p.describe(all);
    }
    long steadyBatched = p.requests().total() - beforeBatched;

    long beforeDelete = p.requests().total();
    driver.deleteAll(provisioned.machines());
    long deleted = p.requests().total() - beforeDelete;
    System.out.printf("| %d | %.1f | %.0f | %d | %d | %d | %.2f | %d | %.3f | %d | %s | %d |%n", n, seconds,
        n * 60 / seconds, provisioning, provisioned.polls(), deleted, (double) (provisioning + deleted) / n, steady,
        (double) steady / n, steadyBatched, p.requests().snapshot(), driver.retriedSinceLast());
    p.close();
  }

  private ResolvedSecrets secrets(String server) {
    return ResolvedSecrets.none()
        .withCredentialsSecret(new SecretContents("vsphere-cloud-credentials", Map.of(
            server + ".username", user.getBytes(StandardCharsets.UTF_8),
            server + ".password", password.getBytes(StandardCharsets.UTF_8))))
        .withUserDataSecret(new SecretContents("user-data", Map.of("userData",
            "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8))));
  }

  /** The system clock plus the time skipped so far: the provider's caches age as if that time had passed. */
  private static final class SkippingClock extends Clock {
    private volatile Duration skipped = Duration.ZERO;

    void skip(Duration by) {
      skipped = skipped.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed zone");
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(skipped);
    }
  }
}
