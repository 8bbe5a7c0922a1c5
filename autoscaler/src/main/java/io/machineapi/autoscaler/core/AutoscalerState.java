package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.Map;

/**
 * What the autoscaler remembers between passes; the core takes it in and hands back the next one (it never mutates
 * it), so a pass is a pure function of (snapshot, state, settings, now).
 *
 * @param unneededSince node name → when it was first seen unneeded
 * @param backoffs node-group id → its backoff
 * @param requests node-group id → the scale-up in flight
 */
public record AutoscalerState(Instant lastScaleUp, Instant lastScaleDown, Instant lastScaleDownFailure,
    Map<String, Instant> unneededSince, Map<String, Backoff> backoffs, Map<String, ScaleUpRequest> requests) {

  public static final AutoscalerState EMPTY = new AutoscalerState(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
      Map.of(), Map.of(), Map.of());

  public AutoscalerState withScaleDownFailure(Instant when) {
    return new AutoscalerState(lastScaleUp, lastScaleDown, when, unneededSince, backoffs, requests);
  }

  public AutoscalerState withBackoffs(Map<String, Backoff> next) {
    return new AutoscalerState(lastScaleUp, lastScaleDown, lastScaleDownFailure, unneededSince, Map.copyOf(next),
        requests);
  }

  public AutoscalerState withRequests(Map<String, ScaleUpRequest> next) {
    return new AutoscalerState(lastScaleUp, lastScaleDown, lastScaleDownFailure, unneededSince, backoffs,
        Map.copyOf(next));
  }
}
