package io.machineapi.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cloud (or simulated cloud, or bare-metal pool) that creates, observes and deletes one instance per Machine.
 *
 * <p>Implementations are registered as {@link java.util.ServiceLoader} services under
 * {@code META-INF/services/io.machineapi.spi.MachineProvider} and need a public no-argument constructor. The
 * controller calls {@link #init(ProviderEnvironment)} once before any other method and {@link #close()} on shutdown.
 * Every other method may be called concurrently for different Machines, so implementations must be thread-safe.
 *
 * <h2>Identity and idempotency</h2>
 * <ul>
 *   <li><b>Exactly one instance per Machine.</b> {@link #create} must be idempotent per Machine UID: calling it again
 *       for a Machine whose instance already exists (or is being built) returns that instance's state and never
 *       starts a second one. Providers therefore look an instance up <em>by Machine UID first</em> (a tag, the
 *       instance UUID, the host's consumer), so a controller that crashed after the cloud call but before writing
 *       status finds the instance on restart. The current {@link MachineContext#providerId()},
 *       {@link MachineContext#providerStatus()} and {@link MachineContext#progressToken()} are hints, never the only
 *       record.</li>
 *   <li>{@link #describe} has no side effects on the cloud.</li>
 *   <li>{@link #delete} starts or continues deletion and is safe to repeat; it returns {@link InstanceState.Gone} or
 *       {@link InstanceState.Absent} once nothing is left, and the controller removes its finalizer only then.</li>
 * </ul>
 *
 * <h2>What each answer means for the Machine</h2>
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>Answer</th><th>Controller reaction</th></tr>
 *   <tr><td>{@link InstanceState.Pending}</td><td>instance exists, not ready: write details, requeue after
 *       {@code recheckAfter} (phase {@code Provisioned} once providerID or addresses are known)</td></tr>
 *   <tr><td>{@link InstanceState.Running}</td><td>write details; phase {@code Provisioned}/{@code Running}</td></tr>
 *   <tr><td>{@link InstanceState.Terminating}</td><td>deletion under way, requeue after {@code recheckAfter}</td></tr>
 *   <tr><td>{@link InstanceState.Absent}, {@link InstanceState.Gone}</td><td>no live instance: before provisioning
 *       the controller calls {@code create}; after provisioning the Machine goes {@code Failed}
 *       ("can't find created instance"); during deletion, deletion is complete</td></tr>
 *   <tr><td>{@link NotYet}</td><td>nothing to report yet (no free host, eventual consistency, stale status):
 *       requeue after exactly {@link NotYet#requeueAfter()}; not an error, phase unchanged</td></tr>
 *   <tr><td>{@link InvalidConfigurationException}</td><td>permanent: from {@code decode}/{@code create} the Machine
 *       goes {@code Failed} with {@code errorReason=InvalidConfiguration} and the field paths in
 *       {@code errorMessage}; from {@code delete} deletion is retried with backoff (deletion is never blocked
 *       forever by a bad spec edit)</td></tr>
 *   <tr><td>{@link TransientProviderException}</td><td>retry with exponential backoff, never shorter than
 *       {@link TransientProviderException#minimumBackoff()}; phase unchanged</td></tr>
 * </table>
 * Any other {@link RuntimeException} is a provider bug; the controller treats it like a transient failure.
 *
 * <p><b>Which failures are permanent</b>, for every provider: only an error that proves the Machine's own spec wrong
 * is an {@link InvalidConfigurationException}; throttling, 5xx, timeouts, credentials, capacity, quota and unknown
 * error codes are {@link TransientProviderException}s (with {@link TransientProviderException.Reason#CREDENTIALS},
 * {@code INSUFFICIENT_CAPACITY}, {@code QUOTA_EXCEEDED} … and a message naming the cloud's code). A cloud error is
 * permanent only when its code is on the provider's explicit list of spec errors; anything unlisted is transient.
 *
 * <h2>Long operations</h2>
 * Providers never block a reconcile waiting for the cloud. A vSphere clone, an Ironic deploy or a host claim returns
 * {@link InstanceState.Pending} carrying an opaque {@link InstanceDetails#progressToken()} (a task reference, a
 * provision state, a claimed host). The controller persists it at {@code status.providerStatus.<}{@link
 * #progressTokenField()}{@code >} and hands it back in {@link MachineContext#progressToken()} on the next call.
 *
 * <h2>Calling a provider of unknown spec type</h2>
 * Callers holding a {@code MachineProvider<?>} capture the type in a generic helper:
 * <pre>{@code
 * static <S extends ProviderSpec> ProviderResult create(MachineProvider<S> p, MachineContext m, JsonNode value)
 *     throws ProviderException {
 *   return p.create(m, p.decode(value));
 * }
 * }</pre>
 *
 * @param <S> the provider's decoded, validated providerSpec type
 */
public interface MachineProvider<S extends ProviderSpec> extends AutoCloseable {

  /** Name used to enable the provider ({@code --provider NAME}), e.g. {@code aws} or {@code sim}. Lower case, unique
   * among providers. */
  String name();

  /** The {@code providerSpec.value.kind}s this provider serves, e.g. {@code AWSMachineProviderConfig}. No two
   * enabled providers may claim the same kind. */
  Set<String> providerSpecKinds();

  /**
   * Called once before any other method. The default does nothing.
   *
   * @throws IllegalArgumentException when the environment's configuration is unusable (the process refuses to
   *     start and prints the message)
   */
  default void init(ProviderEnvironment environment) {}

  /**
   * Decodes and validates {@code spec.providerSpec.value}. Pure: no cloud calls. Cloud-side validation (does the
   * image exist?) happens in {@link #create} and is reported the same way.
   *
   * @param providerSpecValue the raw value including its {@code apiVersion}/{@code kind} header; may be
   *     {@code null} when the Machine has none
   * @throws InvalidConfigurationException listing every problem with its field path
   *     ({@code providerSpec.value.ami.id})
   */
  S decode(JsonNode providerSpecValue) throws InvalidConfigurationException;

  /**
   * Creates the Machine's instance if none exists, else reports the existing one (see class comment). The controller
   * calls it only while the Machine is not provisioned, after resolving the Secrets the spec names.
   *
   * @return usually {@link InstanceState.Pending}; {@link NotYet} when creation cannot start yet (no free host)
   */
  ProviderResult create(MachineContext machine, S spec) throws ProviderException;

  /**
   * Observes many Machines in one call, so polling costs one cloud request per batch instead of one per Machine.
   * No side effects.
   *
   * @return an answer ({@link ProviderResult}) or a per-Machine failure for every requested Machine UID
   * @throws TransientProviderException when the whole batch could not be observed (throttling, cloud down)
   */
  DescribeResult describe(List<DescribeRequest<S>> machines) throws TransientProviderException;

  /**
   * Starts or continues deleting the Machine's instance. Safe to repeat; must succeed when no instance exists.
   *
   * @return {@link InstanceState.Terminating} while deletion goes on, then {@link InstanceState.Gone} (or
   *     {@link InstanceState.Absent} when there never was an instance)
   */
  ProviderResult delete(MachineContext machine, S spec) throws ProviderException;

  /**
   * The defaults the admission webhook writes into a {@code providerSpec.value} before it is stored (the webhook
   * turns the difference into a JSON patch), e.g. {@code userDataSecret: {name: worker-user-data}}. Pure: no cloud or
   * Kubernetes call; must not fail on a value {@link #decode} would refuse (return it unchanged then). Defaults only
   * fill in what is missing and never change a value that is set. The default returns {@code providerSpecValue}
   * unchanged.
   *
   * @param providerSpecValue the raw value, including its type header; may be {@code null}
   * @return a value with the defaults filled in (a copy, or the argument when nothing was added)
   */
  default JsonNode defaults(JsonNode providerSpecValue) {
    return providerSpecValue;
  }

  /**
   * Soft problems of a valid spec that do not stop the Machine (the admission webhook returns them as warnings), e.g.
   * {@code providerSpec.value.numCPUs: 1 is less than the recommended 2}. Pure: no cloud or Kubernetes call (the
   * webhook itself checks that the Secrets {@link ProviderSpec#credentialsSecret()} and
   * {@link ProviderSpec#userDataSecret()} name exist). The default has none.
   *
   * @param spec the spec as {@link #decode} returned it
   */
  default List<String> warnings(S spec) {
    return List.of();
  }

  /**
   * The capacity of one Node of the spec's instance type, from the provider's instance-type catalogue; the MachineSet
   * controller writes it onto MachineSets for scale from zero. The controller calls it off the reconcile thread, with
   * the same deadline as every provider call, with the credentials Secret resolved, and caches the answer per
   * providerSpec; a provider that asks the cloud should cache the catalogue too (per instance type and region), since
   * many MachineSets share a type. The default answers empty: the provider knows no capacities and nothing is
   * written.
   *
   * @param secrets the resolved credentials Secret, if the spec names one (never the user-data Secret)
   * @return empty when the provider does not know capacities
   * @throws InvalidConfigurationException when the instance type does not exist (field path
   *     {@code providerSpec.value.instanceType})
   * @throws TransientProviderException when the catalogue could not be read now (the controller retries later)
   */
  default Optional<InstanceCapacity> capacity(S spec, ResolvedSecrets secrets) throws ProviderException {
    return Optional.empty();
  }

  /**
   * Key under {@code status.providerStatus} where the controller stores {@link InstanceDetails#progressToken()}.
   * The default is {@code progressToken}; a provider whose wire format already has such a field (vSphere's
   * {@code taskRef}) returns that name.
   */
  default String progressTokenField() {
    return "progressToken";
  }

  /** Releases clients and threads. The default does nothing. */
  @Override
  default void close() {}
}
