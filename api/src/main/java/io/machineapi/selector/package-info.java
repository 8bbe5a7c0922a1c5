/**
 * The one label-selector model of the project, with Kubernetes' syntax, semantics and error messages (a port of
 * k8s.io/apimachinery {@code labels} and {@code metav1.LabelSelectorAsSelector}).
 *
 * <p>{@link io.machineapi.selector.LabelSelectors} reads both forms into a
 * {@link io.machineapi.selector.LabelMatcher}: the string syntax of {@code ?labelSelector=} (which also has
 * {@code gt}/{@code lt}) and the structured {@code metav1.LabelSelector} ({@code matchLabels} and
 * {@code matchExpressions} with {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist} only; any other
 * operator, {@code Gt} and {@code Lt} included, is refused). The embedded API server, the MachineSet and
 * MachineHealthCheck controllers, the autoscaler (PodDisruptionBudgets, and node affinity through
 * {@link io.machineapi.selector.Requirement}) and the bare-metal host selector of the provider SPI all
 * evaluate selectors here.
 *
 * <p>The package sits outside {@code io.machineapi.api} because the provider SPI uses it, and the SPI references
 * neither the wire types nor the Kubernetes client: only {@link io.machineapi.selector.LabelSelectors} (the fabric8
 * {@code LabelSelector} conversion) touches fabric8; {@link io.machineapi.selector.LabelMatcher},
 * {@link io.machineapi.selector.Requirement} and {@link io.machineapi.selector.Operator} need only the JDK and
 * Jackson.
 */
package io.machineapi.selector;
