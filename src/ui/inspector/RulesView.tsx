/**
 * The "Rules" tab: what kube-proxy wrote on a node (iptables-save text, in kube-proxy's own
 * test order), with the rules the current packet matched highlighted and numbered in the order
 * it matched them, up to the current hop.
 */
import { useId, useMemo, useState } from 'react'
import { rulesTextFor } from '../../engine'
import type { RequestTrace, Simulation } from '../../engine'

interface RulesViewProps {
  simulation: Simulation
  trace: RequestTrace | null
  /** The hop the playback is at; rules matched after it are not highlighted yet. */
  currentHop: number | null
  /** The node the request's rules ran on. */
  defaultNode: string
}

export function RulesView({ simulation, trace, currentHop, defaultNode }: RulesViewProps) {
  const [picked, setPicked] = useState<string | null>(null)
  const id = useId()
  const nodeNames = simulation.cluster.nodes.map((n) => n.name)
  const node = picked !== null && nodeNames.includes(picked) ? picked : defaultNode
  const lines = useMemo(() => rulesTextFor(simulation, node).split('\n'), [simulation, node])
  const matched = useMemo(() => {
    // Numbered in the order the packet matched them; rules in the built-in chains (PREROUTING,
    // FORWARD, ...) are not part of kube-proxy's payload, so they are not in this text.
    const order = new Map<string, number>()
    if (!trace || currentHop === null || node !== defaultNode) return order
    const shownLines = new Set(lines)
    trace.hops.slice(0, currentHop + 1).forEach((hop) => {
      for (const rule of hop.rules) {
        if (rule.matched && shownLines.has(rule.text) && !order.has(rule.text)) {
          order.set(rule.text, order.size + 1)
        }
      }
    })
    return order
  }, [trace, currentHop, node, defaultNode, lines])

  return (
    <div className="rules">
      <div className="rules__bar">
        <label htmlFor={`${id}-node`}>Node</label>
        <select id={`${id}-node`} value={node} onChange={(e) => setPicked(e.target.value)}>
          {nodeNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <span className="muted">
          {matched.size > 0
            ? `${matched.size} rule(s) matched so far`
            : 'send a request to see its rules'}
        </span>
      </div>
      <figure className="kubectl__block">
        <figcaption className="kubectl__command mono">
          $ iptables-save # the rules kube-proxy wrote on {node}
        </figcaption>
        <pre className="rules__text" tabIndex={0} aria-label={`iptables rules on ${node}`}>
          {lines.map((line, i) => {
            const rank = matched.get(line)
            return (
              <span key={i} className={rank ? 'rules__line rules__line--matched' : 'rules__line'}>
                {rank ? <span className="rules__rank">{rank}</span> : null}
                {line}
              </span>
            )
          })}
        </pre>
      </figure>
    </div>
  )
}
