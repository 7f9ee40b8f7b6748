import { describe, expect, it } from 'vitest'
import type { JSONSchema } from 'monaco-yaml'
import { SCHEMA_KINDS, kubernetesSchema } from './kubernetesSchema'

// Structural checks only: no JSON Schema validator is a dependency of the project. The schema
// was also exercised against monaco-yaml's bundled yaml-language-server by hand.

type Node = unknown

// Every schema object reachable from the root, with its JSON path.
function* walk(node: Node, path: string): Generator<[JSONSchema, string]> {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) yield* walk(child, `${path}/${i}`)
    return
  }
  if (node === null || typeof node !== 'object') return
  const schema = node as JSONSchema
  yield [schema, path]
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else'] as const) {
    yield* walk(schema[key], `${path}/${key}`)
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) yield* walk(schema[key], `${path}/${key}`)
  for (const key of ['properties', 'definitions'] as const) {
    for (const [name, child] of Object.entries(schema[key] ?? {})) {
      yield* walk(child, `${path}/${key}/${name}`)
    }
  }
}

const all = [...walk(kubernetesSchema, '#')]
const definitions = kubernetesSchema.definitions ?? {}

describe('kubernetesSchema', () => {
  it('is plain JSON (survives a JSON round-trip unchanged)', () => {
    expect(JSON.parse(JSON.stringify(kubernetesSchema))).toEqual(kubernetesSchema)
  })

  it('has no root title (monaco-yaml would show it in every hover)', () => {
    expect(kubernetesSchema.title).toBeUndefined()
  })

  it.each([
    'Pod',
    'Service',
    'Endpoints',
    'EndpointSlice',
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'Node',
    'Namespace',
    'ServiceCIDR',
    'ClusterConfiguration',
    'KubeProxyConfiguration',
    'List',
  ])('selects a definition for kind %s', (kind) => {
    expect(SCHEMA_KINDS).toContain(kind)
    const branch = (kubernetesSchema.allOf ?? []).find(
      (s) =>
        typeof s === 'object' &&
        typeof s.if === 'object' &&
        (s.if.properties?.kind as JSONSchema | undefined)?.const === kind,
    ) as JSONSchema | undefined
    expect(branch).toBeDefined()
    expect(branch?.then).toEqual({ $ref: `#/definitions/${kind}` })
    expect(definitions[kind]).toBeDefined()
  })

  it('resolves every $ref to an existing definition', () => {
    const refs = all.filter(([s]) => s.$ref !== undefined)
    expect(refs.length).toBeGreaterThan(50)
    for (const [schema, path] of refs) {
      const ref = schema.$ref as string
      if (ref === '#') continue
      const match = /^#\/definitions\/(.+)$/.exec(ref)
      expect(match, `${path}: ${ref}`).not.toBeNull()
      expect(definitions[match?.[1] ?? ''], `${path}: ${ref}`).toBeDefined()
    }
  })

  it('uses every definition', () => {
    const used = new Set(all.map(([s]) => s.$ref).filter((r) => r !== undefined))
    for (const name of Object.keys(definitions)) {
      expect(used.has(`#/definitions/${name}`), name).toBe(true)
    }
  })

  it('keeps every object open to extra fields', () => {
    for (const [schema, path] of all) {
      if (schema.type === 'object' && schema.properties !== undefined) {
        expect(schema.additionalProperties, path).not.toBe(false)
      }
    }
  })

  it('gives enums only values of the declared type and matching enumDescriptions', () => {
    for (const [schema, path] of all) {
      if (schema.enum === undefined) continue
      expect(new Set(schema.enum).size, path).toBe(schema.enum.length)
      if (schema.enumDescriptions !== undefined) {
        expect(schema.enumDescriptions.length, path).toBe(schema.enum.length)
      }
      if (schema.type === 'string') {
        for (const value of schema.enum) expect(typeof value, path).toBe('string')
      }
    }
  })

  it('compiles every pattern', () => {
    for (const [schema, path] of all) {
      if (schema.pattern !== undefined)
        expect(() => new RegExp(schema.pattern ?? ''), path).not.toThrow()
    }
  })

  it('lists the kube-proxy modes and IPVS schedulers, with "" for unset', () => {
    const proxy = definitions.KubeProxyConfiguration?.properties ?? {}
    expect((proxy.mode as JSONSchema).enum).toEqual([
      '',
      'iptables',
      'ipvs',
      'nftables',
      'kernelspace',
    ])
    const ipvs = (proxy.ipvs as JSONSchema).properties ?? {}
    expect((ipvs.scheduler as JSONSchema).enum).toEqual(
      expect.arrayContaining([
        '',
        'rr',
        'wrr',
        'lc',
        'wlc',
        'lblc',
        'lblcr',
        'dh',
        'sh',
        'sed',
        'nq',
        'mh',
      ]),
    )
  })
})
