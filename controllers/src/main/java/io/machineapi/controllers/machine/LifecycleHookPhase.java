package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.LifecycleHook;
import io.machineapi.api.machine.v1beta1.LifecycleHooks;
import io.machineapi.controllers.events.EventRecorder;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds deletion while hooks of one kind are present: the condition ({@code Drainable} or
 * {@code Terminable}) is False/HookPresent (set by {@link MachineWriter} when the pass writes the status), an Event is
 * recorded, and there is no requeue: removing the hook is a spec change that wakes the Machine.
 */
final class LifecycleHookPhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHookPhase.class);

  private final String eventReason;
  private final Function<LifecycleHooks, List<LifecycleHook>> hooksOf;
  private final boolean skipOnceDrained;
  private final EventRecorder events;

  private LifecycleHookPhase(String eventReason,
      Function<LifecycleHooks, List<LifecycleHook>> hooksOf, boolean skipOnceDrained, EventRecorder events) {
    this.eventReason = eventReason;
    this.hooksOf = hooksOf;
    this.skipOnceDrained = skipOnceDrained;
    this.events = events;
  }

  /** preDrain hooks hold the drain (not consulted again once {@code Drained=True}). */
  static LifecycleHookPhase preDrain(EventRecorder events) {
    return new LifecycleHookPhase("DrainBlocked", LifecycleHooks::getPreDrain, true, events);
  }

  /** preTerminate hooks hold the instance deletion. */
  static LifecycleHookPhase preTerminate(EventRecorder events) {
    return new LifecycleHookPhase("TerminationBlocked", LifecycleHooks::getPreTerminate, false, events);
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (skipOnceDrained && scope.conditionIs(MachineConditionTypes.DRAINED, Condition.TRUE)) {
      return PhaseResult.proceed();
    }
    LifecycleHooks hooks = scope.machine().getSpec() == null ? null : scope.machine().getSpec().getLifecycleHooks();
    List<LifecycleHook> present = hooks == null ? null : hooksOf.apply(hooks);
    if (present == null || present.isEmpty()) {
      return PhaseResult.proceed();
    }
    String names = String.join(", ", present.stream().map(h -> h.getName() + " (" + h.getOwner() + ")").toList());
    // Passes happen only on watch events here (no requeue), and repeats aggregate into one Event's count.
    events.normal(scope.machine(), eventReason, "Waiting for lifecycle hook(s) to be removed: " + names);
    LOG.info("Machine {}: waiting for lifecycle hook(s) {} to be removed", scope.key(), names);
    return PhaseResult.waitFor("lifecycle hooks " + names + " to be removed");
  }
}
