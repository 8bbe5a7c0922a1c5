package io.machineapi.providers.sim;

import java.util.concurrent.atomic.LongAdder;

/** Live counters behind {@link SimCallCounts}; cheap under concurrent reconciles. */
final class SimCallCounters {

  final LongAdder creates = new LongAdder();
  final LongAdder describes = new LongAdder();
  final LongAdder describedMachines = new LongAdder();
  final LongAdder deletes = new LongAdder();
  final LongAdder launches = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder failedLaunches = new LongAdder();
  final LongAdder insufficientCapacity = new LongAdder();

  SimCallCounts snapshot() {
    return new SimCallCounts(creates.sum(), describes.sum(), describedMachines.sum(), deletes.sum(), launches.sum(),
        throttled.sum(), failedLaunches.sum(), insufficientCapacity.sum());
  }
}
