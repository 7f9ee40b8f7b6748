/**
 * Derived views of the store. Each takes the stable facts it needs (the simulation, the trace,
 * the position), so components select those facts and memoise the view on them.
 */
import { hasField, rangeOfField } from '../engine'
import type { Diagnostic, Hop, Manifest, RequestTrace, Simulation, SourceRange } from '../engine'
import { targetAddresses } from './createAppStore'
import type { Client, Target } from './createAppStore'

export interface EditorMarkerData {
  severity: Diagnostic['severity']
  message: string
  code: string
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
}

export function markersOf(simulation: Simulation): EditorMarkerData[] {
  return simulation.diagnostics.flatMap((d) =>
    d.range
      ? [
          {
            severity: d.severity,
            message: d.message,
            code: d.code,
            startLineNumber: d.range.startLine,
            startColumn: d.range.startColumn,
            endLineNumber: d.range.endLine,
            endColumn: Math.max(d.range.endColumn, d.range.startColumn + 1),
          },
        ]
      : [],
  )
}

export function currentHopIndex(trace: RequestTrace | null, position: number): number | null {
  if (!trace || trace.hops.length === 0) return null
  return Math.min(Math.round(position), trace.hops.length - 1)
}

/**
 * The YAML behind a hop. A cause the YAML does not spell out (an allocated clusterIP, a
 * defaulted targetPort) points at the first line of its nearest written parent only, so a
 * highlight never swallows the whole spec.
 */
export function rangesOfHop(manifests: readonly Manifest[], hop: Hop): SourceRange[] {
  return hop.provenance.flatMap((p) => {
    const manifest = manifests.find((m) => m.ref === p.ref)
    if (!manifest) return []
    const range = rangeOfField(manifest.source, p.path)
    return [hasField(manifest.source, p.path) ? range : { ...range, endLine: range.startLine }]
  })
}

/** Lines in the YAML behind one hop. */
export function highlightedLines(
  manifests: readonly Manifest[],
  hop: Hop | undefined,
): { startLineNumber: number; endLineNumber: number }[] {
  if (!hop) return []
  return rangesOfHop(manifests, hop).map((r) => ({
    startLineNumber: r.startLine,
    endLineNumber: r.endLine,
  }))
}

export interface Option {
  value: string
  label: string
}

/** An address outside the cluster (TEST-NET-3, RFC 5737), for requests from the outside. */
export const OUTSIDE_CLIENT_IP = '203.0.113.10'

/** A stable string for a client or target, used as a <select> value and parsed back. */
export function clientKey(client: Client): string {
  return client.kind === 'node'
    ? JSON.stringify(['node', client.name])
    : client.kind === 'pod'
      ? JSON.stringify(['pod', client.ref])
      : JSON.stringify(['ip', client.ip, client.node])
}

export function parseClientKey(key: string): Client | null {
  const parts = JSON.parse(key) as unknown
  if (!Array.isArray(parts)) return null
  const [kind, a, b] = parts as unknown[]
  if (kind === 'node' && typeof a === 'string') return { kind: 'node', name: a }
  if (kind === 'pod' && typeof a === 'string') return { kind: 'pod', ref: a }
  if (kind === 'ip' && typeof a === 'string' && typeof b === 'string')
    return { kind: 'ip', ip: a, node: b }
  return null
}

export function targetKey(target: Target): string {
  return target.kind === 'service'
    ? JSON.stringify(['service', target.serviceRef, target.portIndex])
    : JSON.stringify(['address', target.serviceRef, target.portIndex, target.ip, target.port])
}

export function parseTargetKey(key: string): Target | null {
  const parts = JSON.parse(key) as unknown
  if (!Array.isArray(parts)) return null
  const [kind, serviceRef, portIndex, ip, port] = parts as unknown[]
  if (typeof serviceRef !== 'string' || typeof portIndex !== 'number') return null
  if (kind === 'service') return { kind: 'service', serviceRef, portIndex }
  if (kind === 'address' && typeof ip === 'string' && typeof port === 'number') {
    return { kind: 'address', serviceRef, portIndex, ip, port }
  }
  return null
}

export function clientOptions(simulation: Simulation): Option[] {
  const { cluster } = simulation
  return [
    ...cluster.nodes.map((n) => ({
      value: clientKey({ kind: 'node', name: n.name }),
      label: `node ${n.name} (${n.internalIP})`,
    })),
    ...cluster.pods
      .filter((p) => p.podIP !== '')
      .map((p) => ({
        value: clientKey({ kind: 'pod', ref: p.ref }),
        label: `pod ${p.namespace}/${p.name} (${p.podIP})`,
      })),
    {
      // '' is the first node: the outside host sends to it.
      value: clientKey({ kind: 'ip', ip: OUTSIDE_CLIENT_IP, node: '' }),
      label: `outside the cluster (${OUTSIDE_CLIENT_IP})`,
    },
  ]
}

export function targetOptions(simulation: Simulation): Option[] {
  return targetAddresses(simulation).map(({ label, ...target }) => ({
    value: targetKey(target),
    label,
  }))
}

/**
 * Reverse provenance: the hops whose causes include a YAML line (the cursor's). A hop is
 * affected when one of its provenance ranges covers the line.
 */
export function hopsAffectedByLine(
  manifests: readonly Manifest[],
  trace: RequestTrace | null,
  line: number | null,
): number[] {
  if (!trace || line === null) return []
  return trace.hops.flatMap((hop, index) =>
    rangesOfHop(manifests, hop).some((r) => r.startLine <= line && line <= r.endLine)
      ? [index]
      : [],
  )
}
