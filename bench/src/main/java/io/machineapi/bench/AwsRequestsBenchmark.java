package io.machineapi.bench;

import io.machineapi.providers.aws.AwsMachineProvider;
import io.machineapi.providers.aws.AwsMachineProviderConfig;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * EC2 requests the aws provider sends (every HTTP attempt, retries included) for N Machines through the calls the
 * Machine controller makes: one batched describe that finds the new Machines absent, create once each, batched
 * describe polls, delete until gone (with the providerStatus
 * the controller would hold). Against moto_server ({@code --endpoint}).
 */
@Command(name = "aws", mixinStandardHelpOptions = true,
    description = "EC2 requests per Machine lifecycle and per poll cycle, against moto_server.")
final class AwsRequestsBenchmark implements Callable<Integer> {
  @Option(names = "--endpoint", required = true, description = "moto_server URL, e.g. http://127.0.0.1:5000")
  URI endpoint;

  @Option(names = "--machines", split = ",", defaultValue = "50,100,200")
  int[] counts;

  @Option(names = "--polls", defaultValue = "10", description = "Steady-state poll cycles measured.")
  int polls;

  @Override
  public Integer call() throws Exception {
    System.out.println("| machines | create requests | delete requests | requests per machine lifecycle "
        + "(incl. 1 poll) | requests per poll cycle | of which DescribeInstances |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int n : counts) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      AwsMachineProvider p = new AwsMachineProvider();
      p.init(new ProviderEnvironment(Map.of("endpoint", endpoint.toString(), "accessKeyId", "test",
          "secretAccessKey", "test", "requestsPerSecond", "1000"), Clock.systemUTC(), Optional.empty()));
      AwsMachineProviderConfig spec = p.decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
          "{\"kind\":\"AWSMachineProviderConfig\",\"ami\":{\"filters\":[{\"name\":\"name\",\"values\":"
              + "[\"amzn2-ami-hvm-*\"]}]},\"instanceType\":\"m5.large\",\"placement\":{\"region\":\"us-east-1\"}}"));
      List<MachineContext> fresh = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fresh.add(MachineContext.builder("openshift-machine-api", "w-" + i, UUID.randomUUID().toString(), "bench")
            .build());
      }
      // As the Machine controller does: a batched describe finds the new Machines absent, then each is created.
      p.describe(fresh.stream().map(m -> new DescribeRequest<>(m, spec)).toList());
      List<MachineContext> machines = new ArrayList<>();
      for (MachineContext m : fresh) {
        InstanceState s = (InstanceState) p.create(m, spec);
        machines.add(MachineContext.builder(m.namespace(), m.name(), m.uid(), m.clusterId())
            .providerId(s.details().providerId().orElseThrow())
            .providerStatus(s.details().providerStatus().orElseThrow()).build());
      }
      long created = p.requests().total();
      List<DescribeRequest<AwsMachineProviderConfig>> batch = machines.stream()
          .map(m -> new DescribeRequest<>(m, spec)).toList();
      long beforePolls = p.requests().total();
      long describesBefore = p.requests().count("DescribeInstances");
      for (int i = 0; i < polls; i++) {
        p.describe(batch);
      }
      double perPoll = (double) (p.requests().total() - beforePolls) / polls;
      double describePerPoll = (double) (p.requests().count("DescribeInstances") - describesBefore) / polls;
      long beforeDelete = p.requests().total();
      for (MachineContext m : machines) {
        ProviderResult r;
        do {
          r = p.delete(m, spec);
        } while (!(r instanceof InstanceState.Gone) && !(r instanceof InstanceState.Absent));
      }
      long deleted = p.requests().total() - beforeDelete;
      double perMachine = (created + deleted + perPoll) / n;
      System.out.printf("| %d | %d | %d | %.2f | %.1f | %.1f |%n", n, created, deleted, perMachine, perPoll,
          describePerPoll);
      p.close();
    }
    return 0;
  }
}
