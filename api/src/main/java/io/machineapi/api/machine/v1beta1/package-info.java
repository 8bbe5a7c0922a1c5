/**
 * Types of the {@code machine.openshift.io/v1beta1} API group: {@link io.machineapi.api.machine.v1beta1.Machine},
 * {@link io.machineapi.api.machine.v1beta1.MachineSet} and
 * {@link io.machineapi.api.machine.v1beta1.MachineHealthCheck}.
 *
 * <p>Field names, enum spellings and defaults are wire-compatible with OpenShift's machine-api, so manifests
 * written for OpenShift apply unchanged. The CRDs in {@code manifests/crds/} are generated from these classes
 * at build time; validation (minimum, enum, pattern, required) is expressed with fabric8 generator annotations
 * so that the API server refuses bad input before any controller sees it, and every field carries a
 * {@code @JsonPropertyDescription} (what {@code kubectl explain} shows). The rules never refuse an object
 * OpenShift's CRDs accept, except where docs/api-compatibility.md says why. Provider-specific configuration
 * ({@code providerSpec.value}, {@code status.providerStatus}) stays raw JSON here and is decoded by providers.
 */
package io.machineapi.api.machine.v1beta1;
