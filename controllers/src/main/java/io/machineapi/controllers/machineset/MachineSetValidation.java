package io.machineapi.controllers.machineset;

import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import java.util.Map;

/**
 * A MachineSet is usable when {@code spec.replicas} is set and its selector is valid, non-empty and matches
 * {@code template.metadata.labels}; otherwise nothing may be created, since the new Machines would not be counted
 * and the set would create without end.
 */
public final class MachineSetValidation {
  private MachineSetValidation() {}

  /** The outcome of validating a MachineSet. */
  public sealed interface Result permits Valid, Invalid {}

  /** Usable; carries the parsed selector. */
  public record Valid(MachineSelector selector, int replicas) implements Result {}

  /** Not usable; {@code message} names the field. */
  public record Invalid(String message) implements Result {}

  public static Result validate(MachineSet set) {
    MachineSetSpec spec = set.getSpec();
    if (spec == null) {
      return new Invalid("spec must be set");
    }
    if (spec.getReplicas() == null) {
      return new Invalid("spec.replicas must be set");
    }
    MachineSelector selector = MachineSelector.of(spec.getSelector());
    var problem = selector.problem();
    if (problem.isPresent()) {
      return new Invalid(problem.get());
    }
    Map<String, String> templateLabels = spec.getTemplate() == null || spec.getTemplate().getMetadata() == null
        ? Map.of() : spec.getTemplate().getMetadata().getLabels();
    if (!selector.matches(templateLabels)) {
      return new Invalid("spec.template.metadata.labels " + (templateLabels == null ? Map.of() : templateLabels)
          + " do not match spec.selector " + selector.canonical());
    }
    return new Valid(selector, spec.getReplicas());
  }
}
