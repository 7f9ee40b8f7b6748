/**
 * The right-hand panel: the request's outcome and its hops, and the problems found in the YAML.
 */
import { useMemo } from 'react'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'
import { currentHopIndex } from '../../state/selectors'
import { TraceList } from './TraceList'

export function Inspector() {
  const store = useAppStoreApi()
  const trace = useAppStore((s) => s.trace)
  const traceError = useAppStore((s) => s.traceError)
  const position = useAppStore((s) => s.position)
  const simulation = useAppStore((s) => s.simulation)
  const current = currentHopIndex(trace, position)
  const problems = useMemo(
    () => simulation.diagnostics.filter((d) => d.severity !== 'info'),
    [simulation],
  )

  return (
    <aside className="inspector" aria-label="Inspector">
      <section className="inspector__section" aria-labelledby="request-heading">
        <h2 id="request-heading">Request</h2>
        {!trace && !traceError && (
          <p className="muted">Press “Send request” to send one packet and follow it hop by hop.</p>
        )}
        {traceError && <p className="outcome outcome--refused">{traceError}</p>}
        {trace && (
          <p className={`outcome outcome--${trace.outcome.kind}`} data-testid="outcome">
            {trace.outcome.kind === 'connected'
              ? `Connected to ${trace.outcome.podRef.split('/').slice(1).join('/')} at ${trace.outcome.endpoint}`
              : trace.outcome.message}
          </p>
        )}
        {trace && (
          <TraceList
            hops={trace.hops}
            current={current}
            onSelect={(index) => {
              store.getState().pause()
              store.getState().seek(index)
            }}
          />
        )}
      </section>
      <section className="inspector__section" aria-labelledby="problems-heading">
        <h2 id="problems-heading">Problems {problems.length > 0 ? `(${problems.length})` : ''}</h2>
        {problems.length === 0 ? (
          <p className="muted">None: every object was accepted.</p>
        ) : (
          <ul className="problems" aria-label="Problems">
            {problems.map((d, i) => (
              <li key={i} className={`problem problem--${d.severity}`}>
                {d.range && <span className="problem__line">line {d.range.startLine}</span>}
                <span className="mono">{d.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  )
}
