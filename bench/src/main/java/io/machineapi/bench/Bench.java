package io.machineapi.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./bench.sh}. */
@Command(name = "bench.sh", mixinStandardHelpOptions = true,
    description = "Benchmarks of machine-api (results in Markdown on stdout; see docs/benchmarks.md).",
    subcommands = {LifecycleBenchmark.class, HealthCheckBenchmark.class, AutoscalerBenchmark.class,
        AwsRequestsBenchmark.class, AwsSandboxBenchmark.class, OpenstackRequestsBenchmark.class,
        VsphereRequestsBenchmark.class, CacheFootprintBenchmark.class})
public final class Bench {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }
}
