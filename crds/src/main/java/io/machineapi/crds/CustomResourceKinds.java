package io.machineapi.crds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.List;

/** The custom resource classes this project serves a CRD for. */
public final class CustomResourceKinds {
  public static final List<Class<? extends HasMetadata>> ALL = List.of(
      Machine.class, MachineSet.class, MachineHealthCheck.class, ClusterAutoscaler.class, MachineAutoscaler.class);

  private CustomResourceKinds() {}
}
