package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Machines of a namespace and the Nodes, as watches report them. Watches rather than lists: polling 1000 Machines
 * and Nodes would load the API being measured. Raw watches rather than informers: it keeps a name or two per object
 * instead of a copy of each, so it hardly adds to the heap the lifecycle benchmark measures. Start it before the
 * Machines and Nodes exist (a watch reports changes from the moment it starts).
 */
final class MachineWatch implements AutoCloseable {
  /** Machine name → the Node it links while Running, else "". */
  private final Map<String, String> machines = new ConcurrentHashMap<>();
  private final Set<String> readyNodes = ConcurrentHashMap.newKeySet();
  private final Watch machineWatch;
  private final Watch nodeWatch;
  private volatile WatcherException failure;

  MachineWatch(KubernetesClient client, String namespace) {
    machineWatch = client.resources(Machine.class).inNamespace(namespace).watch(watcher(this::machineChanged));
    nodeWatch = client.nodes().watch(watcher(this::nodeChanged));
  }

  int machines() {
    checkOpen();
    return machines.size();
  }

  /** Machines in phase Running whose linked Node is Ready. */
  int runningWithReadyNode() {
    checkOpen();
    return (int) machines.values().stream().filter(node -> !node.isEmpty() && readyNodes.contains(node)).count();
  }

  private void machineChanged(Watcher.Action action, Machine machine) {
    String name = machine.getMetadata().getName();
    if (action == Watcher.Action.DELETED) {
      machines.remove(name);
    } else if (action == Watcher.Action.ADDED || action == Watcher.Action.MODIFIED) {
      boolean running = machine.getStatus() != null && MachinePhases.RUNNING.equals(machine.getStatus().getPhase())
          && machine.getStatus().getNodeRef() != null;
      machines.put(name, running ? machine.getStatus().getNodeRef().getName() : "");
    }
  }

  private void nodeChanged(Watcher.Action action, Node node) {
    String name = node.getMetadata().getName();
    boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    if (action == Watcher.Action.DELETED || action == Watcher.Action.MODIFIED && !ready) {
      readyNodes.remove(name);
    } else if ((action == Watcher.Action.ADDED || action == Watcher.Action.MODIFIED) && ready) {
      readyNodes.add(name);
    }
  }

  private <T> Watcher<T> watcher(BiConsumer<Watcher.Action, T> onEvent) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        onEvent.accept(action, resource);
      }

      @Override
      public void onClose(WatcherException cause) {
        failure = cause;
      }
    };
  }

  private void checkOpen() {
    if (failure != null) {
      throw new IllegalStateException("a watch closed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() {
    machineWatch.close();
    nodeWatch.close();
  }
}
