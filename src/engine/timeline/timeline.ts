/**
 * The cluster at any moment of a timeline of faults: what the API server holds, and what
 * kube-proxy has programmed on the nodes, which lags behind.
 *
 * kube-proxy does not rewrite the rules on every change: its sync loop
 * (pkg/proxy/iptables/proxier.go, `syncRunner`, an async.BoundedFrequencyRunner) runs at most
 * once per `--iptables-min-sync-period` (KubeProxyConfiguration `iptables.minSyncPeriod`,
 * default 1s), and the informers deliver the EndpointSlice change a little after the
 * controller wrote it. The playground folds all of that into one number, the sync delay: the
 * rules on every node at time t are the ones computed from the API state at t − delay. Every
 * change reaches every node exactly `syncDelaySeconds` after it happened (a real node applies it
 * somewhere within that window, and nodes differ), and changes are never batched or skipped.
 *
 * Pure and memoised: the API states are computed once per timeline (per base and event list),
 * and each state's rules on first use, so calling these on every playback frame costs a lookup.
 */
import { programNodes } from '../simulate'
import type { Simulation } from '../simulate'
import { replayEvents } from './replayEvents'
import type { EventEffect, FaultEvent, Replay } from './replayEvents'

export interface Timeline {
  base: Simulation
  events: readonly FaultEvent[]
  /** How long kube-proxy takes to apply an API change to the rules, in seconds (0 allowed). */
  syncDelaySeconds: number
}

interface Memo {
  replay: Replay
  /** simulations[k]: the base with the cluster and rules after the first k events. */
  simulations: (Simulation | undefined)[]
  /** `${api}:${rules}` → the composite of two states' cluster and rules. */
  composites: Map<string, Simulation>
}

const byTimeline = new WeakMap<Timeline, Memo>()
// A caller that builds a new Timeline object for the same base and events (a selector run per
// frame) still hits the cache: a few event lists are kept per base, the newest last.
const byBase = new WeakMap<Simulation, Map<string, Memo>>()
const LISTS_PER_BASE = 8

function memoOf(timeline: Timeline): Memo {
  const known = byTimeline.get(timeline)
  if (known) return known
  const key = JSON.stringify(timeline.events)
  let lists = byBase.get(timeline.base)
  if (!lists) {
    lists = new Map()
    byBase.set(timeline.base, lists)
  }
  let memo = lists.get(key)
  if (memo) lists.delete(key)
  else {
    const replay = replayEvents(timeline.base, timeline.events)
    memo = { replay, simulations: [timeline.base], composites: new Map() }
  }
  lists.set(key, memo)
  for (const old of lists.keys()) {
    if (lists.size <= LISTS_PER_BASE) break
    lists.delete(old)
  }
  byTimeline.set(timeline, memo)
  return memo
}

/** How many events have happened by time t (`at <= t`). */
function eventsBy(replay: Replay, t: number): number {
  let low = 0
  let high = replay.times.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((replay.times[mid] ?? 0) <= t) low = mid + 1
    else high = mid
  }
  return low
}

function simulationAfter(memo: Memo, base: Simulation, k: number): Simulation {
  const known = memo.simulations[k]
  if (known) return known
  const cluster = memo.replay.clusters[k] ?? base.cluster
  const previous = k > 0 ? simulationAfter(memo, base, k - 1) : base
  // An event that changed nothing leaves the same cluster object: the same state, reused.
  const simulation =
    previous.cluster === cluster ? previous : { ...base, cluster, ...programNodes(cluster) }
  memo.simulations[k] = simulation
  return simulation
}

/** A delay kube-proxy could have: a finite number of seconds, at least 0. */
function syncDelayOf(timeline: Timeline): number {
  const delay = timeline.syncDelaySeconds
  return Number.isFinite(delay) && delay > 0 ? delay : 0
}

/**
 * The cluster as the API server has it at t: the events with `at <= t` applied in the order
 * they happen (by `at`, ties in list order) and the controllers' reactions; `iptables` are the
 * rules computed from that state, as a kube-proxy with no delay would have them. Manifests,
 * settings and diagnostics are the base's.
 */
export function apiStateAt(timeline: Timeline, t: number): Simulation {
  const memo = memoOf(timeline)
  return simulationAfter(memo, timeline.base, eventsBy(memo.replay, t))
}

/**
 * What a packet meets at t: the API state's cluster (which Pods exist and where, so delivery
 * and routing) with the rules kube-proxy computed from the API state at t − syncDelaySeconds.
 */
export function proxyStateAt(timeline: Timeline, t: number): Simulation {
  const memo = memoOf(timeline)
  const api = eventsBy(memo.replay, t)
  const rules = eventsBy(memo.replay, t - syncDelayOf(timeline))
  const apiState = simulationAfter(memo, timeline.base, api)
  const rulesState = simulationAfter(memo, timeline.base, rules)
  // The three maps of a state are made together (programNodes), so one comparison covers them.
  if (
    apiState.iptables === rulesState.iptables &&
    apiState.ipvs === rulesState.ipvs &&
    apiState.userspace === rulesState.userspace
  ) {
    return apiState
  }
  const key = `${api}:${rules}`
  const known = memo.composites.get(key)
  if (known) return known
  // IPVS virtual servers and the userspace balancer's endpoints lag like iptables rules do.
  const composite: Simulation = {
    ...apiState,
    iptables: rulesState.iptables,
    ipvs: rulesState.ipvs,
    userspace: rulesState.userspace,
  }
  memo.composites.set(key, composite)
  return composite
}

/** The cluster after every event of the list, whatever its time. */
export function applyEvents(base: Simulation, events: readonly FaultEvent[]): Simulation {
  const timeline: Timeline = { base, events, syncDelaySeconds: 0 }
  const memo = memoOf(timeline)
  return simulationAfter(memo, base, memo.replay.clusters.length - 1)
}

/** What each event did (or why it did nothing), in the order the events happen. */
export function timelineEffects(timeline: Timeline): readonly EventEffect[] {
  return memoOf(timeline).replay.effects
}
