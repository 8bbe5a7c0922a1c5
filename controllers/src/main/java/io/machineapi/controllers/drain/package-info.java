/**
 * Node drain for Machine deletion: {@link io.machineapi.controllers.drain.NodeDrainer} is the contract the Machine
 * controller's deletion sequence calls, {@link io.machineapi.controllers.drain.EvictionNodeDrainer} the
 * implementation.
 *
 * <p>A drain is a series of non-blocking passes; each cordons the Node ({@code spec.unschedulable=true}), lists
 * the pods bound to it and evicts through the Eviction API (policy/v1) every pod that no rule in
 * {@code PodFilters} claims, as {@code kubectl drain --force --ignore-daemonsets --delete-emptydir-data} does:
 * pods without a controller and pods with emptyDir volumes are evicted too. Left alone: mirror (static) pods,
 * DaemonSet pods, finished (Succeeded/Failed) pods — kubectl would evict those as well; they hold nothing and the
 * pod garbage collector removes them with the Node — and pods labelled {@code cluster.x-k8s.io/drain=skip}. Pods
 * labelled {@code cluster.x-k8s.io/drain=wait-completed} are not evicted but waited for until they finish. A pass
 * answers {@code Pending} while pods are terminating (including those it just evicted) or an eviction is refused
 * (HTTP 429, normally a PodDisruptionBudget, whose message names the pod and the budget), {@code Failed} if the
 * cordon or an API call fails, and {@code Complete} once nothing is left to evict or wait for, or when the Node
 * does not exist. On an unreachable Node (Ready {@code Unknown}) evictions use the configured short grace period
 * and pods terminating for longer than it are not waited for, since no kubelet will confirm their end; budgets
 * still apply. A control-plane Node is not cordoned while another control-plane Node is cordoned (OpenShift's
 * one-at-a-time rule); a Node already cordoned always proceeds. Evictions are sent without the client's automatic
 * retries, so a refusal costs one request and the pass answers at once; the caller decides when to look again. There
 * is no drain timeout here: the caller owns it, and the exclude-draining annotation too.
 */
package io.machineapi.controllers.drain;
