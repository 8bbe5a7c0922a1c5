package io.machineapi.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.lang.reflect.InvocationTargetException;

/**
 * Handles on one object for patches that do not read it first. fabric8's {@code withName(n).patch(...)} GETs the
 * object only to learn its URL before sending the patch: a second request and a round trip per write. A handle made
 * from a stub carrying just the name and namespace sends the patch alone; the patch itself says what changes, and
 * guards (JSON patch {@code test}, {@code metadata.resourceVersion}) are the patch's business, as before.
 */
public final class PatchTargets {

  private PatchTargets() {
  }

  /** A namespaced object ({@code namespace} non-null) or a cluster-scoped one ({@code namespace} null). */
  public static <T extends HasMetadata> Resource<T> of(KubernetesClient client, Class<T> type, String namespace,
      String name) {
    T stub = stub(type);
    stub.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    return namespace == null ? client.resources(type).resource(stub)
        : client.resources(type).inNamespace(namespace).resource(stub);
  }

  private static <T extends HasMetadata> T stub(Class<T> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
      throw new IllegalArgumentException(type + " has no public no-argument constructor", e);
    }
  }
}
