import { describe, expect, it } from 'vitest'
import { isTraceError } from './resolve'
import { simulate, traceRequest } from '../simulate'

const settings = { seed: 1 }

const manifests = (targetPort: string) => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
    - name: web
      image: nginx
      ports: [{containerPort: 80, name: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: curl}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080, targetPort: ${targetPort}}]
`

function trace(targetPort: string, client: 'node' | 'Pod/default/client' | 'Pod/default/web') {
  const simulation = simulate(manifests(targetPort), settings)
  const result = traceRequest(
    simulation,
    {
      client: client === 'node' ? { kind: 'node', name: 'node-1' } : { kind: 'pod', ref: client },
      target: { kind: 'service', serviceRef: 'Service/default/web', portIndex: 0 },
    },
    1,
  )
  if (isTraceError(result)) throw new Error(result.message)
  return { simulation, result }
}

describe('tracePacket (iptables)', () => {
  it('from a Pod: DNAT to the endpoint, no masquerade, reply un-NATed to the cluster IP', () => {
    const { simulation, result } = trace('http', 'Pod/default/client')
    const clusterIP = simulation.cluster.services.find((s) => s.name === 'web')!.clusterIP
    expect(result.outcome).toEqual({
      kind: 'connected',
      podRef: 'Pod/default/web',
      endpoint: '10.244.0.2:80',
    })
    // nat PREROUTING, KUBE-SERVICES, KUBE-SVC-, KUBE-SEP-; filter FORWARD, KUBE-FORWARD...;
    // nat POSTROUTING, KUBE-POSTROUTING; then the Pod.
    const kinds = result.hops.map((h) => h.kind)
    expect(kinds[0]).toBe('send')
    expect(kinds.slice(-2)).toEqual(['deliver', 'reply'])
    expect(result.hops.map((h) => h.title)).toEqual(
      expect.arrayContaining(['nat PREROUTING', 'filter FORWARD', 'nat POSTROUTING']),
    )
    expect(result.hops[1]!.anchor).toEqual({
      kind: 'service',
      ref: 'Service/default/web',
      portIndex: 0,
    })
    const deliver = result.hops.find((h) => h.kind === 'deliver')!
    expect(deliver.before.src.startsWith('10.244.0.3:')).toBe(true)
    const reply = result.hops.at(-1)!
    expect(reply.after.src).toBe(`${clusterIP}:8080`)
  })

  it('from the node: marked in KUBE-SVC and masqueraded to the bridge address 10.244.0.1', () => {
    const { result } = trace('http', 'node')
    const post = result.hops.find((h) => h.title === 'nat KUBE-POSTROUTING')!
    expect(post.before.src.startsWith('192.168.49.2:')).toBe(true)
    expect(post.after.src.startsWith('10.244.0.1:')).toBe(true)
  })

  it('hairpin: a Pod reaching itself through its Service is masqueraded by the KUBE-SEP rule', () => {
    const { result } = trace('http', 'Pod/default/web')
    const sep = result.hops.find((h) => h.title.startsWith('nat KUBE-SEP-'))!
    expect(sep.rules[0]).toMatchObject({ matched: true })
    expect(result.outcome.kind).toBe('connected')
  })

  it('a targetPort the Pod does not listen on is refused by the Pod, as curl reports it', () => {
    const { simulation, result } = trace('81', 'node')
    const clusterIP = simulation.cluster.services.find((s) => s.name === 'web')!.clusterIP
    expect(result.outcome).toEqual({
      kind: 'refused',
      reason: 'refused',
      exitCode: 7,
      message: `curl: (7) Failed to connect to ${clusterIP} port 8080 after 0 ms: Couldn't connect to server`,
    })
    expect(result.hops.at(-1)).toMatchObject({ kind: 'refuse', title: 'web refuses' })
  })

  it('a named targetPort no Pod has leaves the Service without endpoints: REJECT in filter', () => {
    const { simulation, result } = trace('nope', 'node')
    expect(simulation.diagnostics.map((d) => d.code)).toContain('target-port-not-found')
    expect(result.outcome.kind).toBe('refused')
    expect(result.hops.at(-1)?.summary).toBe('REJECT: icmp port-unreachable to the client')
  })

  it('is deterministic for a seed', () => {
    expect(trace('http', 'node').result).toEqual(trace('http', 'node').result)
  })
})
