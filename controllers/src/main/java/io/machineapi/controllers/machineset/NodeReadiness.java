package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.machineapi.api.machine.v1beta1.Machine;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a Machine's Node (named by {@code status.nodeRef}) is Ready, and since when. No nodeRef, a missing Node
 * and Ready False/Unknown all count as not ready.
 *
 * @param ready Node condition Ready is True
 * @param since the Ready condition's {@code lastTransitionTime}; null when not ready or not recorded
 */
public record NodeReadiness(boolean ready, Instant since) {
  private static final NodeReadiness NOT_READY = new NodeReadiness(false, null);

  /** @param nodes looks a Node up by name (the Node informer's cache) */
  public static NodeReadiness of(Machine machine, Function<String, Optional<Node>> nodes) {
    if (machine.getStatus() == null || machine.getStatus().getNodeRef() == null
        || machine.getStatus().getNodeRef().getName() == null) {
      return NOT_READY;
    }
    return nodes.apply(machine.getStatus().getNodeRef().getName()).map(NodeReadiness::of).orElse(NOT_READY);
  }

  static NodeReadiness of(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return NOT_READY;
    }
    for (NodeCondition condition : node.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus())
            ? new NodeReadiness(true, parse(condition.getLastTransitionTime())) : NOT_READY;
      }
    }
    return NOT_READY;
  }

  private static Instant parse(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
