import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runSvcsim } from './svcsim'

const files: Record<string, string> = {
  'seed.yaml': readFileSync('scenarios/nginx-service.yaml', 'utf8'),
  'one.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: Sticky
  ports:
  - port: 80
`,
  'two.yaml': `apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports:
  - port: 80
    protocol: tcp
  - port: 81
---
apiVersion: v1
kind: Service
metadata:
  name: b
spec:
  ports:
  - port: 80
    targetPort: "8080"
`,
}
const read = (path: string) => {
  const text = files[path]
  if (text === undefined) throw new Error('ENOENT')
  return text
}

describe('svcsim validate', () => {
  it('prints nothing and exits 0 for the seed example', () => {
    expect(runSvcsim(['validate', '-f', 'seed.yaml'], read)).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    })
  })

  it('prints one invalid object the way kubectl apply does (discovery.md §6.2, row 25 of §6.4)', () => {
    expect(runSvcsim(['validate', '-f', 'one.yaml'], read)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'The Service "web" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"\n',
    })
  })

  it('prints one Error from server line per object when several fail (discovery.md §6.2)', () => {
    const result = runSvcsim(['validate', '-f', 'two.yaml'], read)
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')).toEqual([
      'Error from server (Invalid): error when creating "two.yaml": Service "a" is invalid: [spec.ports[0].name: Required value, spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.ports[1].name: Required value]',
      'Error from server (Invalid): error when creating "two.yaml": Service "b" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
      '',
    ])
  })

  it('exits 2 on bad usage and 1 on a missing file', () => {
    expect(runSvcsim([], read).code).toBe(2)
    expect(runSvcsim(['frobnicate'], read).code).toBe(2)
    expect(runSvcsim(['validate'], read).code).toBe(2)
    expect(runSvcsim(['validate', '-f', 'nope.yaml'], read)).toMatchObject({ code: 1 })
  })
})

describe('svcsim validate, objects that do not decode', () => {
  it('reports a wrong JSON type as the API server\u2019s 400 (json: cannot unmarshal)', () => {
    const result = runSvcsim(['validate', '-f', 'bad-type.yaml'], (p) =>
      p === 'bad-type.yaml'
        ? 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: "80"\n'
        : read(p),
    )
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (BadRequest): error when creating "bad-type.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32\n',
    })
  })
})
