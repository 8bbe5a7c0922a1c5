package io.machineapi.sandbox.nodes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.controllers.DaemonThreads;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.sandbox.PeriodicPass;
import io.machineapi.spi.InstanceDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet of every Machine for the sandbox (never part of the operator), for any provider: once a Machine
 * has a {@code spec.providerID}, after {@link NodeEmulatorSettings#registerDelay()} a Node named after the Machine
 * registers with that providerID, the Machine's {@code status.addresses} and capacity from {@link NodeCapacities},
 * Ready. It then
 * <ul>
 *   <li>heartbeats rarely ({@link NodeEmulatorSettings#heartbeatInterval()}), always through {@code /status}, and
 *       otherwise writes only when something changes, because the benchmark counts Node writes per Machine;</li>
 *   <li>reports Ready {@code False}/{@code Unknown} while the Node carries annotation
 *       {@value NodeObjects#READY_ANNOTATION} with that value (transition time when it changes);</li>
 *   <li>runs pods bound to its Nodes (Running and Ready) and finishes pods being deleted or evicted there;</li>
 *   <li>deletes the Node when the Machine is gone or its instance is {@code terminated}; a Node deleted by someone
 *       else (the Machine controller, after the instance is gone) is not registered again.</li>
 * </ul>
 * A Machine annotated {@value NodeObjects#NO_NODE_ANNOTATION}{@code : "true"} never gets a Node (an instance that
 * does not join). Work comes from three informers (Machines, Nodes, Pods) and runs on one scheduler thread, so
 * the state below needs no locks and 1000 Machines cost no thread each.
 */
public final class NodeEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeEmulator.class);
  private static final Duration ADDRESS_RETRY = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final NodeEmulatorSettings settings;
  private final NodeCapacities capacities;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final PodRunner pods;

  /** Machine key (namespace/name) → pending registration. */
  private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
  /** Machine keys whose Node was registered (or adopted): never registered twice while the Machine lives. */
  private final Map<String, String> registered = new HashMap<>();
  /** Node name → the heartbeat and readiness the emulator keeps for it. */
  private final Map<String, EmulatedNode> nodes = new HashMap<>();

  private SharedIndexInformer<Machine> machineInformer;
  private SharedIndexInformer<Node> nodeInformer;
  private SharedIndexInformer<Pod> podInformer;

  private NodeEmulator(KubernetesClient client, NodeEmulatorSettings settings, NodeCapacities capacities,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.capacities = capacities;
    this.clock = clock;
    this.scheduler = DaemonThreads.scheduler("node-emulator");
    this.pods = new PodRunner(client);
  }

  /**
   * Starts the informers and returns once their caches are filled. The caller keeps ownership of {@code client}.
   * The Machine CRD must be installed.
   */
  public static NodeEmulator start(KubernetesClient client, NodeEmulatorSettings settings,
      NodeCapacities capacities, Clock clock) {
    NodeEmulator emulator = new NodeEmulator(client, settings, capacities, clock);
    try {
      emulator.startInformers();
      return emulator;
    } catch (RuntimeException e) {
      emulator.close();
      throw e;
    }
  }

  private void startInformers() {
    nodeInformer = client.nodes().inform(handler(this::onNode, this::onNodeDeleted), 0);
    podInformer = client.pods().inAnyNamespace().inform(handler(this::onPod, key -> {}), 0);
    machineInformer = client.resources(Machine.class).inAnyNamespace()
        .inform(handler(this::onMachine, this::onMachineDeleted), 0);
    LOG.info("Node emulator running: Nodes join {} s after their Machine's providerID, heartbeat every {} s",
        settings.registerDelay().toMillis() / 1000.0, settings.heartbeatInterval().toSeconds());
  }

  /** How many Nodes the emulator plays right now. */
  public int emulatedNodes() {
    return call(nodes::size);
  }

  private static final java.util.Set<String> BOOTING_STATES = java.util.Set.of("pending", "build", "deploying",
      "provisioning");

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {machineInformer, podInformer,
        nodeInformer}) {
      if (informer != null) {
        informer.close();
      }
    }
    scheduler.shutdownNow();
  }

  // --- Machines -------------------------------------------------------------------------------------------------

  private void onMachine(String key) {
    Machine machine = machineInformer.getStore().getByKey(key);
    if (machine == null) {
      return;
    }
    if (instanceTerminated(machine)) {
      cancelPending(key);
      Optional.ofNullable(registered.get(key)).ifPresent(this::deleteNode);
      return;
    }
    if (registered.containsKey(key) || pending.containsKey(key) || !wantsNode(machine)) {
      return;
    }
    pending.put(key, scheduler.schedule(() -> register(key, clock.instant().plus(settings.addressWait())),
        settings.registerDelay().toMillis(), TimeUnit.MILLISECONDS));
  }

  private void onMachineDeleted(String key) {
    cancelPending(key);
    String nodeName = registered.remove(key);
    if (nodeName != null) {
      deleteNode(nodeName);
    }
  }

  private void register(String key, Instant addressDeadline) {
    pending.remove(key);
    Machine machine = machineInformer.getStore().getByKey(key);
    if (machine == null || !wantsNode(machine) || instanceTerminated(machine) || registered.containsKey(key)) {
      return;
    }
    if (addresses(machine).isEmpty() && clock.instant().isBefore(addressDeadline)) {
      // providerID (spec) and addresses (status) may come in separate writes; a kubelet would know its IP.
      pending.put(key, scheduler.schedule(() -> register(key, addressDeadline), ADDRESS_RETRY.toMillis(),
          TimeUnit.MILLISECONDS));
      return;
    }
    String nodeName = machine.getMetadata().getName();
    Node existing = nodeInformer.getStore().getByKey(nodeName);
    registered.put(key, nodeName);
    if (existing != null) {
      if (emulated(existing)) {
        adopt(existing);
      } else {
        LOG.warn("Machine {}: a Node {} exists that the emulator did not create; leaving it alone", key, nodeName);
      }
      return;
    }
    Instant now = clock.instant();
    Node node = NodeObjects.node(machine, capacities.resolve(machine, () -> machineSetAnnotations(machine)), now);
    try {
      client.nodes().resource(node).create();
      track(nodeName, "True", now);
      startWaitingPods(nodeName);
      LOG.debug("Node {} registered for Machine {} ({})", nodeName, key, machine.getSpec().getProviderID());
    } catch (KubernetesClientException e) {
      registered.remove(key);
      LOG.warn("Node {} for Machine {} could not register ({}); retrying", nodeName, key, e.getMessage());
      pending.put(key, scheduler.schedule(() -> register(key, addressDeadline), 1, TimeUnit.SECONDS));
    }
  }

  private boolean wantsNode(Machine machine) {
    String providerId = machine.getSpec() == null ? null : machine.getSpec().getProviderID();
    return providerId != null && !providerId.isBlank() && machine.getMetadata().getDeletionTimestamp() == null
        && !"true".equalsIgnoreCase(annotation(machine, NodeObjects.NO_NODE_ANNOTATION)) && !booting(machine);
  }

  /**
   * A kubelet registers only once its instance runs: while the Machine's instance-state annotation says the
   * instance is still booting (EC2/sim {@code pending}, Nova {@code BUILD}, Ironic {@code deploying}), wait for the
   * Machine update that changes it. Without the annotation the providerID is enough.
   */
  private static boolean booting(Machine machine) {
    String state = annotation(machine, InstanceDetails.INSTANCE_STATE_ANNOTATION);
    return state != null && BOOTING_STATES.contains(state.toLowerCase(java.util.Locale.ROOT));
  }

  private static boolean instanceTerminated(Machine machine) {
    return "terminated".equals(annotation(machine, InstanceDetails.INSTANCE_STATE_ANNOTATION));
  }

  private Map<String, String> machineSetAnnotations(Machine machine) {
    Optional<OwnerReference> owner = Optional.ofNullable(machine.getMetadata().getOwnerReferences())
        .orElse(List.of()).stream().filter(o -> "MachineSet".equals(o.getKind())).findFirst();
    if (owner.isEmpty()) {
      return Map.of();
    }
    try {
      MachineSet set = client.resources(MachineSet.class).inNamespace(machine.getMetadata().getNamespace())
          .withName(owner.get().getName()).get();
      return set == null || set.getMetadata().getAnnotations() == null ? Map.of() : set.getMetadata().getAnnotations();
    } catch (KubernetesClientException e) {
      return Map.of();
    }
  }

  private void cancelPending(String key) {
    ScheduledFuture<?> future = pending.remove(key);
    if (future != null) {
      future.cancel(false);
    }
  }

  // --- Nodes ----------------------------------------------------------------------------------------------------

  private void adopt(Node node) {
    String ready = NodeObjects.readyCondition(node).map(c -> c.getStatus()).orElse("Unknown");
    Instant since = NodeObjects.readyCondition(node).map(c -> c.getLastTransitionTime()).map(Instant::parse)
        .orElse(clock.instant());
    track(node.getMetadata().getName(), ready, since);
    onNode(node.getMetadata().getName());
    startWaitingPods(node.getMetadata().getName());
  }

  private void track(String nodeName, String ready, Instant since) {
    EmulatedNode state = new EmulatedNode(ready, since);
    // On the emulator's one thread, like all its work: a failed heartbeat is logged and the next one comes.
    state.heartbeat = PeriodicPass.on(scheduler, "Node " + nodeName + " heartbeat", settings.heartbeatInterval(),
        () -> writeStatus(nodeName, true), LOG);
    EmulatedNode previous = nodes.put(nodeName, state);
    if (previous != null) {
      previous.heartbeat.close();
    }
  }

  private void onNode(String nodeName) {
    Node node = nodeInformer.getStore().getByKey(nodeName);
    if (node == null || !emulated(node)) {
      return;
    }
    if (!nodes.containsKey(nodeName)) {
      return;
    }
    writeStatus(nodeName, false);
  }

  /** Pods bound to a Node before it registered saw no Node of ours then; one pass over the cache starts them. */
  private void startWaitingPods(String nodeName) {
    for (Pod pod : podInformer.getStore().list()) {
      if (pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName())) {
        onPod(Cache.metaNamespaceKeyFunc(pod));
      }
    }
  }

  /**
   * Writes the Ready condition when the wanted status differs from the reported one, or on a heartbeat. One
   * {@code /status} merge patch; the conditions list is replaced whole, as the kubelet's own patch does.
   */
  private void writeStatus(String nodeName, boolean heartbeat) {
    EmulatedNode state = nodes.get(nodeName);
    Node node = nodeInformer.getStore().getByKey(nodeName);
    if (state == null || node == null) {
      return;
    }
    Instant now = clock.instant();
    String wanted = NodeObjects.desiredReady(node);
    String reported = NodeObjects.readyCondition(node).map(c -> c.getStatus()).orElse("");
    if (!wanted.equals(state.ready)) {
      state.ready = wanted;
      state.since = now;
    }
    if (wanted.equals(reported) && (!heartbeat || "Unknown".equals(wanted))) {
      // An Unknown node is one whose kubelet stopped posting: its heartbeat time stands still.
      return;
    }
    try {
      PatchTargets.of(client, Node.class, null, nodeName).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          Serialization.asJson(NodeObjects.statusPatch(state.ready, state.since, now)));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("Node {} status write failed: {}", nodeName, e.getMessage());
      }
    }
  }

  private void onNodeDeleted(String nodeName) {
    EmulatedNode state = nodes.remove(nodeName);
    if (state != null) {
      state.heartbeat.close();
      LOG.debug("Node {} is gone", nodeName);
    }
  }

  private void deleteNode(String nodeName) {
    Node node = nodeInformer.getStore().getByKey(nodeName);
    if (node != null && !emulated(node)) {
      return;
    }
    onNodeDeleted(nodeName);
    try {
      client.nodes().withName(nodeName).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("Node {} could not be deleted: {}", nodeName, e.getMessage());
    }
  }

  private static boolean emulated(Node node) {
    return "true".equals(annotation(node, NodeObjects.EMULATED_ANNOTATION));
  }

  // --- Pods -----------------------------------------------------------------------------------------------------

  private void onPod(String key) {
    Pod pod = podInformer.getStore().getByKey(key);
    if (pod == null || pod.getSpec() == null || pod.getSpec().getNodeName() == null
        || !nodes.containsKey(pod.getSpec().getNodeName())) {
      return;
    }
    Node node = nodeInformer.getStore().getByKey(pod.getSpec().getNodeName());
    String hostIp = node == null || node.getStatus() == null ? "" : Optional.ofNullable(node.getStatus()
        .getAddresses()).orElse(List.of()).stream().filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress).findFirst().orElse("");
    pods.handle(pod, hostIp, clock.instant());
  }

  // --- plumbing -------------------------------------------------------------------------------------------------

  private static List<?> addresses(Machine machine) {
    return machine.getStatus() == null || machine.getStatus().getAddresses() == null ? List.of()
        : machine.getStatus().getAddresses();
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** Informer callbacks only hand the object's key to the scheduler thread, which reads the latest cached state. */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<String> changed,
      Consumer<String> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        submit(() -> changed.accept(Cache.metaNamespaceKeyFunc(obj)));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        submit(() -> changed.accept(Cache.metaNamespaceKeyFunc(newObj)));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        submit(() -> deleted.accept(Cache.metaNamespaceKeyFunc(obj)));
      }
    };
  }

  private void submit(Runnable task) {
    if (!scheduler.isShutdown()) {
      try {
        scheduler.execute(() -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("Node emulator task failed", e);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> query) {
    try {
      return scheduler.submit(query).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node emulator did not answer", e);
    }
  }

  /** What the emulator keeps per Node; touched only on the scheduler thread. */
  private static final class EmulatedNode {
    String ready;
    Instant since;
    PeriodicPass heartbeat;

    EmulatedNode(String ready, Instant since) {
      this.ready = Objects.requireNonNull(ready);
      this.since = since;
    }
  }
}
