package io.machineapi.controllers.machine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last metadata patch sent to each Node and the Node resourceVersion it was computed from. A pass
 * that runs before the Node cache has seen that patch (the Machine's own status write triggers it) computes the
 * same patch from the same resourceVersion again; sending it would be a second, useless Node write.
 */
final class NodePatchEchoes {
  private final Map<String, String> sent = new ConcurrentHashMap<>();

  /** Whether {@code patch}, computed from the Node at {@code resourceVersion}, was already sent. */
  boolean alreadySent(String nodeName, String resourceVersion, String patch) {
    return (resourceVersion + "\n" + patch).equals(sent.get(nodeName));
  }

  void sent(String nodeName, String resourceVersion, String patch) {
    sent.put(nodeName, resourceVersion + "\n" + patch);
  }

  /** The Node matches its Machine: nothing in flight to remember. */
  void settled(String nodeName) {
    sent.remove(nodeName);
  }
}
