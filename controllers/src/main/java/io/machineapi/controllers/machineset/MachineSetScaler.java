package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.events.EventRecorder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes Machines toward {@code spec.replicas}: at most
 * {@code maxInFlight} calls in flight, each recorded in {@link Expectations} so the next pass waits for the informer
 * instead of acting twice, and an Event for each result.
 */
final class MachineSetScaler {
  private static final Logger LOG = LoggerFactory.getLogger(MachineSetScaler.class);
  static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
  static final String FAILED_CREATE = "FailedCreate";
  static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
  static final String FAILED_DELETE = "FailedDelete";

  private final MachineWrites writes;
  private final BoundedCalls calls;
  private final Expectations expectations;
  private final EventRecorder events;

  MachineSetScaler(MachineWrites writes, BoundedCalls calls, Expectations expectations, EventRecorder events) {
    this.writes = writes;
    this.calls = calls;
    this.expectations = expectations;
    this.events = events;
  }

  /** @return how many creates failed */
  int create(MachineSet set, int count) throws InterruptedException {
    String setKey = setKey(set);
    int ok = calls.slowStart(count, () -> {
      try {
        Machine created = writes.create(MachineFromTemplate.build(set));
        expectations.expectCreate(setKey, created.getMetadata().getNamespace(), created.getMetadata().getName());
        events.normal(set, SUCCESSFUL_CREATE, "Created machine " + created.getMetadata().getName());
        return true;
      } catch (KubernetesClientException e) {
        LOG.warn("MachineSet {} could not create a Machine: {}", setKey, e.getMessage());
        events.warning(set, FAILED_CREATE, "Error creating machine: " + e.getMessage());
        return false;
      }
    });
    if (ok < count) {
      LOG.info("MachineSet {} created {} of {} Machines; retrying the rest with backoff", setKey, ok, count);
    }
    return count - ok;
  }

  /** @return how many deletes failed */
  int delete(MachineSet set, List<Machine> victims) throws InterruptedException {
    String setKey = setKey(set);
    int ok = calls.all(victims, machine -> {
      String namespace = machine.getMetadata().getNamespace();
      String name = machine.getMetadata().getName();
      // Recorded before the call: a delete cannot be observed before it is issued, and the event may be quick.
      expectations.expectDelete(setKey, namespace, name);
      try {
        writes.delete(machine);
        events.normal(set, SUCCESSFUL_DELETE, "Deleted machine " + name);
        return true;
      } catch (KubernetesClientException e) {
        expectations.cancel(namespace, name);
        LOG.warn("MachineSet {} could not delete Machine {}: {}", setKey, name, e.getMessage());
        events.warning(set, FAILED_DELETE, "Error deleting machine " + name + ": " + e.getMessage());
        return false;
      }
    });
    return victims.size() - ok;
  }

  static String setKey(MachineSet set) {
    return Expectations.key(set.getMetadata().getNamespace(), set.getMetadata().getName());
  }
}
