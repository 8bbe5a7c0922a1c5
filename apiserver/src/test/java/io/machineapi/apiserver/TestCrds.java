package io.machineapi.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The test CRDs under src/test/resources/crds. */
final class TestCrds {

  private TestCrds() {
  }

  static CustomResourceDefinition widgets() {
    return load("crds/widgets.example.com.yaml");
  }

  static CustomResourceDefinition gadgets() {
    return load("crds/gadgets.example.com.yaml");
  }

  static List<CustomResourceDefinition> all() {
    return List.of(widgets(), gadgets());
  }

  private static CustomResourceDefinition load(String resource) {
    try (InputStream in = TestCrds.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
