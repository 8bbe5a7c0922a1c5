package io.machineapi.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** manifests/crds/ is what cluster operators apply: it must be exactly what the build generates from api/. */
class CommittedManifestsAreCurrentTest {
  private static final String HOW_TO_FIX =
      "manifests/crds/ is stale: run ./mvnw -pl api,crds -am -Pupdate-crds process-classes and commit the result";

  @Test
  void committedCrdsEqualTheGeneratedOnes() throws IOException {
    Path generated = Path.of(System.getProperty("crds.generated"));
    Path committed = Path.of(System.getProperty("crds.committed"));

    assertThat(fileNames(committed)).as(HOW_TO_FIX).isEqualTo(fileNames(generated));
    for (String name : fileNames(generated)) {
      assertThat(Files.readString(committed.resolve(name)))
          .as(HOW_TO_FIX + " (" + name + " differs)")
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  @Test
  void everyKindHasAGeneratedCrd() {
    assertThat(CustomResourceDefinitions.all())
        .extracting(crd -> crd.getSpec().getNames().getKind())
        .containsExactly("Machine", "MachineSet", "MachineHealthCheck", "ClusterAutoscaler", "MachineAutoscaler");
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList();
    }
  }
}
