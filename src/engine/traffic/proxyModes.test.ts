import { describe, expect, it } from 'vitest'
import { renderIpvsadm } from '../dataplane/ipvs/renderIpvsadm'
import { simulate } from '../simulate'
import type { Simulation } from '../simulate'
import { runTimelineRequests } from '../timeline/runTimelineRequests'
import type { FaultEvent } from '../timeline/replayEvents'
import { ipvsCountersOf } from './ipvsSession'
import { isTraceError } from './resolve'
import type { TraceError } from './resolve'
import { runRequests } from './runRequests'
import type { RunOptions } from './runRequests'
import { createSession } from './session'
import type { Session } from './session'
import type { RequestTrace } from './trace'

function yaml(
  mode: string,
  opts: { scheduler?: string; service?: string; targetPort?: number; replicas?: number } = {},
): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${mode}
ipvs: {scheduler: "${opts.scheduler ?? ''}"}
---
apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.49.2}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${opts.replicas ?? 3}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: ${opts.targetPort ?? 8080}}]
${opts.service ?? ''}`
}

const target = { kind: 'service', serviceRef: 'Service/default/web', portIndex: 0 } as const
const fromPod = (name = 'client') => ({ kind: 'pod', ref: `Pod/default/${name}` }) as const

function send(
  sim: Simulation,
  session: Session,
  options: Partial<RunOptions> = {},
  client = fromPod(),
): RequestTrace[] {
  const traces = runRequests(
    sim,
    session,
    { client, target },
    { count: 1, keepAlive: false, intervalSeconds: 1, ...options },
  )
  if (isTraceError(traces)) throw new Error(traces.message)
  return traces
}

const endpoints = (traces: RequestTrace[]) =>
  traces.map((t) => (t.outcome.kind === 'connected' ? t.outcome.endpoint : t.outcome.message))

const podIPs = (sim: Simulation) =>
  sim.cluster.pods.filter((p) => p.name.startsWith('web-')).map((p) => `${p.podIP}:8080`)

describe('IPVS mode', () => {
  it('fills only the ipvs map and walks iptables → ipvs → deliver', () => {
    const sim = simulate(yaml('ipvs'), {})
    expect(sim.proxyMode).toBe('ipvs')
    expect(sim.iptables.size).toBe(0)
    expect(sim.userspace.size).toBe(0)
    const [trace] = send(sim, createSession(1))
    const kinds = trace?.hops.map((h) => h.kind) ?? []
    expect(kinds.slice(0, 2)).toEqual(['send', 'chain'])
    const ipvs = trace?.hops.find((h) => h.kind === 'ipvs')
    expect(ipvs?.anchor).toEqual({
      kind: 'ipvs',
      node: 'node-1',
      virtualServer: `TCP ${sim.cluster.services.find((s) => s.name === 'web')?.clusterIP}:80`,
    })
    expect(ipvs?.summary).toMatch(
      /^ipvs: TCP 10\.\d+\.\d+\.\d+:80 rr → 10\.244\.0\.\d:8080 \(rr cursor moved/,
    )
    expect(ipvs?.rules[0]?.text).toMatch(/^TCP {2}10\.\d+\.\d+\.\d+:80 rr$/)
    expect(ipvs?.rules.filter((r) => r.matched).length).toBe(2)
    expect(kinds.slice(-2)).toEqual(['deliver', 'reply'])
  })

  it('rr over 3 endpoints goes A B C A … in the kernel list order (reverse of add order)', () => {
    const sim = simulate(yaml('ipvs'), {})
    const kernelOrder = [...podIPs(sim)].sort().reverse()
    const traces = send(sim, createSession(1), { count: 6 })
    expect(endpoints(traces)).toEqual([...kernelOrder, ...kernelOrder])
  })

  it('wlc: while a kept-alive connection is open, new connections go to the less loaded', () => {
    const sim = simulate(yaml('ipvs', { scheduler: 'wlc' }), {})
    const session = createSession(1)
    const [open] = send(
      sim,
      session,
      { keepAlive: true, leaveOpen: true, count: 2 },
      fromPod('other'),
    )
    const busy = open?.outcome.kind === 'connected' ? open.outcome.endpoint : ''
    const short = endpoints(send(sim, session, { count: 6 }))
    expect(short).not.toContain(busy)
    expect(new Set(short).size).toBe(2)
    const counters = ipvsCountersOf(session, 'node-1')
    const vip = sim.cluster.services.find((s) => s.name === 'web')?.clusterIP ?? ''
    expect(counters.get(`${vip}:80/TCP|${busy}`)).toEqual({ active: 1, inactive: 0 })
  })

  it('sh pins a client to one real server', () => {
    const sim = simulate(yaml('ipvs', { scheduler: 'sh' }), {})
    const picks = endpoints(send(sim, createSession(3), { count: 8 }))
    expect(new Set(picks).size).toBe(1)
  })

  it('ClientIP affinity: the persistence template holds until its timeout', () => {
    const affinity = `  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10}}
`
    const sim = simulate(yaml('ipvs', { service: affinity }), {})
    const session = createSession(1)
    const first = endpoints(send(sim, session, { count: 5, intervalSeconds: 2 }))
    expect(new Set(first).size).toBe(1)
    const ipvs = send(sim, session)[0]?.hops.find((h) => h.kind === 'ipvs')
    expect(ipvs?.summary).toMatch(/persistence: template for client 10\.244\.0\.\d+ -> .* hit/)
    session.clock += 11
    const later = endpoints(send(sim, session))
    expect(later[0]).not.toBe(first[0])
  })

  it('ipvsadm shows the live counters, and they expire with the clock', () => {
    const sim = simulate(yaml('ipvs'), {})
    const session = createSession(1)
    send(sim, session, { count: 6 })
    const node = sim.ipvs.get('node-1')
    if (!node) throw new Error('no ipvs node')
    const text = renderIpvsadm(node, ipvsCountersOf(session, 'node-1'))
    for (const ip of podIPs(sim)) {
      expect(text).toContain(`  -> ${ip.padEnd(28)} Masq    1      0          2         \n`)
    }
    session.clock += 121
    const later = renderIpvsadm(node, ipvsCountersOf(session, 'node-1'))
    expect(later).not.toMatch(/Masq {4}1 {6}0 {10}2/)
  })
})

describe('userspace mode', () => {
  it('says the mode is gone, and walks portal → proxy → dial → deliver with crossings', () => {
    const sim = simulate(yaml('userspace'), {})
    expect(sim.diagnostics.map((d) => d.message)).toContain(
      'userspace mode was removed from kube-proxy in v1.26; the playground shows how it worked',
    )
    expect(sim.userspace.size).toBe(1)
    const [trace] = send(sim, createSession(1))
    const hops = trace?.hops ?? []
    expect(hops.map((h) => h.kind)).toEqual([
      'send',
      'chain',
      'chain',
      'chain',
      'proxy',
      'proxy',
      'dial',
      'deliver',
      'reply',
    ])
    expect(hops[2]?.summary).toMatch(/REDIRECT to 10\.244\.0\.1:\d+/)
    expect(hops[4]?.anchor.kind).toBe('proxy')
    expect(hops[4]?.summary).toContain('kube-proxy accepts in user space')
    expect(hops[4]?.summary).toContain('1 kernel↔user crossing: accept4')
    expect(hops[6]?.summary).toContain('3 kernel↔user crossings')
    expect(hops[6]?.before.src).toMatch(/^10\.244\.0\.1:/)
  })

  it('all four dials refused: the proxy closes the accepted connection (curl 52)', () => {
    const sim = simulate(yaml('userspace', { targetPort: 9999 }), {})
    const [trace] = send(sim, createSession(1))
    const dials = trace?.hops.filter((h) => h.kind === 'dial') ?? []
    expect(dials.length).toBe(4)
    expect(dials.every((h) => h.title.endsWith('refused'))).toBe(true)
    expect(trace?.outcome).toMatchObject({
      reason: 'closed',
      exitCode: 52,
      message: 'curl: (52) Empty reply from server',
    })
    expect(trace?.elapsedMs).toBe(0)
  })
})

describe('a Pod deleted during the sync delay, in all three modes', () => {
  function world(mode: string, events: FaultEvent[]) {
    const base = simulate(
      yaml(mode, { replicas: mode === 'userspace-one' ? 1 : 3 }).replace(
        'userspace-one',
        'userspace',
      ),
      {},
    )
    return { base, events, syncDelaySeconds: 10 }
  }
  const at = (mode: string, events: FaultEvent[]): (RequestTrace | TraceError)[] =>
    runTimelineRequests(world(mode, events), [{ at: 5, request: { client: fromPod(), target } }], 1)

  function firstPick(mode: string): string {
    const [trace] = at(mode, [])
    if (!trace || isTraceError(trace) || trace.outcome.kind !== 'connected')
      throw new Error('no pick')
    return trace.outcome.podRef
  }

  it('iptables and IPVS fail on the stale endpoint; userspace retries the next Pod', () => {
    const outcomes = (['iptables', 'ipvs', 'userspace'] as const).map((mode) => {
      const victim = firstPick(mode)
      const [trace] = at(mode, [{ at: 1, kind: 'delete-pod', pod: victim }])
      if (!trace || isTraceError(trace)) throw new Error('no trace')
      return { mode, victim, trace }
    })
    const [iptables, ipvs, userspace] = outcomes
    expect(iptables?.trace.outcome).toMatchObject({ kind: 'refused', reason: 'unreachable' })
    expect(ipvs?.trace.outcome).toMatchObject({ kind: 'refused', reason: 'unreachable' })
    expect(ipvs?.trace.hops.some((h) => h.kind === 'ipvs')).toBe(true)
    expect(userspace?.trace.outcome.kind).toBe('connected')
    const dials = userspace?.trace.hops.filter((h) => h.kind === 'dial') ?? []
    expect(dials.map((h) => h.title.split(': ')[1])).toEqual(['timeout', 'connected'])
    expect(userspace?.trace.elapsedMs).toBe(250)
    if (userspace?.trace.outcome.kind === 'connected') {
      expect(userspace.trace.outcome.podRef).not.toBe(userspace.victim)
    }
  })

  it('userspace with its only endpoint gone: four timed-out dials, then a reset (curl 56)', () => {
    const victim = firstPick('userspace-one')
    const [trace] = at('userspace-one', [{ at: 1, kind: 'delete-pod', pod: victim }])
    if (!trace || isTraceError(trace)) throw new Error('no trace')
    expect(trace.hops.filter((h) => h.kind === 'dial').length).toBe(4)
    expect(trace.outcome).toMatchObject({
      reason: 'closed',
      exitCode: 56,
      message: 'curl: (56) Recv failure: Connection reset by peer',
    })
    expect(trace.elapsedMs).toBe(3750)
  })
})

describe('determinism', () => {
  it('the same seed gives the same traces in every mode', () => {
    for (const mode of ['iptables', 'ipvs', 'userspace']) {
      const a = send(simulate(yaml(mode, { scheduler: 'twos' }), {}), createSession(7), {
        count: 5,
      })
      const b = send(simulate(yaml(mode, { scheduler: 'twos' }), {}), createSession(7), {
        count: 5,
      })
      expect(a).toEqual(b)
    }
  })
})
