package io.machineapi.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/** Heap use of this JVM (API server, controllers, simulated cloud and node emulator all run in it). */
final class HeapPeak {
  private HeapPeak() {}

  static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peak usage since {@link #reset()}, in MiB (an upper bound of the live peak). */
  static long peakMiB() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  /**
   * Heap in use right after a full collection ({@link System#gc()}, twice so objects freed by the first one's
   * reference processing go too), in MiB: what this JVM keeps reachable, without garbage not yet collected. Each
   * heap pool's usage as of the end of its last collection, so allocation after the collection does not count.
   */
  static long usedAfterGcMiB() {
    System.gc();
    System.gc();
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterGc != null) {
        bytes += afterGc.getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }
}
