package io.machineapi.controllers.drain;

/**
 * Drains a Node the way {@code kubectl drain} does, one <em>non-blocking</em> pass at a time: cordon, then evict
 * what may be evicted through the Eviction API (so PodDisruptionBudgets are honoured), and report. The caller
 * (the Machine controller's deletion sequence) calls it again after {@link DrainResult.Pending#recheckAfter()} until
 * it answers {@link DrainResult.Complete}. The caller owns the drain timeout, the exclude-draining annotation and the
 * "no nodeRef" case; the drainer owns everything about the Node and its pods.
 */
public interface NodeDrainer {

  /**
   * One drain pass over {@code request.nodeName()}. Never blocks waiting for pods to terminate.
   *
   * @return {@link DrainResult.Complete} when nothing evictable is left on the Node (or the Node does not exist);
   *     {@link DrainResult.Pending} while pods are terminating or an eviction was refused (429, PDB);
   *     {@link DrainResult.Failed} when a pass could not run (cordon failed, API error)
   */
  DrainResult drain(DrainRequest request);
}
