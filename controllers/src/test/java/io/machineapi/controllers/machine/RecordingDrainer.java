package io.machineapi.controllers.machine;

import io.machineapi.controllers.drain.DrainRequest;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.controllers.drain.NodeDrainer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A NodeDrainer test double: records requests and answers Pending a given number of times, then Complete. */
final class RecordingDrainer implements NodeDrainer {
  final List<DrainRequest> requests = new CopyOnWriteArrayList<>();
  /** Nodes whose first drain pass fails (as when cordoning fails). */
  final java.util.Set<String> failFirstPass = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final int pendingPasses;

  /** @param pendingPasses how many passes answer Pending before Complete ({@code Integer.MAX_VALUE}: never done) */
  RecordingDrainer(int pendingPasses) {
    this.pendingPasses = pendingPasses;
  }

  long callsFor(String node) {
    return requests.stream().filter(r -> r.nodeName().equals(node)).count();
  }

  @Override
  public DrainResult drain(DrainRequest request) {
    requests.add(request);
    if (failFirstPass.contains(request.nodeName()) && callsFor(request.nodeName()) == 1) {
      return new DrainResult.Failed("cordon failed: connection refused");
    }
    if (callsFor(request.nodeName()) <= pendingPasses) {
      return new DrainResult.Pending("1 pod terminating on " + request.nodeName(), Duration.ofMillis(300));
    }
    return new DrainResult.Complete("evicted 1 pod");
  }
}
