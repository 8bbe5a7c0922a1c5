package io.machineapi.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.providers.aws.RequestCounter;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * EC2 requests through the whole operator: a sandbox with the aws provider against moto_server, the example
 * MachineSet ({@code examples/sandbox-aws-machineset.yaml}) scaled 0 → N (until N Machines run with Ready Nodes) and
 * back to 0 (until no Machine is left). Every request the Machine controller's calls cost is counted, retries
 * included: the batched describes before and after each create, RunInstances, the polls while instances boot, and
 * the deletes.
 */
@Command(name = "aws-sandbox", mixinStandardHelpOptions = true,
    description = "EC2 requests per Machine through the controllers: scale an AWS MachineSet 0 -> N -> 0 on moto.")
final class AwsSandboxBenchmark implements Callable<Integer> {
  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;
  private static final String SET = "aws-workers";

  @Option(names = "--endpoint", required = true, description = "moto_server URL, e.g. http://127.0.0.1:5000")
  URI endpoint;

  @Option(names = "--machines", split = ",", defaultValue = "50,100,200")
  int[] counts;

  @Option(names = "--example", defaultValue = "examples/sandbox-aws-machineset.yaml",
      description = "The MachineSet (with its Secrets) to scale (default ${DEFAULT-VALUE})")
  Path example;

  @Option(names = "--timeout-minutes", defaultValue = "10")
  int timeoutMinutes;

  @Override
  public Integer call() throws Exception {
    System.out.println("| machines | 0 → N: time (s) | 0 → N: requests | N → 0: time (s) | N → 0: requests "
        + "| requests per Machine lifecycle | by operation |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---|");
    for (int n : counts) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withDemo(false).withProviderConfig(Map.of(
          "aws.endpoint", endpoint.toString(), "aws.region", "us-east-1", "aws.requestsPerSecond", "1000")))) {
        KubernetesClient client = sandbox.client();
        try (InputStream in = Files.newInputStream(example)) {
          client.load(in).inNamespace(NS).create();
        }
        RequestCounter requests = sandbox.aws().orElseThrow().requests();
        try (MachineWatch watch = new MachineWatch(client, NS)) {
          Map<String, Long> before = requests.snapshot();
          client.resources(MachineSet.class).inNamespace(NS).withName(SET).scale(n);
          double up = await(() -> watch.runningWithReadyNode() >= n);
          Map<String, Long> atN = requests.snapshot();
          client.resources(MachineSet.class).inNamespace(NS).withName(SET).scale(0);
          double down = await(() -> watch.machines() == 0 ? 1 : 0, 1);
          Map<String, Long> after = requests.snapshot();
          long upRequests = total(atN) - total(before);
          long downRequests = total(after) - total(atN);
          System.out.printf("| %d | %.1f | %d | %.1f | %d | %.2f | %s |%n", n, up, upRequests, down, downRequests,
              (double) (upRequests + downRequests) / n, RequestCounts.difference(before, after));
        }
      }
    }
    return 0;
  }

  private double await(java.util.function.BooleanSupplier done) throws InterruptedException {
    return await(() -> done.getAsBoolean() ? 1 : 0, 1);
  }

  /** Seconds until {@code value} reaches {@code target}, checked every 100 ms (a measurement, not a test). */
  private double await(IntSupplier value, int target) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(timeoutMinutes).toNanos();
    while (value.getAsInt() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMinutes + " minutes");
      }
      Thread.sleep(100);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
