import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../parse/parseManifests'
import { readManifests } from '../parse/readManifests'
import { setReplicas, setSessionAffinity } from './editManifest'
import type { EditResult } from './editManifest'

const scenario = (file: string) => readFileSync(`scenarios/${file}`, 'utf8')

/** The edited text, failing the test with the refusal's reason if there is one. */
function edited(result: EditResult): string {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return result.yaml
}

function refusal(result: EditResult): string {
  if (result.ok) throw new Error(`expected a refusal, got:\n${result.yaml}`)
  return result.reason
}

/** Re-reads the text the way the engine does and returns the object's spec. */
function specOf(yaml: string, ref: string): Record<string, unknown> | undefined {
  const parsed = parseManifests(yaml)
  expect(parsed.diagnostics.filter((d) => d.code === 'yaml-syntax')).toEqual([])
  const manifest = readManifests(parsed.documents).manifests.find((m) => m.ref === ref)
  expect(manifest).toBeDefined()
  return manifest?.raw.spec as Record<string, unknown> | undefined
}

describe('setSessionAffinity', () => {
  it('adds ClientIP and its timeout after the last key of spec (kubia-single-port.yaml)', () => {
    const source = scenario('kubia-single-port.yaml')
    const yaml = edited(setSessionAffinity(source, 'Service/default/kubia', 'ClientIP', 600))
    expect(yaml).toBe(
      source +
        '  sessionAffinity: ClientIP\n' +
        '  sessionAffinityConfig:\n' +
        '    clientIP:\n' +
        '      timeoutSeconds: 600\n',
    )
    expect(specOf(yaml, 'Service/default/kubia')).toMatchObject({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
    })
  })

  it('adds only sessionAffinity when no timeout is given', () => {
    const source = scenario('kubia-single-port.yaml')
    const yaml = edited(setSessionAffinity(source, 'Service/default/kubia', 'ClientIP'))
    expect(yaml).toBe(`${source}  sessionAffinity: ClientIP\n`)
  })

  it('keeps the Chinese comments of nginx-service.yaml and the Pod document as they were', () => {
    const source = scenario('nginx-service.yaml')
    const yaml = edited(setSessionAffinity(source, 'Service/default/nginx-service', 'ClientIP', 30))
    expect(yaml).toBe(
      source.replace(
        '      targetPort: http-web-svc # pod暴露的端口\n',
        '      targetPort: http-web-svc # pod暴露的端口\n' +
          '  sessionAffinity: ClientIP\n' +
          '  sessionAffinityConfig:\n' +
          '    clientIP:\n' +
          '      timeoutSeconds: 30\n',
      ),
    )
  })

  it('switches ClientIP to None in place, keeping the comment on the line (kubia-client-ip.yaml)', () => {
    const source = scenario('kubia-client-ip.yaml')
    const yaml = edited(setSessionAffinity(source, 'Service/default/kubia', 'None'))
    expect(yaml).toBe(
      source.replace('  sessionAffinity: ClientIP # 此参数', '  sessionAffinity: None # 此参数'),
    )
    expect(specOf(yaml, 'Service/default/kubia')?.sessionAffinity).toBe('None')
    // And back: the round trip gives the original text.
    expect(edited(setSessionAffinity(yaml, 'Service/default/kubia', 'ClientIP'))).toBe(source)
  })

  it('removes exactly the lines of sessionAffinityConfig when switching to None', () => {
    const source = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    # one hour
    clientIP:
      timeoutSeconds: 3600 # sticky
  ports:
    - port: 80

  selector:
    app: web
`
    const yaml = edited(setSessionAffinity(source, 'Service/default/web', 'None'))
    expect(yaml).toBe(`apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: None
  ports:
    - port: 80

  selector:
    app: web
`)
    expect(specOf(yaml, 'Service/default/web')?.sessionAffinityConfig).toBeUndefined()
  })

  it('removes sessionAffinityConfig when it is the last line of a file without a final newline', () => {
    const source =
      'kind: Service\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 60'
    expect(edited(setSessionAffinity(source, 'Service/default/web', 'None'))).toBe(
      'kind: Service\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  sessionAffinity: None',
    )
  })

  it('changes only the timeout number when ClientIP is already set', () => {
    const source = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: "ClientIP"
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}} # default
  ports: [{port: 80}]
`
    const yaml = edited(setSessionAffinity(source, 'Service/default/web', 'ClientIP', 60))
    expect(yaml).toBe(source.replace('10800', '60'))
    // Without a timeout the existing one stays.
    expect(edited(setSessionAffinity(yaml, 'Service/default/web', 'ClientIP'))).toBe(yaml)
  })

  it('inserts the timeout under an existing sessionAffinityConfig.clientIP', () => {
    const source = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP: {}
`
    expect(edited(setSessionAffinity(source, 'Service/default/web', 'ClientIP', 5))).toBe(
      source.replace('clientIP: {}', 'clientIP: {timeoutSeconds: 5}'),
    )
  })

  it('keeps the quoting of the value it replaces', () => {
    const source =
      "kind: Service\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  sessionAffinity: 'None'\n"
    expect(edited(setSessionAffinity(source, 'Service/default/web', 'ClientIP'))).toBe(
      source.replace("'None'", "'ClientIP'"),
    )
  })

  it('places sessionAffinityConfig right after an existing sessionAffinity (kubectl List dump)', () => {
    const source = scenario('kubectl-dump.yaml')
    const yaml = edited(setSessionAffinity(source, 'Service/default/web', 'ClientIP', 60))
    expect(yaml).toBe(
      source.replace(
        '    sessionAffinity: None\n',
        '    sessionAffinity: ClientIP\n' +
          '    sessionAffinityConfig:\n' +
          '      clientIP:\n' +
          '        timeoutSeconds: 60\n',
      ),
    )
    expect(specOf(yaml, 'Service/default/web')).toMatchObject({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    })
  })

  it('changes only the right document of a stream, even beside a broken one', () => {
    const first = `# first
apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports: [{port: 80}]
`
    const broken = `---
kind: Pod
metadata:
  name: [unclosed
`
    const second = `---
apiVersion: v1
kind: Service
metadata:
  name: b   # the one to edit
spec:
  ports:
  - port: 80
`
    const tail = `
---
# trailing document
apiVersion: v1
kind: Service
metadata: {name: c}
spec: {ports: [{port: 80}]}
`
    const source = first + broken + second + tail
    const yaml = edited(setSessionAffinity(source, 'Service/default/b', 'ClientIP', 10))
    expect(yaml).toBe(
      first +
        broken +
        second +
        '  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 10\n' +
        tail,
    )
  })

  it('follows three-space indentation and keeps a tab after the colon', () => {
    const source =
      'apiVersion: v1\nkind: Service\nmetadata:\n   name: odd\nspec:\n   sessionAffinity:\tNone\t# tab\n   ports:\n   -  port: 80\n'
    const yaml = edited(setSessionAffinity(source, 'Service/default/odd', 'ClientIP', 7))
    expect(yaml).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n   name: odd\nspec:\n   sessionAffinity:\tClientIP\t# tab\n' +
        '   sessionAffinityConfig:\n      clientIP:\n         timeoutSeconds: 7\n' +
        '   ports:\n   -  port: 80\n',
    )
  })

  it('keeps CRLF line endings', () => {
    const source =
      'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: w\r\nspec:\r\n  ports:\r\n  - port: 80\r\n'
    expect(edited(setSessionAffinity(source, 'Service/default/w', 'ClientIP', 9))).toBe(
      source +
        '  sessionAffinity: ClientIP\r\n  sessionAffinityConfig:\r\n    clientIP:\r\n      timeoutSeconds: 9\r\n',
    )
  })

  it('adds to a flow-style spec before its closing brace', () => {
    const source =
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}], selector: {app: a}} # flow\n'
    const yaml = edited(setSessionAffinity(source, 'Service/default/a', 'ClientIP', 60))
    expect(yaml).toBe(
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}], selector: {app: a}, sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}} # flow\n',
    )
    // And None takes the config entry out again, with its comma.
    expect(edited(setSessionAffinity(yaml, 'Service/default/a', 'None'))).toBe(
      source.replace('{app: a}}', '{app: a}, sessionAffinity: None}'),
    )
  })

  it('edits a JSON document as JSON', () => {
    const source = `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "a"},
  "spec": {
    "ports": [{"port": 80}]
  }
}
`
    const yaml = edited(setSessionAffinity(source, 'Service/default/a', 'ClientIP', 60))
    expect(yaml).toBe(`{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "a"},
  "spec": {
    "ports": [{"port": 80}],
    "sessionAffinity": "ClientIP",
    "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}}
  }
}
`)
    expect(JSON.parse(yaml)).toMatchObject({ spec: { sessionAffinity: 'ClientIP' } })
    const none = edited(setSessionAffinity(yaml, 'Service/default/a', 'None'))
    expect(none).toBe(
      source.replace('[{"port": 80}]', '[{"port": 80}],\n    "sessionAffinity": "None"'),
    )
    expect(JSON.parse(none)).toMatchObject({ spec: { sessionAffinity: 'None' } })
  })

  it('leaves a Service without sessionAffinity unchanged when asked for None (the default)', () => {
    const source = scenario('kubia-single-port.yaml')
    expect(setSessionAffinity(source, 'Service/default/kubia', 'None')).toEqual({
      ok: true,
      yaml: source,
    })
  })

  it('refuses with a reason it cannot do', () => {
    const source = scenario('kubia-single-port.yaml')
    expect(refusal(setSessionAffinity(source, 'Service/default/nope', 'ClientIP'))).toBe(
      'Service/default/nope was not found in the YAML.',
    )
    expect(refusal(setSessionAffinity(source, 'ReplicaSet/default/kubia', 'ClientIP'))).toBe(
      'ReplicaSet/default/kubia is a ReplicaSet, not a Service.',
    )
    expect(refusal(setSessionAffinity(source, 'Service/default/kubia', 'ClientIP', 0))).toBe(
      'timeoutSeconds must be a whole number greater than 0 and at most 86400, not 0.',
    )
    expect(refusal(setSessionAffinity(source, 'Service/default/kubia', 'ClientIP', 86401))).toBe(
      'timeoutSeconds must be a whole number greater than 0 and at most 86400, not 86401.',
    )
    const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n'
    expect(refusal(setSessionAffinity(broken, 'Service/default/web', 'ClientIP'))).toBe(
      'Service/default/web was not found; the YAML has a syntax error on line 5 (error converting YAML to JSON: yaml: line 5: deficient indentation). Fix it first.',
    )
    const twice = `${source}\n---\n${source}`
    expect(refusal(setSessionAffinity(twice, 'Service/default/kubia', 'ClientIP'))).toBe(
      'Service/default/kubia is defined 2 times; it is not clear which one to edit.',
    )
    const mapping =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity:\n    mode: ClientIP\n'
    expect(refusal(setSessionAffinity(mapping, 'Service/default/web', 'ClientIP'))).toBe(
      'spec.sessionAffinity of Service/default/web holds a mapping or a list, not a single value; edit it by hand.',
    )
    const aliased =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity: &mode None\n'
    expect(refusal(setSessionAffinity(aliased, 'Service/default/web', 'ClientIP'))).toBe(
      'spec.sessionAffinity of Service/default/web could not be located in the text (anchors, aliases and tags are left to hand edits).',
    )
    const scalarSpec = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec: nothing\n'
    expect(refusal(setSessionAffinity(scalarSpec, 'Service/default/web', 'ClientIP'))).toBe(
      'spec of Service/default/web is a single value, not a mapping, so spec.sessionAffinity cannot be added.',
    )
  })
})

describe('setReplicas', () => {
  it('changes the kubia ReplicaSet from 3 to 1 and nothing else', () => {
    const source = scenario('kubia-single-port.yaml')
    const yaml = edited(setReplicas(source, 'ReplicaSet/default/kubia', 1))
    expect(yaml).toBe(source.replace('  replicas: 3\n', '  replicas: 1\n'))
    expect(specOf(yaml, 'ReplicaSet/default/kubia')?.replicas).toBe(1)
  })

  it('inserts replicas into a Deployment that has none, after the last key of spec', () => {
    const source = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx # pinned later
status: {}
`
    const yaml = edited(setReplicas(source, 'Deployment/default/web', 0))
    expect(yaml).toBe(source.replace('# pinned later\n', '# pinned later\n  replicas: 0\n'))
    expect(specOf(yaml, 'Deployment/default/web')?.replicas).toBe(0)
  })

  it('adds spec after metadata when there is none, in the document’s four-space style', () => {
    const source =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n    name: db\n    labels:\n        app: db\n# end\n'
    expect(edited(setReplicas(source, 'StatefulSet/default/db', 2))).toBe(
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n    name: db\n    labels:\n        app: db\nspec:\n    replicas: 2\n# end\n',
    )
  })

  it('fills in an empty spec and handles a file without a final newline', () => {
    expect(
      edited(
        setReplicas(
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:',
          'Deployment/default/d',
          4,
        ),
      ),
    ).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 4')
  })

  it('refuses what is not a scalable workload or not a count', () => {
    const source = scenario('kubia-single-port.yaml')
    expect(refusal(setReplicas(source, 'Service/default/kubia', 2))).toBe(
      'Service/default/kubia is a Service, not a Deployment, ReplicaSet or StatefulSet.',
    )
    expect(refusal(setReplicas(source, 'ReplicaSet/default/kubia', -1))).toBe(
      'replicas must be a whole number of 0 or more, not -1.',
    )
    expect(refusal(setReplicas(source, 'ReplicaSet/default/kubia', 1.5))).toBe(
      'replicas must be a whole number of 0 or more, not 1.5.',
    )
    expect(refusal(setReplicas(source, 'Deployment/default/kubia', 1))).toBe(
      'Deployment/default/kubia was not found in the YAML.',
    )
  })
})
