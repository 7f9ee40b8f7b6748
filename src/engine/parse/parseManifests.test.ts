import { describe, expect, it } from 'vitest'
import { parseManifests } from './parseManifests'

const twoDocs = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: "nginx-service"
spec:
  ports:
    - port: 8081
      targetPort: http-web-svc
  selector: {app: my-app}
`

describe('parseManifests', () => {
  it('reads every document of a multi-document stream', () => {
    const { documents, diagnostics } = parseManifests(twoDocs)
    expect(diagnostics).toEqual([])
    expect(documents.map((d) => (d.value as { kind: string }).kind)).toEqual(['Pod', 'Service'])
    expect(documents.map((d) => d.range.startLine)).toEqual([1, 5])
  })

  it('keeps the range of each field under its Kubernetes field path', () => {
    const service = parseManifests(twoDocs).documents[1]!
    const targetPort = service.fields.get('spec.ports[0].targetPort')!
    expect([targetPort.startLine, targetPort.startColumn, targetPort.endColumn]).toEqual([
      13, 7, 31,
    ])
    const port = service.fields.get('spec.ports[0]')!
    expect([port.startLine, port.endLine]).toEqual([12, 13])
    expect(service.fields.get('metadata.name')).toMatchObject({
      startLine: 9,
      startColumn: 3,
      endColumn: 24,
    })
    expect(service.fields.get('spec.selector.app')).toMatchObject({
      startLine: 14,
      startColumn: 14,
    })
    expect(service.fields.get('spec')).toMatchObject({ startLine: 10, endLine: 14 })
  })

  it('reports a syntax error with its line and column and still reads the other documents', () => {
    const text = `kind: Pod
metadata:
  name: a
---
kind: Service
metadata:
  name: [unclosed
---
kind: Pod
metadata:
  name: b
`
    const { documents, diagnostics } = parseManifests(text)
    expect(documents.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual(
      ['a', 'b'],
    )
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' })
    expect(diagnostics[0]!.range!.startLine).toBeGreaterThanOrEqual(7)
    expect(diagnostics[0]!.message).toMatch(/^error converting YAML to JSON: yaml: line \d+: /)
  })

  it('reports a tab-indented document on the offending line', () => {
    const { diagnostics } = parseManifests('kind: Service\nspec:\n\tports: []\n')
    expect(diagnostics[0]?.range?.startLine).toBe(3)
  })

  it('reads JSON, which is YAML', () => {
    const { documents } = parseManifests('{"kind": "List", "items": [{"kind": "Pod"}]}')
    expect(documents[0]!.fields.get('items[0].kind')).toMatchObject({ startLine: 1 })
  })

  it('skips empty documents and comment-only chunks', () => {
    const { documents } = parseManifests('# header\n---\n---\nkind: Pod\n---\n')
    expect(documents).toHaveLength(1)
    expect(documents[0]!.range.startLine).toBe(3)
  })

  it('refuses absurd nesting without throwing', () => {
    const deep = 'a: '.concat('['.repeat(500), ']'.repeat(500))
    const { documents, diagnostics } = parseManifests(deep)
    expect(documents).toEqual([])
    expect(diagnostics[0]?.code).toBe('yaml-syntax')
  })
})
