/**
 * Requests sent at moments of a timeline: each meets the cluster as it is at its own time.
 *
 * One session (the nodes' conntrack tables, recent lists and the seeded generator) carries
 * through all of them, as the nodes' kernels do, so an established connection, ClientIP
 * affinity and the random draws follow from earlier requests. Before each request the session's
 * clock is set to its time. Each request runs against `proxyStateAt`: the Pods that exist at that
 * moment receive the packets (a deleted Pod's address answers no ARP: "No route to host"; a Pod
 * that is not Ready still accepts a connection that reaches it, readiness only steers the
 * endpoints), while the rules walked are the ones kube-proxy has applied by then.
 *
 * A series (`count` > 1): without keep-alive each request opens its own connection at its own
 * time (`at`, then one interval later, or later when a request took longer: runRequests' own
 * spacing), so a series that spans an event sees the change. With keep-alive the series is one
 * runRequests call on one connection, against the world at the series' start: the open
 * connection's conntrack entry keeps it on its first endpoint, and the playground does not
 * model what a connection to a Pod deleted mid-series would do (a real one would hang until
 * TCP gives up, or be reset).
 */
import { requestProtocol } from '../simulate'
import { isTraceError } from '../traffic/resolve'
import type { TraceError } from '../traffic/resolve'
import { runRequests } from '../traffic/runRequests'
import type { Request } from '../traffic/runRequests'
import { createSession } from '../traffic/session'
import type { Session } from '../traffic/session'
import type { RequestTrace } from '../traffic/trace'
import { proxyStateAt } from './timeline'
import type { Timeline } from './timeline'

export interface TimedRequest {
  /** Seconds of simulated time when the (first) request is sent. */
  at: number
  request: Request
  /** How many requests in the series, one after the other (default 1). */
  count?: number
  /** All requests of the series on one connection (HTTP keep-alive). */
  keepAlive?: boolean
  /** Seconds between the starts of the series' requests (default 1). */
  intervalSeconds?: number
}

/**
 * Runs the requests in the order of their times (ties in list order) and returns one entry per
 * request sent: its trace, or the reason it could not be sent (the client Pod is gone at that
 * time, the URL is bad, ...), repeated for every request of the series it stands for.
 */
export function runTimelineRequests(
  timeline: Timeline,
  requests: readonly TimedRequest[],
  seed: number,
  /** Pass one to read its state afterwards (IPVS counters, conntrack); else a fresh one. */
  session: Session = createSession(seed),
): (RequestTrace | TraceError)[] {
  const out: (RequestTrace | TraceError)[] = []
  const order = requests
    .map((timed, index) => ({ timed, index }))
    .filter(({ timed }) => !Number.isNaN(timed.at))
    .sort((a, b) => a.timed.at - b.timed.at || a.index - b.index)
  for (const { timed } of order) {
    const count = Math.max(0, Math.floor(timed.count ?? 1))
    const intervalSeconds = Math.max(0, timed.intervalSeconds ?? 1)
    session.clock = timed.at
    if (timed.keepAlive === true) {
      const world = proxyStateAt(timeline, timed.at)
      const request = { ...timed.request, protocol: requestProtocol(world.cluster, timed.request) }
      const traces = runRequests(world, session, request, {
        count,
        keepAlive: true,
        intervalSeconds,
      })
      if (isTraceError(traces)) for (let i = 0; i < count; i++) out.push(traces)
      else out.push(...traces)
      continue
    }
    for (let i = 0; i < count; i++) {
      const startedAt = session.clock
      const world = proxyStateAt(timeline, startedAt)
      const request = { ...timed.request, protocol: requestProtocol(world.cluster, timed.request) }
      const traces = runRequests(world, session, request, {
        count: 1,
        keepAlive: false,
        intervalSeconds,
      })
      if (isTraceError(traces)) {
        out.push(traces)
        session.clock = startedAt + intervalSeconds
      } else out.push(...traces)
    }
  }
  return out
}
