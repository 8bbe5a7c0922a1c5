package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes for the Machine cache. A pass triggered by the event of an earlier write of ours may see the
 * informer's copy from before a later write of ours; building on it would undo that write (a status merge patch
 * replaces the conditions list whole) and cost an extra write. So every write's answer is remembered with the
 * resourceVersions it superseded, and a pass starts from our answer while the cache still shows a superseded one.
 * A resourceVersion we never saw is someone else's newer write: the cache wins. An entry is dropped once the cache
 * has caught up.
 *
 * <p>Not JOSDK's temporary resource cache ({@code ControllerEventSource.handleRecentResourceUpdate}, what
 * {@code PrimaryUpdateAndCacheUtils} fills): in 5.2.3 the controller's own event source does not compare
 * resourceVersions, so any informer event for the Machine, an older one included, drops the cached answer. A pass
 * that writes metadata and then status is then woken by its first write's event and reads that copy. With it in
 * place of this class the lifecycle benchmark measured 13.8 writes per Machine instead of 10.0 (300 Machines).
 */
final class RecentWrites {
  private record Written(Machine latest, Set<String> superseded) {}

  private final Map<String, Written> byUid = new ConcurrentHashMap<>();

  /** Records that a write based on {@code baseVersion} returned {@code result}. */
  void wrote(String baseVersion, Machine result) {
    byUid.compute(result.getMetadata().getUid(), (uid, previous) -> {
      Set<String> superseded = previous == null ? new HashSet<>() : new HashSet<>(previous.superseded());
      if (previous != null) {
        superseded.add(previous.latest().getMetadata().getResourceVersion());
      }
      if (baseVersion != null) {
        superseded.add(baseVersion);
      }
      return new Written(result, superseded);
    });
  }

  /** The newest Machine known: {@code cached}, or a copy of our last write's answer when the cache lags behind it. */
  Machine freshest(Machine cached) {
    String uid = cached.getMetadata().getUid();
    Written written = byUid.get(uid);
    if (written == null) {
      return cached;
    }
    String version = cached.getMetadata().getResourceVersion();
    if (written.superseded().contains(version)) {
      return Serialization.clone(written.latest());
    }
    byUid.remove(uid, written);
    return cached;
  }

  void forget(String uid) {
    byUid.remove(uid);
  }
}
