/**
 * Which Pods a ReplicaSet (and so a Deployment) deletes when it has more than it wants:
 * kubernetes/kubernetes pkg/controller/replicaset/replica_set.go (`manageReplicas` →
 * `getPodsToDelete` → `getPodsRankedByRelatedPodsOnSameNode`) and pkg/controller/controller_utils.go
 * (`ActivePodsWithRanks.Less`, `IsPodActive`). The Pods sort in this order, first deleted first:
 *
 * 1. unassigned before assigned (no `spec.nodeName`);
 * 2. phase Pending before Unknown before Running;
 * 3. not Ready before Ready;
 * 4. lower `controller.kubernetes.io/pod-deletion-cost` first: not modelled (PodState keeps no
 *    annotations), every Pod counts as cost 0;
 * 5. "doubled up" first: more active related Pods (the same workload's) on the same node;
 * 6. both Ready: Ready for less time first (a later Ready transition);
 * 7. more container restarts first: not modelled, no Pod restarts here;
 * 8. newer creation time first.
 *
 * Upstream, with the LogarithmicScaleDown gate on (the default since 1.22), steps 6 and 8 compare
 * the log2 of the ages and break a tie by UID, a pseudorandom order. This module compares the
 * times themselves and breaks the last tie by creation order, newer first: the Pods the
 * timeline creates are seconds apart, so the difference shows only when two Pods' ages share a
 * power of two, and then upstream's choice is random anyway.
 */
import type { PodState } from '../model/cluster'

/** When a Pod was created and became Ready, in seconds of simulated time (base Pods: 0). */
export interface PodTimes {
  createdAt(ref: string): number
  /** null while the Pod is not Ready. */
  readySince(ref: string): number | null
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: PodState): boolean {
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed' && !pod.terminating
}

// podPhaseToOrdinal; a phase missing from the Go map reads as 0.
const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 }

/** ActivePodsWithRanks.Less as a comparator: negative when `a` is deleted before `b`. */
function compareForDeletion(
  a: PodState,
  b: PodState,
  rank: ReadonlyMap<string, number>,
  times: PodTimes,
): number {
  const aAssigned = a.nodeName !== ''
  const bAssigned = b.nodeName !== ''
  if (aAssigned !== bAssigned) return aAssigned ? 1 : -1
  const phase = (PHASE_ORDINAL[a.phase] ?? 0) - (PHASE_ORDINAL[b.phase] ?? 0)
  if (phase !== 0) return phase
  if (a.ready !== b.ready) return a.ready ? 1 : -1
  const rankDiff = (rank.get(b.ref) ?? 0) - (rank.get(a.ref) ?? 0)
  if (rankDiff !== 0) return rankDiff
  if (a.ready && b.ready) {
    const readyDiff = (times.readySince(b.ref) ?? 0) - (times.readySince(a.ref) ?? 0)
    if (readyDiff !== 0) return readyDiff
  }
  const createdDiff = times.createdAt(b.ref) - times.createdAt(a.ref)
  if (createdDiff !== 0) return createdDiff
  return b.createdIndex - a.createdIndex
}

/**
 * getPodsToDelete: the `diff` Pods of `filtered` (the ReplicaSet's active Pods) to delete.
 * `related` are the Pods the rank counts per node (upstream: the Pods of every ReplicaSet of
 * the same Deployment; here one ReplicaSet per workload, so the same Pods).
 */
export function podsToDelete(
  filtered: readonly PodState[],
  related: readonly PodState[],
  diff: number,
  times: PodTimes,
): PodState[] {
  if (diff <= 0) return []
  // No need to sort when every Pod goes, as upstream.
  if (diff >= filtered.length) return [...filtered]
  const onNode = new Map<string, number>()
  for (const pod of related) {
    if (isPodActive(pod)) onNode.set(pod.nodeName, (onNode.get(pod.nodeName) ?? 0) + 1)
  }
  const rank = new Map(filtered.map((pod) => [pod.ref, onNode.get(pod.nodeName) ?? 0]))
  return [...filtered].sort((a, b) => compareForDeletion(a, b, rank, times)).slice(0, diff)
}
