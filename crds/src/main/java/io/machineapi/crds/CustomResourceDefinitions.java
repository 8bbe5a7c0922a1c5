package io.machineapi.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The project's CRDs as generated at build time, read from this module's jar. */
public final class CustomResourceDefinitions {
  /** Classpath folder holding one {@code <plural>.<group>-v1.yml} per kind. */
  public static final String RESOURCE_DIR = "META-INF/machine-api/crds/";

  private CustomResourceDefinitions() {}

  /** Every CRD of the project, in {@link CustomResourceKinds#ALL} order. */
  public static List<CustomResourceDefinition> all() {
    return CustomResourceKinds.ALL.stream()
        .map(kind -> load(RESOURCE_DIR + io.fabric8.kubernetes.api.model.HasMetadata.getFullResourceName(kind)
            + "-v1.yml"))
        .toList();
  }

  private static CustomResourceDefinition load(String resource) {
    try (InputStream in = CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD resource " + resource + " is missing: build the crds module");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
