/**
 * {@code autoscaling.openshift.io/v1}: the cluster-scoped singleton
 * {@link io.machineapi.api.autoscaling.v1.ClusterAutoscaler} (only the object named {@code default} is acted on).
 * An omitted field means the cluster-autoscaler default applies.
 */
package io.machineapi.api.autoscaling.v1;
