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

  /** What the recent tasks say about a clone named {@code vmName} that may be running. */
  sealed interface CloneSearch permits None, Found, Unknown {}

  /** No running clone makes that VM. */
  record None() implements CloneSearch {}

  /** This running task clones that VM. */
  record Found(String taskRef) implements CloneSearch {}

  /** A running clone whose target name vCenter's events do not tell: it may be this VM's. */
  record Unknown(String taskRef) implements CloneSearch {}

  static List<TaskInfo> runningClones(List<TaskInfo> recent) {
    return recent.stream().filter(t -> isClone(t) && unfinished(t)).toList();
  }

  /**
   * Matches running clone tasks to the VmBeingClonedEvents of their event chains: a task whose event names
   * {@code vmName} is that VM's clone; a task without such an event is unknown.
   */
  static CloneSearch match(List<TaskInfo> runningClones, List<Event> events, String vmName) {
    Optional<String> unknown = Optional.empty();
    for (TaskInfo t : runningClones) {
      Optional<VmBeingClonedEvent> event = events.stream().filter(VmBeingClonedEvent.class::isInstance)
          .map(VmBeingClonedEvent.class::cast).filter(e -> e.getChainId() == t.getEventChainId()).findFirst();
      String ref = t.getTask() != null ? t.getTask().getVal() : t.getKey();
      if (event.isEmpty()) {
        unknown = unknown.or(() -> Optional.of(ref));
      } else if (vmName.equals(event.get().getDestName())) {
        return new Found(ref);
      }
    }
    return unknown.<CloneSearch>map(Unknown::new).orElse(new None());
  }
}
