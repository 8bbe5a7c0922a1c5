package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one drain pass saw and did, turned into its {@link DrainResult}: any eviction error fails the pass; else
 * anything still on the way (terminating or just evicted pods, refused evictions, pods waited for) makes it
 * {@link DrainResult.Pending} with the shortest recheck among them; else the drain is complete.
 */
final class DrainPassTally {

  static final String COMPLETE_MESSAGE = "Drain finished successfully";
  /** kubectl retries a refused eviction after 5 s. */
  static final Duration REFUSED_RECHECK = Duration.ofSeconds(5);
  /** Terminating pods usually go within their grace period; look again soon. */
  static final Duration TERMINATING_RECHECK = Duration.ofSeconds(2);
  /** Pods waited for to complete (batch work) take long; no need to look often. */
  static final Duration COMPLETION_RECHECK = Duration.ofSeconds(20);
  private static final int NAMES_SHOWN = 3;
  private static final String NAMES = ", ";
  private static final String SENTENCES = "; ";

  private final List<String> terminating = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final List<String> awaitingCompletion = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private int evicted;

  /** A pod that was terminating before this pass. */
  void terminating(Pod pod) {
    terminating.add(ref(pod));
  }

  void awaitingCompletion(Pod pod) {
    awaitingCompletion.add(ref(pod));
  }

  void eviction(Pod pod, PodEvictor.Attempt attempt) {
    switch (attempt.outcome()) {
      case EVICTED -> {
        evicted++;
        terminating.add(ref(pod));
      }
      case GONE -> { }
      case REFUSED -> refusals.add(attempt.detail());
      case ERROR -> errors.add(attempt.detail());
      default -> throw new IllegalStateException("unknown outcome " + attempt.outcome());
    }
  }

  int evicted() {
    return evicted;
  }

  DrainResult result() {
    if (!errors.isEmpty()) {
      return new DrainResult.Failed(abbreviated(errors, SENTENCES));
    }
    List<String> waits = new ArrayList<>();
    Optional<Duration> recheck = Optional.empty();
    if (!terminating.isEmpty()) {
      waits.add(count(terminating.size()) + " terminating (" + abbreviated(terminating, NAMES) + ")");
      recheck = shorter(recheck, TERMINATING_RECHECK);
    }
    if (!refusals.isEmpty()) {
      waits.add(abbreviated(refusals, SENTENCES));
      recheck = shorter(recheck, REFUSED_RECHECK);
    }
    if (!awaitingCompletion.isEmpty()) {
      waits.add(count(awaitingCompletion.size()) + " labelled " + PodFilters.DRAIN_LABEL + "="
          + PodFilters.DRAIN_WAIT_COMPLETED + " not completed (" + abbreviated(awaitingCompletion, NAMES) + ")");
      recheck = shorter(recheck, COMPLETION_RECHECK);
    }
    return recheck.<DrainResult>map(after -> new DrainResult.Pending(String.join(SENTENCES, waits), after))
        .orElseGet(() -> new DrainResult.Complete(COMPLETE_MESSAGE));
  }

  private static Optional<Duration> shorter(Optional<Duration> current, Duration candidate) {
    return Optional.of(current.filter(c -> c.compareTo(candidate) <= 0).orElse(candidate));
  }

  private static String count(int n) {
    return n == 1 ? "1 pod" : n + " pods";
  }

  /** Joins at most {@value #NAMES_SHOWN} items, so conditions and log lines stay short on Nodes with many pods. */
  private static String abbreviated(List<String> items, String separator) {
    if (items.size() <= NAMES_SHOWN) {
      return String.join(separator, items);
    }
    return String.join(separator, items.subList(0, NAMES_SHOWN)) + " and " + (items.size() - NAMES_SHOWN) + " more";
  }

  static String ref(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
