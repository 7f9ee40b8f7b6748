import { describe, expect, it } from 'vitest'
import { simulate } from '../simulate'
import { isTraceError } from './resolve'
import type { ClientSpec, TargetSpec } from './resolve'
import { runRequests } from './runRequests'
import type { RunOptions } from './runRequests'
import { createSession } from './session'
import type { Session } from './session'
import type { RequestTrace } from './trace'

const nodes = `apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.49.2}]}
---
apiVersion: v1
kind: Node
metadata: {name: node-2}
spec: {podCIDR: 10.244.1.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.49.3}]}
`

function pod(name: string, node: string, labels = '{app: web}', port = 8080): string {
  return `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${labels}}
spec:
  nodeName: ${node}
  containers: [{name: c, image: nginx, ports: [{containerPort: ${port}}]}]
`
}

function service(spec: string, name = 'web'): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
${spec}`
}

const threePods =
  nodes +
  pod('web-a', 'node-1') +
  pod('web-b', 'node-1') +
  pod('web-c', 'node-2') +
  pod('client', 'node-1', '{app: client}')

function run(
  yaml: string,
  client: ClientSpec,
  target: TargetSpec,
  options: Partial<RunOptions> = {},
  session: Session = createSession(1),
): { traces: RequestTrace[]; session: Session; clusterIP: string } {
  const simulation = simulate(yaml, { seed: 1 })
  const traces = runRequests(
    simulation,
    session,
    { client, target },
    {
      count: 1,
      keepAlive: false,
      intervalSeconds: 1,
      ...options,
    },
  )
  if (isTraceError(traces)) throw new Error(traces.message)
  const clusterIP = simulation.cluster.services.find((s) => s.name === 'web')?.clusterIP ?? ''
  return { traces, session, clusterIP }
}

const fromClient: ClientSpec = { kind: 'pod', ref: 'Pod/default/client' }
const web: TargetSpec = { kind: 'url', url: 'http://web.default:80' }
const podOf = (t: RequestTrace) => (t.outcome.kind === 'connected' ? t.outcome.podRef : null)

describe('runRequests: load balancing', () => {
  it('spreads 30,000 new connections over 3 endpoints at 1/3 each (± 2 points)', () => {
    const { traces } = run(threePods + service(''), fromClient, web, { count: 30_000 })
    const counts = new Map<string | null, number>()
    for (const t of traces) counts.set(podOf(t), (counts.get(podOf(t)) ?? 0) + 1)
    expect([...counts.keys()].sort()).toEqual([
      'Pod/default/web-a',
      'Pod/default/web-b',
      'Pod/default/web-c',
    ])
    for (const count of counts.values()) expect(Math.abs(count / 30_000 - 1 / 3)).toBeLessThan(0.02)
  })

  it('draws the same sequence for the same seed, and another for another seed', () => {
    const yaml = threePods + service('')
    const sequence = (seed: number) =>
      run(yaml, fromClient, web, { count: 40 }, createSession(seed)).traces.map(podOf)
    expect(sequence(7)).toEqual(sequence(7))
    expect(sequence(7)).not.toEqual(sequence(8))
  })

  it('with keep-alive, every request rides one connection to one endpoint, without a rule walk', () => {
    const { traces } = run(threePods + service(''), fromClient, web, {
      count: 20,
      keepAlive: true,
    })
    expect(new Set(traces.map(podOf)).size).toBe(1)
    expect(traces.map((t) => t.connection)).toEqual(['new', ...Array<string>(19).fill('reused')])
    const later = traces[5]!
    expect(later.hops.some((h) => h.kind === 'chain')).toBe(false)
    expect(later.hops.map((h) => h.kind)).toEqual(['dns', 'send', 'conntrack', 'deliver', 'reply'])
  })

  it('without keep-alive, each request opens a connection from a new ephemeral port', () => {
    const { traces } = run(threePods + service(''), fromClient, web, { count: 50 })
    const ports = traces.map((t) => Number(t.hops[1]!.before.src.split(':')[1]))
    expect(new Set(ports).size).toBe(50)
    for (const p of ports) expect(p >= 32768 && p <= 60999).toBe(true)
  })
})

describe('runRequests: ClientIP affinity', () => {
  const sticky =
    threePods +
    service(
      '  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10}}\n',
    )

  it('pins a client to one endpoint while it keeps coming back within the timeout', () => {
    const { traces } = run(sticky, fromClient, web, { count: 30, intervalSeconds: 9 })
    expect(new Set(traces.map(podOf)).size).toBe(1)
    const svc = traces[3]!.hops.find((h) => h.title.includes('KUBE-SVC-'))!
    expect(svc.summary).toMatch(/^affinity: back to 10\.244\.\d\.\d+:8080/)
    expect(svc.rules.some((r) => r.matched && r.text.includes('--rcheck'))).toBe(true)
  })

  it('re-draws once the timeout passed since the last --set, and sticks again', () => {
    const session = createSession(3)
    const yaml = sticky
    const windows: (string | null)[] = []
    for (let i = 0; i < 12; i++) {
      const { traces } = run(yaml, fromClient, web, { count: 3, intervalSeconds: 2 }, session)
      expect(new Set(traces.map(podOf)).size).toBe(1)
      windows.push(podOf(traces[0]!))
      const first = traces[0]!.hops.find((h) => h.title.includes('KUBE-SVC-'))!
      if (i > 0) {
        // The list still holds the client, seen more than 10 s ago: --reap forgets it.
        expect(first.rules.some((r) => r.note.includes('reaped'))).toBe(true)
        expect(first.summary).toMatch(/picked endpoint/)
      }
      session.clock += 11
    }
    expect(new Set(windows).size).toBeGreaterThan(1)
  })

  it('still matches exactly timeoutSeconds after the last --set (xt_recent compares ≤)', () => {
    const { traces } = run(sticky, fromClient, web, { count: 5, intervalSeconds: 10 })
    expect(new Set(traces.map(podOf)).size).toBe(1)
  })
})

describe('runRequests: failures', () => {
  it('a Service without endpoints is rejected: connection refused', () => {
    const yaml = nodes + pod('client', 'node-1', '{app: client}') + service('')
    const { traces } = run(yaml, fromClient, web)
    expect(traces[0]!.outcome).toEqual({
      kind: 'refused',
      reason: 'refused',
      exitCode: 7,
      message:
        "curl: (7) Failed to connect to web.default port 80 after 0 ms: Couldn't connect to server",
    })
    expect(traces[0]!.hops.at(-1)?.summary).toContain('REJECT')
  })

  it('a DNAT to an address no Pod holds any more fails with no route to host after ~3 s', () => {
    const yaml =
      nodes +
      pod('client', 'node-1', '{app: client}') +
      `---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
ports: [{name: '', port: 8080, protocol: TCP}]
endpoints: [{addresses: [10.244.0.99], conditions: {ready: true}}]
`
    const { traces, clusterIP } = run(
      yaml,
      { kind: 'node', name: 'node-1' },
      {
        kind: 'service',
        serviceRef: 'Service/default/web',
        portIndex: 0,
      },
    )
    expect(traces[0]!.outcome).toMatchObject({
      reason: 'unreachable',
      exitCode: 7,
      message: `curl: (7) Failed to connect to ${clusterIP} port 80 after 3000 ms: Couldn't connect to server`,
    })
    expect(traces[0]!.elapsedMs).toBe(3000)
  })

  it('a Pod that does not listen on the target port resets the connection: refused', () => {
    const yaml =
      nodes +
      pod('web-a', 'node-1', '{app: web}', 9090) +
      pod('client', 'node-1', '{app: client}') +
      service('')
    const { traces } = run(yaml, fromClient, web)
    expect(traces[0]!.outcome).toMatchObject({ reason: 'refused', exitCode: 7 })
    expect(traces[0]!.hops.at(-1)).toMatchObject({ kind: 'refuse', title: 'web-a refuses' })
  })

  it('a Service name does not resolve from a node (no cluster DNS there): curl (6)', () => {
    const { traces } = run(threePods + service(''), { kind: 'node', name: 'node-1' }, web)
    expect(traces[0]!.outcome).toMatchObject({
      reason: 'dns',
      message: 'curl: (6) Could not resolve host: web.default',
    })
  })

  it('resolves a short name through the Pod search path, noting the NXDOMAINs', () => {
    const { traces, clusterIP } = run(threePods + service(''), fromClient, {
      kind: 'url',
      url: 'web',
    })
    const dns = traces[0]!.hops[0]!
    expect(dns).toMatchObject({ kind: 'dns', title: `DNS: web → ${clusterIP}` })
    expect(dns.summary).toContain('web.default.svc.cluster.local is A')
    expect(traces[0]!.outcome.kind).toBe('connected')
  })
})

describe('runRequests: masquerade', () => {
  it('a Pod reaching itself through its Service (hairpin) is masqueraded to the cni0 address', () => {
    const yaml = nodes + pod('web-a', 'node-1') + service('')
    const { traces } = run(yaml, { kind: 'pod', ref: 'Pod/default/web-a' }, web)
    const deliver = traces[0]!.hops.find((h) => h.kind === 'deliver')!
    expect(deliver.title).toBe('web-a accepts')
    expect(deliver.before.src.split(':')[0]).toBe('10.244.0.1')
    const sep = traces[0]!.hops.find((h) => h.title.includes('KUBE-SEP-'))!
    expect(sep.rules[0]).toMatchObject({ matched: true })
    expect(sep.rules[0]!.text).toContain('-s 10.244.0.')
  })

  it('a Pod-to-Service connection to a Pod on another node keeps its source', () => {
    const yaml =
      nodes + pod('web-c', 'node-2') + pod('client', 'node-1', '{app: client}') + service('')
    const { traces } = run(yaml, fromClient, web)
    const deliver = traces[0]!.hops.find((h) => h.kind === 'deliver')!
    expect(deliver.before.src.split(':')[0]).toBe(
      traces[0]!.hops.find((h) => h.kind === 'send')!.before.src.split(':')[0],
    )
    expect(traces[0]!.hops.some((h) => h.title === 'node-2: nat PREROUTING')).toBe(true)
  })
})

describe('runRequests: NodePort and external traffic policy (kube-proxy behaviour)', () => {
  const outside: ClientSpec = { kind: 'ip', ip: '203.0.113.7', node: 'node-1' }

  it('NodePort from outside reaches a Pod; the source is masqueraded to the node address on the way out', () => {
    const yaml =
      nodes +
      pod('web-a', 'node-1') +
      service('  type: NodePort\n').replace('targetPort: 8080', 'targetPort: 8080, nodePort: 30080')
    const { traces } = run(yaml, outside, { kind: 'url', url: 'http://192.168.49.2:30080' })
    const t = traces[0]!
    expect(t.outcome).toMatchObject({ kind: 'connected', podRef: 'Pod/default/web-a' })
    expect(t.outcome.kind === 'connected' && t.outcome.endpoint).toMatch(/^10\.244\.0\.\d+:8080$/)
    expect(t.hops.some((h) => h.title.endsWith('nat KUBE-NODEPORTS'))).toBe(true)
    const deliver = t.hops.find((h) => h.kind === 'deliver')!
    // Toward a Pod on this node the packet leaves by cni0, whose address is the .1 of podCIDR.
    expect(deliver.before.src.split(':')[0]).toBe('10.244.0.1')
    const reply = t.hops.at(-1)!
    expect(reply.kind).toBe('reply')
    expect(reply.after.src).toBe('192.168.49.2:30080')
    expect(reply.after.dst).toMatch(/^203\.0\.113\.7:/)
  })

  it('NodePort to a Pod on another node is masqueraded to the flannel.1 address (.0)', () => {
    const yaml =
      nodes +
      pod('web-c', 'node-2') +
      service('  type: NodePort\n').replace('targetPort: 8080', 'targetPort: 8080, nodePort: 30080')
    const { traces } = run(yaml, outside, { kind: 'url', url: 'http://192.168.49.2:30080' })
    const deliver = traces[0]!.hops.find((h) => h.kind === 'deliver')!
    expect(traces[0]!.outcome.kind).toBe('connected')
    expect(deliver.before.src.split(':')[0]).toBe('10.244.0.0')
  })

  it('externalTrafficPolicy Local on a node without a local endpoint drops: curl times out', () => {
    const yaml =
      nodes +
      pod('web-a', 'node-1') +
      service('  type: NodePort\n  externalTrafficPolicy: Local\n').replace(
        'targetPort: 8080',
        'targetPort: 8080, nodePort: 30080',
      )
    const { traces } = run(
      yaml,
      { kind: 'ip', ip: '203.0.113.7', node: 'node-2' },
      {
        kind: 'url',
        url: 'http://192.168.49.3:30080',
      },
    )
    expect(traces[0]!.outcome).toEqual({
      kind: 'refused',
      reason: 'timeout',
      exitCode: 28,
      message:
        "curl: (28) Failed to connect to 192.168.49.3 port 30080 after 127000 ms: Couldn't connect to server",
    })
    expect(traces[0]!.hops.some((h) => h.summary.includes('DROP'))).toBe(true)
    expect(traces[0]!.elapsedMs).toBe(127_000)
  })

  it('externalTrafficPolicy Local keeps the client source on a node with a local endpoint', () => {
    const yaml =
      nodes +
      pod('web-a', 'node-1') +
      service('  type: NodePort\n  externalTrafficPolicy: Local\n').replace(
        'targetPort: 8080',
        'targetPort: 8080, nodePort: 30080',
      )
    const { traces } = run(yaml, outside, { kind: 'url', url: 'http://192.168.49.2:30080' })
    const deliver = traces[0]!.hops.find((h) => h.kind === 'deliver')!
    expect(deliver.before.src.split(':')[0]).toBe('203.0.113.7')
  })

  it('a LoadBalancer source range not matching the client: KUBE-FW falls through, KUBE-PROXY-FIREWALL drops', () => {
    const yaml =
      nodes +
      pod('web-a', 'node-1') +
      service(
        '  type: LoadBalancer\n  loadBalancerSourceRanges: [198.51.100.0/24]\nstatus: {loadBalancer: {ingress: [{ip: 192.0.2.10}]}}\n',
      )
    const { traces } = run(yaml, outside, { kind: 'url', url: 'http://192.0.2.10' })
    expect(traces[0]!.outcome).toMatchObject({ reason: 'timeout', exitCode: 28 })
    expect(traces[0]!.hops.some((h) => h.title.includes('KUBE-FW-'))).toBe(true)
    expect(traces[0]!.hops.some((h) => h.title.endsWith('filter KUBE-PROXY-FIREWALL'))).toBe(true)
    const allowed = run(
      yaml,
      { kind: 'ip', ip: '198.51.100.20', node: 'node-1' },
      {
        kind: 'url',
        url: 'http://192.0.2.10',
      },
    )
    expect(allowed.traces[0]!.outcome.kind).toBe('connected')
  })
})
