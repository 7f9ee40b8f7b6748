/**
 * Parsed documents → Kubernetes objects, each keeping the source ranges of its fields.
 *
 * A `kind: List` (what `kubectl get ... -o yaml` prints) is unwrapped into its items, the way
 * kubectl's resource builder flattens lists. Kinds the playground does not model are listed as
 * ignored, and the rest still simulates.
 */
import type { Diagnostic } from '../diagnostics'
import type { ParsedDocument } from './parseManifests'
import type { SourceRange } from './sourceText'

/** Kinds the playground reads, with the API versions kubectl would find them under. */
export const SUPPORTED_KINDS = {
  Pod: ['v1'],
  Service: ['v1'],
  Endpoints: ['v1'],
  Node: ['v1'],
  Namespace: ['v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  Deployment: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  ServiceCIDR: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  ClusterConfiguration: ['kubeadm.k8s.io/v1beta4', 'kubeadm.k8s.io/v1beta3'],
  KubeProxyConfiguration: ['kubeproxy.config.k8s.io/v1alpha1'],
} as const
export type SupportedKind = keyof typeof SUPPORTED_KINDS

/** Objects that live outside namespaces, and kubeadm's config files, which are not API objects. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Node',
  'Namespace',
  'ServiceCIDR',
  'ClusterConfiguration',
  'KubeProxyConfiguration',
])

export interface Manifest {
  kind: SupportedKind
  apiVersion: string
  /** The object exactly as written (a plain JSON-like value). */
  raw: Record<string, unknown>
  name: string
  namespace: string
  /** `Kind/namespace/name`: the id used by the engine, the canvas and the tests. */
  ref: string
  source: ManifestSource
}

export interface ManifestSource {
  document: number
  range: SourceRange
  /** Field path (relative to the object) → source range. */
  fields: ReadonlyMap<string, SourceRange>
}

export function readManifests(documents: readonly ParsedDocument[]): {
  manifests: Manifest[]
  diagnostics: Diagnostic[]
} {
  const manifests: Manifest[] = []
  const diagnostics: Diagnostic[] = []
  for (const parsed of documents) {
    const value = parsed.value
    if (isObject(value) && value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        const prefix = `items[${i}]`
        const fields = subFields(parsed.fields, prefix)
        read(item, parsed, fields, fields.get('') ?? parsed.range)
      })
    } else {
      read(value, parsed, parsed.fields, parsed.range)
    }
  }
  return { manifests, diagnostics }

  function read(
    value: unknown,
    parsed: ParsedDocument,
    fields: ReadonlyMap<string, SourceRange>,
    range: SourceRange,
  ) {
    if (!isObject(value)) {
      diagnostics.push({
        code: 'not-an-object',
        severity: 'error',
        message:
          'This document is not an object: a manifest is a mapping with apiVersion and kind.',
        range,
      })
      return
    }
    const kind = value.kind
    if (typeof kind !== 'string' || kind === '') {
      diagnostics.push({
        code: 'missing-kind',
        severity: 'error',
        // apimachinery's JSON serializer: `Object 'Kind' is missing in '<the object as JSON>'`.
        message: `unable to decode: Object 'Kind' is missing in '${JSON.stringify(value)}'`,
        range,
      })
      return
    }
    if (!Object.hasOwn(SUPPORTED_KINDS, kind)) {
      diagnostics.push({
        code: 'ignored-kind',
        severity: 'info',
        message: `${kind} is not simulated by the playground; this document is ignored.`,
        range: fields.get('kind') ?? range,
      })
      return
    }
    const supported = kind as SupportedKind
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : ''
    const metadata = isObject(value.metadata) ? value.metadata : {}
    const name = typeof metadata.name === 'string' ? metadata.name : ''
    if (!(SUPPORTED_KINDS[supported] as readonly string[]).includes(apiVersion)) {
      // kubectl's REST mapper cannot place the object (meta.NoKindMatchError).
      diagnostics.push({
        code: 'unknown-api-version',
        severity: 'error',
        message: `resource mapping not found for name: "${name}" namespace: "" from "STDIN": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
        range: fields.get('apiVersion') ?? fields.get('kind') ?? range,
      })
      return
    }
    const clusterScoped = CLUSTER_SCOPED.has(kind)
    const namespace = clusterScoped
      ? ''
      : typeof metadata.namespace === 'string' && metadata.namespace !== ''
        ? metadata.namespace
        : 'default'
    manifests.push({
      kind: supported,
      apiVersion,
      raw: value,
      name,
      namespace,
      ref: `${kind}/${namespace}/${name}`,
      source: { document: parsed.index, range, fields },
    })
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function subFields(
  fields: ReadonlyMap<string, SourceRange>,
  prefix: string,
): Map<string, SourceRange> {
  const result = new Map<string, SourceRange>()
  for (const [path, range] of fields) {
    if (path === prefix) result.set('', range)
    else if (path.startsWith(`${prefix}.`)) result.set(path.slice(prefix.length + 1), range)
  }
  return result
}

/** The API server's field path as a path in the YAML: map keys in brackets become steps. */
function yamlPath(path: string): string {
  return path.replace(/\[([^\]\d][^\]]*)\]/g, '.$1')
}

/** Whether the YAML spells out this field (defaulted and allocated fields are not written). */
export function hasField(source: ManifestSource, path: string): boolean {
  return source.fields.has(yamlPath(path))
}

/**
 * The range of a field, given as the API server names it in errors. Map keys appear in
 * brackets there (`spec.selector[app]`) but are ordinary path steps in the YAML.
 * Falls back to the nearest enclosing field that has a range.
 */
export function rangeOfField(source: ManifestSource, path: string): SourceRange {
  let current = yamlPath(path)
  for (;;) {
    const hit = source.fields.get(current)
    if (hit) return hit
    if (current === '') return source.range
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['))
    current = cut <= 0 ? '' : current.slice(0, cut)
  }
}
