package io.machineapi.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPI must stay free of Kubernetes client classes so providers can be written and tested without them. A class
 * file names every class it references in its constant pool, so scanning the bytes for the package prefix finds
 * any use, imported or fully qualified.
 */
class SpiDependencyTest {

  private static final List<String> FORBIDDEN = List.of("io/fabric8/", "io/javaoperatorsdk/", "io/machineapi/api/");

  @Test
  void spiClassesReferenceOnlyTheJdkAndJackson() throws IOException, URISyntaxException {
    List<Path> classFiles = classFiles("io/machineapi/spi");
    assertThat(classFiles).hasSizeGreaterThan(20);
    assertFree(classFiles);
  }

  /** The SPI's host selector evaluates through the shared label-selector model, which must be as free. */
  @Test
  void theSelectorModelTheSpiUsesReferencesOnlyTheJdkAndJackson() throws IOException, URISyntaxException {
    List<Path> classFiles = classFiles("io/machineapi/selector").stream()
        .filter(p -> !p.getFileName().toString().startsWith("LabelSelectors")).toList();
    assertThat(classFiles).extracting(p -> p.getFileName().toString())
        .contains("LabelMatcher.class", "Requirement.class", "Operator.class");
    assertFree(classFiles);
  }

  private static List<Path> classFiles(String pkg) throws IOException, URISyntaxException {
    Path classes = Path.of(MachineProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(pkg);
    try (Stream<Path> files = Files.walk(classes)) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  private static void assertFree(List<Path> classFiles) throws IOException {
    for (Path classFile : classFiles) {
      String constantPool = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      for (String forbidden : FORBIDDEN) {
        assertThat(constantPool).as("%s references %s", classFile.getFileName(), forbidden).doesNotContain(forbidden);
      }
    }
  }
}
