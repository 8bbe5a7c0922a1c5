package io.machineapi.providers.vsphere;

import com.vmware.vim25.Event;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VmBeingClonedEvent;
import java.util.List;
import java.util.Optional;

/** What the provider reads from vCenter task infos (pure; the calls are the provider's). */
final class Tasks {
  private Tasks() {}

  /** Queued or running. */
  static boolean unfinished(TaskInfo info) {
    return info.getState() == TaskInfoState.queued || info.getState() == TaskInfoState.running;
  }

  static boolean failed(TaskInfo info) {
    return info.getState() == TaskInfoState.error;
  }

  /** A Destroy_Task of a VM that succeeded (vCenter and vcsim: {@code VirtualMachine.destroy}). */
  static boolean destroyedVm(TaskInfo info) {
    String id = info.getDescriptionId() == null ? "" : info.getDescriptionId();
    String name = info.getName() == null ? "" : info.getName();
    return info.getState() == TaskInfoState.success
        && (id.equals("VirtualMachine.destroy") || name.equalsIgnoreCase("Destroy_Task"));
  }

  /** A CloneVM_Task (vCenter: {@code VirtualMachine.clone}; vcsim: {@code VirtualMachine.cloneVm}). */
  static boolean isClone(TaskInfo info) {
    String id = info.getDescriptionId() == null ? "" : info.getDescriptionId();
    String name = info.getName() == null ? "" : info.getName();
    return id.equals("VirtualMachine.clone") || id.equals("VirtualMachine.cloneVm")
        || name.equalsIgnoreCase("CloneVM_Task") || name.equalsIgnoreCase("CloneVm");
  }

  /** A readable name of the task for messages, e.g. {@code VirtualMachine.clone}. */
  static String label(TaskInfo info) {
    return info.getDescriptionId() != null ? info.getDescriptionId() : String.valueOf(info.getName());
  }

  static List<TaskInfo> runningClones(List<TaskInfo> recent) {
    return recent.stream().filter(t -> isClone(t) && unfinished(t)).toList();
  }

  /**
   * The running clone task that makes VM {@code vmName}: vCenter logs a VmBeingClonedEvent naming the new VM in the
   * event chain of each clone task. A running clone without such an event cannot be attributed and is not this
   * VM's (waiting for it could block every create behind one stuck task).
   */
  static Optional<String> cloneOf(List<TaskInfo> runningClones, List<Event> events, String vmName) {
    for (TaskInfo t : runningClones) {
      boolean named = events.stream().filter(VmBeingClonedEvent.class::isInstance)
          .map(VmBeingClonedEvent.class::cast)
          .anyMatch(e -> e.getChainId() == t.getEventChainId() && vmName.equals(e.getDestName()));
      if (named) {
        return Optional.of(t.getTask() != null ? t.getTask().getVal() : t.getKey());
      }
    }
    return Optional.empty();
  }
}
