package io.machineapi.autoscaler.core;

import java.time.Instant;

/**
 * A Machine of a node group.
 *
 * @param nodeName the linked Node, or null while it has none
 * @param failed phase Failed or an errorReason set
 */
public record GroupMachine(String name, String nodeName, boolean failed, boolean deleting, Instant created) {}
