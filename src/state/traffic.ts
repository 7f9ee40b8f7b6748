/**
 * The traffic a person has sent, and what it met: every "Send request" press is a `Send` at the
 * simulated time the clock showed; faults are events on the same timeline. All sends run on
 * one session, in order, so affinity and connection tracking carry from one to the next, as on
 * a node. Derived here, whole, from the store's facts.
 */
import { createSession, ipvsCountersOf, isTraceError, runTimelineRequests } from '../engine'
import type { FaultEvent, RequestTrace, Simulation, TimedRequest, TraceError } from '../engine'
import type { Client, Target } from './createAppStore'

export interface Send {
  /** Simulated seconds. */
  at: number
  client: Client
  target: Target
  /** Requests in this send (1 to 10,000). */
  count: number
  keepAlive: boolean
}

export interface Run {
  send: Send
  traces: (RequestTrace | TraceError)[]
}

export function targetSpec(target: Target): TimedRequest['request']['target'] {
  return target.kind === 'service'
    ? { kind: 'service', serviceRef: target.serviceRef, portIndex: target.portIndex }
    : { kind: 'address', ip: target.ip, port: target.port }
}

export type IpvsCounterMap = ReadonlyMap<
  string,
  ReadonlyMap<string, { active: number; inactive: number }>
>

/** The sends' traces, and the IPVS counters they leave on each node at `clock`. */
export function computeRuns(
  base: Simulation,
  sends: readonly Send[],
  events: readonly FaultEvent[],
  syncDelaySeconds: number,
  seed: number,
  clock: number,
): { runs: Run[]; ipvsCounters: IpvsCounterMap } {
  const session = createSession(seed)
  if (sends.length === 0) return { runs: [], ipvsCounters: new Map() }
  const requests: TimedRequest[] = sends.map((send) => ({
    at: send.at,
    request: { client: send.client, target: targetSpec(send.target) },
    count: send.count,
    keepAlive: send.keepAlive,
    // A press sends its requests as one burst; time moves only with the clock control.
    intervalSeconds: 0,
  }))
  const traces = runTimelineRequests({ base, events, syncDelaySeconds }, requests, seed, session)
  // runTimelineRequests answers each TimedRequest with `count` traces, in order.
  const runs: Run[] = []
  let offset = 0
  for (const send of sends) {
    runs.push({ send, traces: traces.slice(offset, offset + send.count) })
    offset += send.count
  }
  // Counters as ipvsadm would show them now: connections that timed out by the clock are gone.
  session.clock = Math.max(session.clock, clock)
  const ipvsCounters = new Map(
    base.cluster.nodes.map((node) => [node.name, ipvsCountersOf(session, node.name)]),
  )
  return { runs, ipvsCounters }
}

/** A Pod's name, with its namespace when it is not `default` (as kubectl would show it). */
function podLabel(ref: string): string {
  const [, namespace = '', name = ''] = ref.split('/')
  return namespace === 'default' ? name : `${namespace}/${name}`
}

export interface HistogramBar {
  /** `ns/pod` or the failure's curl message. */
  label: string
  endpoint: string
  count: number
  share: number
  failure: boolean
}

/**
 * Where the requests of one send went, per endpoint, with the share kube-proxy's rules would
 * give each ready endpoint (1/n for the random cascade).
 */
export function histogramOf(run: Run): { bars: HistogramBar[]; expectedShare: number | null } {
  const bars = new Map<string, HistogramBar>()
  for (const trace of run.traces) {
    if (isTraceError(trace)) continue
    const outcome = trace.outcome
    const key = outcome.kind === 'connected' ? outcome.endpoint : `error:${outcome.message}`
    const bar = bars.get(key) ?? {
      label:
        outcome.kind === 'connected'
          ? outcome.podRef
            ? podLabel(outcome.podRef)
            : outcome.endpoint
          : outcome.message.replace(/ port \d+ after \d+ ms/, ''),
      endpoint: outcome.kind === 'connected' ? outcome.endpoint : '',
      count: 0,
      share: 0,
      failure: outcome.kind !== 'connected',
    }
    bar.count++
    bars.set(key, bar)
  }
  const total = run.traces.length
  const list = [...bars.values()].map((b) => ({ ...b, share: total ? b.count / total : 0 }))
  list.sort((a, b) => Number(a.failure) - Number(b.failure) || a.endpoint.localeCompare(b.endpoint))
  const endpoints = list.filter((b) => !b.failure).length
  return { bars: list, expectedShare: endpoints > 0 ? 1 / endpoints : null }
}
