package io.machineapi.controllers.machine;

import java.time.Duration;
import java.util.Objects;

/**
 * What one step of a Machine reconcile decided: go on to the next step, stop and come back after a delay, or stop
 * and wait for a watch event (a hook removed, a Node changed, our own status write).
 */
sealed interface PhaseResult {

  /** Run the next step. */
  record Proceed() implements PhaseResult {}

  /** Stop this pass; reconcile again after {@code after}. */
  record Requeue(Duration after) implements PhaseResult {
    public Requeue {
      Objects.requireNonNull(after, "after");
    }
  }

  /** Stop this pass; a watch event resumes the Machine. {@code waitingFor} is for the log line. */
  record Wait(String waitingFor) implements PhaseResult {
    public Wait {
      Objects.requireNonNull(waitingFor, "waitingFor");
    }
  }

  PhaseResult PROCEED = new Proceed();

  static PhaseResult proceed() {
    return PROCEED;
  }

  static PhaseResult requeue(Duration after) {
    return new Requeue(after);
  }

  static PhaseResult waitFor(String what) {
    return new Wait(what);
  }
}
