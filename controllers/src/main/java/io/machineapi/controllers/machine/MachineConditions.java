package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sets conditions on a status' condition list; {@code lastTransitionTime} moves only when {@code status} changes. */
public final class MachineConditions {
  private MachineConditions() {}

  /**
   * Returns {@code conditions} (a new list when {@code conditions} is null) with the condition of {@code type}
   * replaced at its position, or appended.
   */
  public static List<Condition> set(List<Condition> conditions, Condition wanted, Clock clock) {
    List<Condition> result = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    Condition existing = find(result, wanted.getType());
    if (existing != null && Objects.equals(existing.getStatus(), wanted.getStatus())) {
      wanted.setLastTransitionTime(existing.getLastTransitionTime());
    } else {
      wanted.setLastTransitionTime(Instant.now(clock).toString());
    }
    if (Condition.TRUE.equals(wanted.getStatus())) {
      wanted.setSeverity(null);
    }
    // Replace in place: a condition keeps its position, so re-setting the same conditions in another order
    // produces the same list and no status write.
    int index = existing == null ? -1 : result.indexOf(existing);
    if (index >= 0) {
      result.set(index, wanted);
    } else {
      result.add(wanted);
    }
    return result;
  }

  /** The condition of {@code type}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
