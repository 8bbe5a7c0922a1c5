/**
 * {@code autoscaling.openshift.io/v1beta1}: {@link io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler}, which
 * makes one MachineSet autoscaled between {@code minReplicas} and {@code maxReplicas}.
 */
package io.machineapi.api.autoscaling.v1beta1;
