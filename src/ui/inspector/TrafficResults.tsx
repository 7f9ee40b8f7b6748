/**
 * What the last send did: which request is shown, where all of them went (a histogram beside
 * the share kube-proxy's rules give each endpoint), the connections conntrack holds, and the
 * clients ClientIP affinity has pinned, with the time they have left.
 */
import { useMemo } from 'react'
import { isTraceError } from '../../engine'
import type { RequestTrace, Simulation } from '../../engine'
import { histogramOf } from '../../state/traffic'
import type { Run } from '../../state/traffic'
import { formatClock } from '../levers/TrafficBar'

interface TrafficResultsProps {
  runs: readonly Run[]
  world: Simulation
  clock: number
  selected: number
  onSelect: (index: number) => void
}

export function TrafficResults({ runs, world, clock, selected, onSelect }: TrafficResultsProps) {
  const last = runs[runs.length - 1]
  const histogram = useMemo(() => (last ? histogramOf(last) : null), [last])
  const expected = useMemo(() => {
    if (!last) return null
    const service = world.cluster.services.find((s) => s.ref === last.send.target.serviceRef)
    const port = service?.ports[last.send.target.portIndex]
    if (!service || !port) return null
    const ready = world.cluster.endpointSlices
      .filter((s) => s.namespace === service.namespace && s.serviceName === service.name)
      .filter((s) => s.ports.some((p) => p.name === port.name && p.protocol === port.protocol))
      .flatMap((s) => s.endpoints.filter((e) => e.conditions.ready))
    return ready.length > 0 ? 1 / ready.length : null
  }, [last, world])
  const affinity = useMemo(() => affinityEntries(runs, world, clock), [runs, world, clock])
  if (!last) return null
  const count = last.traces.length
  const shownIndex = selected < 0 || selected >= count ? count - 1 : selected

  return (
    <div className="results">
      {count > 1 && (
        <label className="field results__picker">
          <span>
            Request {shownIndex + 1} of {count}
          </span>
          <input
            type="range"
            aria-label="Shown request"
            min={1}
            max={count}
            value={shownIndex + 1}
            onChange={(e) => onSelect(Number(e.target.value) - 1)}
          />
        </label>
      )}
      {histogram && count > 1 && (
        <figure className="results__block">
          <figcaption>
            Where {count} requests went{last.send.keepAlive ? ' (one kept-alive connection)' : ''}
            {expected !== null ? `; the rules give each ready endpoint ${pct(expected)}` : ''}
          </figcaption>
          <ul className="histogram" aria-label="Histogram">
            {histogram.bars.map((bar) => (
              <li
                key={bar.label}
                className={
                  bar.failure ? 'histogram__bar histogram__bar--failure' : 'histogram__bar'
                }
              >
                <span className="histogram__label mono">{bar.label}</span>
                <span className="histogram__track">
                  <span className="histogram__fill" style={{ width: `${bar.share * 100}%` }} />
                  {expected !== null && !bar.failure && (
                    <span className="histogram__expected" style={{ left: `${expected * 100}%` }} />
                  )}
                </span>
                <span className="histogram__count">
                  {bar.count} ({pct(bar.share)})
                </span>
              </li>
            ))}
          </ul>
        </figure>
      )}
      <ConnectionsTable run={last} />
      {affinity.length > 0 && (
        <figure className="results__block">
          <figcaption>ClientIP affinity (the recent lists of the KUBE-SEP- chains)</figcaption>
          <table className="table" aria-label="Affinity">
            <thead>
              <tr>
                <th scope="col">client</th>
                <th scope="col">Service</th>
                <th scope="col">pinned to</th>
                <th scope="col">time left</th>
              </tr>
            </thead>
            <tbody>
              {affinity.map((a) => (
                <tr key={`${a.client}|${a.service}`}>
                  <td className="mono">{a.client}</td>
                  <td>{a.service}</td>
                  <td className="mono">{a.endpoint}</td>
                  <td>{a.left > 0 ? formatClock(a.left) : 'expired'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </div>
  )
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

function ConnectionsTable({ run }: { run: Run }) {
  const rows = useMemo(() => {
    const seen = new Map<string, { original: string; reply: string; requests: number }>()
    for (const trace of run.traces) {
      if (isTraceError(trace) || trace.outcome.kind !== 'connected') continue
      const first = trace.hops[0]
      const back = trace.hops[trace.hops.length - 1]
      if (!first || !back) continue
      const key = `${first.before.src}|${first.before.dst}`
      const row = seen.get(key) ?? {
        original: `${first.before.src} → ${first.before.dst}`,
        reply: `${back.before.src} → ${back.before.dst}`,
        requests: 0,
      }
      row.requests++
      seen.set(key, row)
    }
    return [...seen.values()]
  }, [run])
  if (rows.length === 0) return null
  const shown = rows.slice(0, 50)
  return (
    <details className="results__block">
      <summary>
        Connections of the last send: {rows.length} (conntrack: original → reply)
        {rows.length > shown.length ? `, first ${shown.length} shown` : ''}
      </summary>
      <table className="table" aria-label="Connection tracking">
        <thead>
          <tr>
            <th scope="col">original</th>
            <th scope="col">reply</th>
            <th scope="col">requests</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.original}>
              <td className="mono">{r.original}</td>
              <td className="mono">{r.reply}</td>
              <td>{r.requests}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

interface AffinityEntry {
  client: string
  service: string
  endpoint: string
  left: number
}

/** Each client's last new connection to a ClientIP Service: the endpoint `--set` recorded. */
function affinityEntries(runs: readonly Run[], world: Simulation, clock: number): AffinityEntry[] {
  const entries = new Map<string, AffinityEntry>()
  for (const run of runs) {
    const service = world.cluster.services.find((s) => s.ref === run.send.target.serviceRef)
    if (!service || service.sessionAffinity !== 'ClientIP') continue
    for (const trace of run.traces) {
      if (isTraceError(trace)) continue
      if (trace.outcome.kind !== 'connected' || trace.connection !== 'new') continue
      const client = clientIP(trace)
      entries.set(`${client}|${service.ref}`, {
        client,
        service: `${service.namespace}/${service.name}`,
        endpoint: trace.outcome.endpoint,
        left: service.affinityTimeoutSeconds - (clock - trace.startedAt),
      })
    }
  }
  return [...entries.values()]
}

function clientIP(trace: RequestTrace): string {
  const src = trace.hops[0]?.before.src ?? ''
  return src.slice(0, src.lastIndexOf(':'))
}
