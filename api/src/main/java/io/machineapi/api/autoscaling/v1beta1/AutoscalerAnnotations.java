package io.machineapi.api.autoscaling.v1beta1;

import java.util.List;

/** The MachineSet annotations of the autoscaler contract (both key forms), set by a MachineAutoscaler. */
public final class AutoscalerAnnotations {
  public static final String MIN = "machine.openshift.io/cluster-api-autoscaler-node-group-min-size";
  public static final String MAX = "machine.openshift.io/cluster-api-autoscaler-node-group-max-size";
  public static final String CAPI_MIN = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size";
  public static final String CAPI_MAX = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size";
  /** {@code <namespace>/<name>} of the owning MachineAutoscaler. */
  public static final String OWNER = "autoscaling.openshift.io/machineautoscaler";
  /**
   * The finalizer a MachineAutoscaler carries until its target's annotations are removed. OpenShift's name is
   * {@link #LEGACY_FINALIZER}; java-operator-sdk requires a qualified name (with a slash), so this one is used and the
   * legacy one is removed too when a MachineAutoscaler created under OpenShift is deleted.
   */
  public static final String FINALIZER = "autoscaling.openshift.io/machinetarget";
  public static final String LEGACY_FINALIZER = "machinetarget.autoscaling.openshift.io";
  public static final List<String> SIZE_KEYS = List.of(MIN, MAX, CAPI_MIN, CAPI_MAX);

  private AutoscalerAnnotations() {}
}
