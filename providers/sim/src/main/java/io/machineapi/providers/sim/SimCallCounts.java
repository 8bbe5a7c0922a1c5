package io.machineapi.providers.sim;

/**
 * How often the simulated cloud was called, for the sandbox and the benchmark's "provider calls per machine".
 * Every call counts, also one that was throttled or failed.
 *
 * @param creates {@code create} calls
 * @param describes {@code describe} calls (batches)
 * @param describedMachines Machines asked about over all {@code describe} calls
 * @param deletes {@code delete} calls
 * @param launches instances actually launched
 * @param throttled calls answered THROTTLED
 * @param failedLaunches launches that failed transiently
 * @param insufficientCapacity creates refused with INSUFFICIENT_CAPACITY
 */
public record SimCallCounts(long creates, long describes, long describedMachines, long deletes, long launches,
    long throttled, long failedLaunches, long insufficientCapacity) {

  /** Every call to the cloud: creates, describes and deletes. */
  public long total() {
    return creates + describes + deletes;
  }
}
