/**
 * Derived views of the store. Each takes the stable facts it needs (the simulation, the trace,
 * the position), so components select those facts and memoise the view on them.
 */
import { rangeOfField } from '../engine'
import type { Diagnostic, Hop, Manifest, RequestTrace, Simulation, SourceRange } from '../engine'

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

export function rangesOfHop(manifests: readonly Manifest[], hop: Hop): SourceRange[] {
  return hop.provenance.flatMap((p) => {
    const manifest = manifests.find((m) => m.ref === p.ref)
    return manifest ? [rangeOfField(manifest.source, p.path)] : []
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

export function clientOptions(simulation: Simulation): Option[] {
  const { cluster } = simulation
  return [
    ...cluster.nodes.map((n) => ({
      value: `node:${n.name}`,
      label: `node ${n.name} (${n.internalIP})`,
    })),
    ...cluster.pods.map((p) => ({
      value: `pod:${p.ref}`,
      label: `pod ${p.namespace}/${p.name} (${p.podIP})`,
    })),
  ]
}

export function targetOptions(simulation: Simulation): Option[] {
  return simulation.cluster.services.flatMap((s) =>
    s.clusterIP === 'None' || s.clusterIP === '' || s.system
      ? []
      : s.ports.map((p, i) => ({
          value: `${s.ref}#${i}`,
          label: `${s.namespace}/${s.name}${p.name ? `:${p.name}` : ''} → ${s.clusterIP}:${p.port}`,
        })),
  )
}
