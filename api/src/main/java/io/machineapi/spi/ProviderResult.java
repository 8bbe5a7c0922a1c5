package io.machineapi.spi;

/**
 * The answer to a provider call about one Machine: either an observed {@link InstanceState} or {@link NotYet}.
 *
 * <p>Failures are not results: they are thrown as a {@link ProviderException}. That keeps "not yet" (a planned wait
 * that must not be logged as an error, count as a failure or trip a backoff) apart from failures by type.
 */
public sealed interface ProviderResult permits InstanceState, NotYet {}
