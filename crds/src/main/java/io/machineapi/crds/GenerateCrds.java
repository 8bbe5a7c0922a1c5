package io.machineapi.crds;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (run by this module's pom in {@code process-classes}): writes one {@code <plural>.<group>-v1.yml} per
 * custom resource into the directory given as the only argument.
 */
public final class GenerateCrds {
  private GenerateCrds() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GenerateCrds OUTPUT_DIR");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    int written = new CRDGenerator()
        .customResourceClasses(CustomResourceKinds.ALL)
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .withPostProcessor(new CrdFixups(CustomResourceKinds.ALL))
        .inOutputDir(out.toFile())
        .generate();
    if (written != CustomResourceKinds.ALL.size()) {
      throw new IllegalStateException("expected " + CustomResourceKinds.ALL.size() + " CRDs, generated " + written);
    }
    System.out.println("Generated " + written + " CRDs into " + out.toAbsolutePath() + File.separator);
  }
}
