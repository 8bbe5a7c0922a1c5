package io.machineapi.autoscaler.core;

import java.time.Instant;

/**
 * A scale-up this autoscaler issued and is waiting on: the group should reach {@code targetSize} registered nodes by
 * {@code expectedBy} (now + max-node-provision-time), else it is reverted and the group backed off.
 */
public record ScaleUpRequest(String group, int fromSize, int targetSize, Instant requestedAt, Instant expectedBy) {}
