package io.machineapi.autoscaler.core;

import static io.machineapi.autoscaler.core.Fixtures.cap;
import static io.machineapi.autoscaler.core.Fixtures.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BinpackingTest {
  private static PodShape shape(Resources r) {
    return new PodShape(r, Map.of(), List.of(), List.of(), Set.of(), 0);
  }

  @Test
  void firstFitDecreasingFillsTheGapsOfBigPodsWithSmallOnes() {
    Map<PodShape, Long> counts = new LinkedHashMap<>();
    PodShape small = shape(req(1000, 1024));
    PodShape big = shape(req(3000, 1024));
    counts.put(small, 3L);
    counts.put(big, 3L);
    Binpacking.Estimate e = Binpacking.estimate(Binpacking.order(counts, cap(4, 16)), "g", cap(4, 16), 100);
    // Three 3-CPU pods need three 4-CPU nodes; each has 1 CPU left for one small pod.
    assertThat(e.nodes()).isEqualTo(3);
    assertThat(e.podsPlaced()).isEqualTo(6);
  }

  @Test
  void stacksSplitWhenPartlyFilledAndTheNodeLimitHolds() {
    Map<PodShape, Long> counts = new LinkedHashMap<>();
    counts.put(shape(req(2000, 1024)), 5L);
    counts.put(shape(req(1000, 1024)), 3L);
    // 4-CPU nodes: 5 pods of 2 CPU → 2 full nodes + 1 half node; 3 small ones: 2 on the half node, 1 on a new one.
    Binpacking.Estimate e = Binpacking.estimate(Binpacking.order(counts, cap(4, 16)), "g", cap(4, 16), 100);
    assertThat(e.nodes()).isEqualTo(4);
    Binpacking.Estimate capped = Binpacking.estimate(Binpacking.order(counts, cap(4, 16)), "g", cap(4, 16), 2);
    assertThat(capped.nodes()).isEqualTo(2);
    assertThat(capped.podsPlaced()).isEqualTo(4);
  }

  @Test
  void hostPortsAllowOnePodPerNode() {
    PodShape ported = new PodShape(req(100, 128), Map.of(), List.of(), List.of(), Set.of(8080), 0);
    Binpacking.Estimate e = Binpacking.estimate(List.of(Map.entry(ported, 3L)), "g", cap(4, 16), 100);
    assertThat(e.nodes()).isEqualTo(3);
  }

  @Test
  void theDecisionCoreImportsNoKubernetesClient() throws Exception {
    Path core = Path.of("src/main/java/io/machineapi/autoscaler/core");
    try (Stream<Path> files = Files.list(core)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(all).hasSizeGreaterThan(10);
      for (Path f : all) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("io.fabric8").doesNotContain("java.net")
            .doesNotContain("java.io.");
      }
    }
  }
}
