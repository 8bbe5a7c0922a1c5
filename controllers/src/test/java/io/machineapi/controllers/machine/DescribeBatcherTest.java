package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DescribeBatcherTest {

  @Test
  void concurrentDescribesOfOneProviderBecomeOneBatchedCall() throws Exception {
    ScriptedSimProvider provider = new ScriptedSimProvider();
    provider.init(ProviderEnvironment.defaults());
    DecodedSpec<?> decoded = DecodedSpec.decode(provider, new ObjectMapper().readTree(
        "{\"apiVersion\":\"machine.sandbox.machine-api.io/v1alpha1\",\"kind\":\"SimMachineProviderSpec\"}"));
    DescribeBatcher batcher = new DescribeBatcher(Duration.ofMillis(300), 100);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<DescribeResult>> answers = List.of("a", "b", "c").stream()
          .map(uid -> CompletableFuture.supplyAsync(() -> {
            try {
              return batcher.describe(new DecodedSpec.Target(
                  MachineContext.builder("ns", "m-" + uid, uid, "cluster").build(), decoded));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }, threads)).toList();
      for (int i = 0; i < 3; i++) {
        DescribeResult result = answers.get(i).get();
        assertThat(result.resultFor(List.of("a", "b", "c").get(i))).contains(InstanceState.absent());
      }
      assertThat(provider.describeBatches).containsExactly(3);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aFullBatchGoesAtOnce() throws Exception {
    ScriptedSimProvider provider = new ScriptedSimProvider();
    provider.init(ProviderEnvironment.defaults());
    DecodedSpec<?> decoded = DecodedSpec.decode(provider, new ObjectMapper().readTree(
        "{\"apiVersion\":\"machine.sandbox.machine-api.io/v1alpha1\",\"kind\":\"SimMachineProviderSpec\"}"));
    DescribeBatcher batcher = new DescribeBatcher(Duration.ofHours(1), 1);
    DescribeResult result = batcher.describe(new DecodedSpec.Target(
        MachineContext.builder("ns", "m", "u", "cluster").build(), decoded));
    assertThat(result.resultFor("u")).isPresent();
  }
}
