/**
 * The provider SPI: how the Machine controller talks to a cloud without knowing which one.
 *
 * <p>A provider ({@link io.machineapi.spi.MachineProvider}) is found with {@link java.util.ServiceLoader} and
 * serves one or more {@code providerSpec.value.kind}s. For each Machine the controller
 * <ol>
 *   <li>decodes and validates {@code spec.providerSpec.value} with {@link io.machineapi.spi.MachineProvider#decode};
 *   <li>resolves the Secrets the decoded spec names ({@link io.machineapi.spi.ProviderSpec#userDataSecret()},
 *       {@link io.machineapi.spi.ProviderSpec#credentialsSecret()}) into {@link io.machineapi.spi.ResolvedSecrets};
 *   <li>builds a {@link io.machineapi.spi.MachineContext} (identity, labels, current status, secrets) and calls
 *       {@code create}, {@code describe} (batched) or {@code delete};
 *   <li>maps the answer onto the Machine: an {@link io.machineapi.spi.InstanceState} is written to
 *       {@code spec.providerID}, {@code status.addresses}, {@code status.providerStatus}, labels and annotations;
 *       {@link io.machineapi.spi.NotYet} requeues after its delay; an
 *       {@link io.machineapi.spi.InvalidConfigurationException} makes the Machine {@code Failed} (on create); a
 *       {@link io.machineapi.spi.TransientProviderException} is retried with backoff.
 * </ol>
 *
 * <p>For MachineSets the controller also asks {@link io.machineapi.spi.MachineProvider#capacity} what one Node of
 * the template's instance type offers ({@link io.machineapi.spi.InstanceCapacity}: vCPUs, memory, GPUs, maxPods,
 * architecture) and writes it as the scale-from-zero annotations the cluster autoscaler reads.
 *
 * <p>Providers never read Kubernetes: everything they need arrives in the {@code MachineContext}, the
 * {@link io.machineapi.spi.ProviderEnvironment} (configuration, clock and an optional
 * {@link io.machineapi.spi.inventory.HostInventory} port, a port for host-inventory providers; no provider implements
 * or uses it in this build). This package depends only on the JDK and Jackson.
 */
package io.machineapi.spi;
