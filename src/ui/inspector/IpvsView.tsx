/**
 * The "IPVS" tab: `ipvsadm -Ln` for a node, with the connection counters the traffic so far
 * left behind, and the virtual server and real server the current packet hit highlighted.
 */
import { useId, useMemo, useState } from 'react'
import { renderIpvsadm } from '../../engine'
import type { RequestTrace, Simulation } from '../../engine'

interface IpvsViewProps {
  simulation: Simulation
  trace: RequestTrace | null
  currentHop: number | null
  defaultNode: string
  counters: ReadonlyMap<string, ReadonlyMap<string, { active: number; inactive: number }>>
}

export function IpvsView({ simulation, trace, currentHop, defaultNode, counters }: IpvsViewProps) {
  const [picked, setPicked] = useState<string | null>(null)
  const id = useId()
  const nodeNames = simulation.cluster.nodes.map((n) => n.name)
  const node = picked !== null && nodeNames.includes(picked) ? picked : defaultNode
  const ipvs = simulation.ipvs.get(node)
  const text = useMemo(
    () => (ipvs ? renderIpvsadm(ipvs, new Map(counters.get(node) ?? [])) : ''),
    [ipvs, counters, node],
  )
  // The IPVS hop of the current packet, once the playback has reached it.
  const hit = useMemo(() => {
    if (!trace || currentHop === null || node !== defaultNode) return null
    const hop = trace.hops.slice(0, currentHop + 1).find((h) => h.anchor.kind === 'ipvs')
    if (!hop || hop.anchor.kind !== 'ipvs') return null
    return { virtualServer: hop.anchor.virtualServer, realServer: hop.after.dst }
  }, [trace, currentHop, node, defaultNode])
  const lines = text.split('\n')
  const marked = markHit(lines, hit)

  if (!ipvs) {
    return (
      <p className="inspector__section muted">
        Switch the Proxy mode to ipvs to see the virtual servers kube-proxy programs.
      </p>
    )
  }
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
        <span className="muted">kube-ipvs0: {ipvs.dummyAddresses.join(', ') || 'no address'}</span>
      </div>
      <figure className="kubectl__block">
        <figcaption className="kubectl__command mono">$ ipvsadm -Ln # on {node}</figcaption>
        <pre className="rules__text" tabIndex={0} aria-label={`IPVS table on ${node}`}>
          {lines.map((line, i) => (
            <span
              key={i}
              className={marked[i] ? 'rules__line rules__line--matched' : 'rules__line'}
            >
              {line}
            </span>
          ))}
        </pre>
      </figure>
    </div>
  )
}

/** The virtual server line of the hit, and its chosen real server's line. */
function markHit(
  lines: readonly string[],
  hit: { virtualServer: string; realServer: string } | null,
): boolean[] {
  let inHitService = false
  return lines.map((line) => {
    if (!line.startsWith('  ->') && line.trim() !== '') {
      const [protocol = '', address = ''] = line.split(/\s+/)
      inHitService = hit !== null && `${protocol} ${address}` === hit.virtualServer
      return inHitService
    }
    return inHitService && hit !== null && line.startsWith(`  -> ${hit.realServer} `)
  })
}
