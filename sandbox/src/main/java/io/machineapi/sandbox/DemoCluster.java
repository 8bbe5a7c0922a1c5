package io.machineapi.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The sandbox's demo ({@code demo.yaml} beside this class): MachineSet {@value #MACHINE_SET} in
 * {@value Sandbox#MACHINE_API_NAMESPACE} with 3 replicas of the 4 CPU / 16 GiB sim type, and the user-data Secret
 * {@value #USER_DATA_SECRET} (an Ignition pointer config) its Machines read, a MachineHealthCheck for it, and
 * ClusterAutoscaler {@code default} with short sandbox timings. The only MachineSet; no control plane.
 */
public final class DemoCluster {

  public static final String MACHINE_SET = "sandbox-worker";
  public static final String USER_DATA_SECRET = "worker-user-data";

  private DemoCluster() {}

  /** Creates the demo objects, or updates them when they exist (a sandbox restarted on a kept store). */
  public static List<HasMetadata> apply(KubernetesClient client) {
    try (InputStream yaml = DemoCluster.class.getResourceAsStream("demo.yaml")) {
      if (yaml == null) {
        throw new IllegalStateException("demo.yaml is missing from the sandbox jar");
      }
      List<HasMetadata> objects = client.load(yaml).items();
      return objects.stream().map(o -> client.resource(o).createOr(NonDeletingOperation::update)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
