package io.machineapi.controllers;


/**
 * How every controller retries a reconcile that threw (a Secret read that failed, a status write answered 500, a
 * Node patch refused): forever, with capped exponential backoff, like controller-runtime's rate-limited work queue
 * — never "five attempts, then nothing until an unrelated event". Each reconciler carries
 * {@code @GradualRetry(maxAttempts = ControllerRetry.FOREVER, initialInterval = ControllerRetry.INITIAL_MILLIS,
 * intervalMultiplier = ControllerRetry.MULTIPLIER, maxInterval = ControllerRetry.MAX_MILLIS)}; a successful reconcile
 * resets the backoff.
 */
public final class ControllerRetry {
  /** JOSDK's "no attempt limit". */
  public static final int FOREVER = -1;
  public static final long INITIAL_MILLIS = 500;
  public static final double MULTIPLIER = 2.0;
  /** Five minutes, the Machine controller's longest provider backoff too. */
  public static final long MAX_MILLIS = 300_000;

  private ControllerRetry() {}
}
