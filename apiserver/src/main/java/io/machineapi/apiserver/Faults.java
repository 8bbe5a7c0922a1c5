package io.machineapi.apiserver;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Failures the embedded API answers on purpose, so tests can prove that controllers survive an API server that
 * fails requests (a 500 on every Machine status write for a minute, a 429 storm). A matching request is answered
 * with a Kubernetes {@code Status} of the given code and is not processed. Empty unless a test adds a rule.
 *
 * <p>In the server rather than testkit's {@code FaultProxy} in front of it: that proxy buffers whole responses, so
 * the controllers' watches could not stream through it.
 */
public final class Faults {

  /**
   * One rule: requests with this method whose path (with query) matches the pattern fail with {@code code}.
   *
   * @param hits how many requests it has failed so far
   */
  public record Rule(String method, Pattern path, int code, String reason, String message, AtomicInteger hits) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /**
   * Fails every request of {@code method} (e.g. {@code PATCH}) whose path matches {@code pathRegex} (searched, not
   * anchored) with {@code code} until {@link #remove} or {@link #clear}.
   */
  public Rule fail(String method, String pathRegex, int code, String reason, String message) {
    Rule rule = new Rule(method.toUpperCase(java.util.Locale.ROOT), Pattern.compile(pathRegex), code, reason,
        message, new AtomicInteger());
    rules.add(rule);
    return rule;
  }

  public void remove(Rule rule) {
    rules.remove(rule);
  }

  public void clear() {
    rules.clear();
  }

  /** The first rule matching the request, if any. */
  Optional<Rule> match(String method, String path) {
    for (Rule rule : rules) {
      if (rule.method().equals(method) && rule.path().matcher(path).find()) {
        rule.hits().incrementAndGet();
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
