package io.machineapi.controllers.drain;

import java.util.Objects;

/**
 * What to drain.
 *
 * @param nodeName the Node ({@code Machine.status.nodeRef.name})
 * @param machine {@code namespace/name} of the Machine being deleted, for Events and log lines
 */
public record DrainRequest(String nodeName, String machine) {
  public DrainRequest {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(machine, "machine");
  }
}
