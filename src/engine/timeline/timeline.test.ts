import { describe, expect, it } from 'vitest'
import { runControlPlane, runEndpointControllers } from '../control/buildCluster'
import { renderIptablesSave } from '../dataplane/iptables/renderIptablesSave'
import type { PodState } from '../model/cluster'
import { simulate } from '../simulate'
import type { Simulation } from '../simulate'
import { isTraceError } from '../traffic/resolve'
import type { ClientSpec, TargetSpec } from '../traffic/resolve'
import type { RequestTrace } from '../traffic/trace'
import type { FaultEvent } from './replayEvents'
import { runTimelineRequests } from './runTimelineRequests'
import type { TimedRequest } from './runTimelineRequests'
import { apiStateAt, applyEvents, proxyStateAt, timelineEffects } from './timeline'
import type { Timeline } from './timeline'

const twoNodes = `apiVersion: v1
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

const client = `---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: node-1
  containers: [{name: c, image: curl}]
`

function workload(kind: string, replicas: number, extra = ''): string {
  return `---
apiVersion: apps/v1
kind: ${kind}
metadata: {name: web}
spec:
${kind === 'DaemonSet' ? '' : `  replicas: ${replicas}\n`}${extra}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
`
}

const service = `---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`

const headless = `---
apiVersion: v1
kind: Service
metadata: {name: web-hl}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 8080}]
`

function sim(yaml: string): Simulation {
  return simulate(yaml, { seed: 1 })
}

const fromClient: ClientSpec = { kind: 'pod', ref: 'Pod/default/client' }
const toWeb: TargetSpec = { kind: 'service', serviceRef: 'Service/default/web', portIndex: 0 }
const webPods = (s: Simulation): PodState[] =>
  s.cluster.pods.filter((p) => p.owner !== null && p.labels['app'] === 'web')
const sliceOf = (s: Simulation) => s.cluster.endpointSlices.find((e) => e.serviceName === 'web')!
const sliceIPs = (s: Simulation) => sliceOf(s).endpoints.map((e) => e.addresses[0])
const rulesText = (s: Simulation, node = 'node-1') => renderIptablesSave(s.iptables.get(node)!)

function traces(timeline: Timeline, requests: readonly TimedRequest[], seed = 7): RequestTrace[] {
  return runTimelineRequests(timeline, requests, seed).map((t) => {
    if (isTraceError(t)) throw new Error(t.message)
    return t
  })
}

describe('delete a Deployment Pod', () => {
  // The ReplicaSet controller (pkg/controller/replicaset manageReplicas) sees one Pod fewer than
  // spec.replicas and creates one from the template with generateName; the EndpointSlice and
  // endpoints controllers then drop the old address and add the new one.
  const base = sim(twoNodes + workload('Deployment', 3) + service + client)
  const victim = webPods(base)[1]!
  const timeline: Timeline = {
    base,
    events: [{ at: 10, kind: 'delete-pod', pod: victim.ref }],
    syncDelaySeconds: 5,
  }

  it('is there before its time, gone from then on, with a replacement under a new name and address', () => {
    expect(apiStateAt(timeline, 9.99)).toBe(base)
    const after = apiStateAt(timeline, 10)
    expect(after.cluster.pods.some((p) => p.ref === victim.ref)).toBe(false)
    const replacement = webPods(after).find((p) => !webPods(base).some((b) => b.ref === p.ref))!
    expect(webPods(after)).toHaveLength(3)
    expect(replacement.name).toMatch(/^web-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(replacement.name.slice(0, -5)).toBe(victim.name.slice(0, -5))
    expect(replacement).toMatchObject({ phase: 'Running', ready: true })
    expect(replacement.owner).toBe('Deployment/default/web')
    // host-local continues after its last reserved address: never the one just released.
    expect(replacement.podIP).not.toBe(victim.podIP)
    const sameNode = base.cluster.pods.filter((p) => p.nodeName === replacement.nodeName)
    const lastOnNode = Math.max(...sameNode.map((p) => Number(p.podIP.split('.')[3])))
    expect(Number(replacement.podIP.split('.')[3])).toBe(lastOnNode + 1)
    expect(apiStateAt(timeline, 1000)).toBe(after)
  })

  it('changes the EndpointSlice and the Endpoints at once', () => {
    const after = apiStateAt(timeline, 10)
    const replacement = webPods(after).at(-1)!
    expect(sliceIPs(base)).toContain(victim.podIP)
    expect(sliceIPs(after)).not.toContain(victim.podIP)
    expect(sliceIPs(after)).toContain(replacement.podIP)
    // The slice keeps its name: the controller updates the slice of an unchanged Service.
    expect(sliceOf(after).name).toBe(sliceOf(base).name)
    const endpoints = after.cluster.endpoints.find((e) => e.name === 'web')!
    expect(endpoints.subsets[0]!.addresses.map((a) => a.ip)).toContain(replacement.podIP)
    expect(endpoints.subsets[0]!.addresses.map((a) => a.ip)).not.toContain(victim.podIP)
    expect(after.manifests).toBe(base.manifests)
    expect(after.diagnostics).toBe(base.diagnostics)
  })

  it('keeps the old rules on the nodes until the sync delay has passed', () => {
    expect(rulesText(proxyStateAt(timeline, 14.9))).toBe(rulesText(base))
    expect(rulesText(proxyStateAt(timeline, 14.9))).toContain(`${victim.podIP}:8080`)
    expect(proxyStateAt(timeline, 14.9).cluster).toBe(apiStateAt(timeline, 14.9).cluster)
    expect(proxyStateAt(timeline, 15)).toBe(apiStateAt(timeline, 15))
    expect(rulesText(proxyStateAt(timeline, 15))).not.toContain(`${victim.podIP}:8080`)
  })

  it('avoids the deleted Pod once kube-proxy has synced', () => {
    const sent = traces(timeline, [
      { at: 16, request: { client: fromClient, target: toWeb }, count: 12 },
    ])
    expect(sent).toHaveLength(12)
    for (const t of sent) expect(t.outcome).toMatchObject({ kind: 'connected' })
    expect(sent.map((t) => t.outcome.kind === 'connected' && t.outcome.podRef)).not.toContain(
      victim.ref,
    )
  })
})

describe('a request in the sync delay window', () => {
  // One replica, so the only rule DNATs to the deleted Pod: kube-proxy has not removed it yet,
  // the packet goes to an address no Pod holds, ARP gets no answer: EHOSTUNREACH.
  const base = sim(twoNodes + workload('Deployment', 1) + service + client)
  const victim = webPods(base)[0]!
  const timeline: Timeline = {
    base,
    events: [{ at: 10, kind: 'delete-pod', pod: victim.ref }],
    syncDelaySeconds: 5,
  }

  it('is DNATed to the deleted Pod and fails with no route to host; after the delay it reaches the replacement', () => {
    const [early, late] = traces(timeline, [
      { at: 11, request: { client: fromClient, target: toWeb } },
      { at: 16, request: { client: fromClient, target: toWeb } },
    ])
    expect(early!.startedAt).toBe(11)
    expect(early!.outcome).toMatchObject({ kind: 'refused', reason: 'unreachable', exitCode: 7 })
    expect(early!.elapsedMs).toBe(3000)
    expect(early!.hops.at(-1)).toMatchObject({ kind: 'drop', title: `nobody has ${victim.podIP}` })
    expect(early!.hops.at(-1)!.summary).toContain('No route to host')
    const replacement = webPods(apiStateAt(timeline, 16))[0]!
    expect(late!.startedAt).toBe(16)
    expect(late!.outcome).toEqual({
      kind: 'connected',
      podRef: replacement.ref,
      endpoint: `${replacement.podIP}:8080`,
    })
  })

  it('with syncDelay 0 the rules follow the API at once', () => {
    const now: Timeline = { ...timeline, syncDelaySeconds: 0 }
    expect(proxyStateAt(now, 10)).toBe(apiStateAt(now, 10))
    const [t] = traces(now, [{ at: 10, request: { client: fromClient, target: toWeb } }])
    expect(t!.outcome).toMatchObject({ kind: 'connected' })
    expect(t!.outcome.kind === 'connected' && t!.outcome.podRef).not.toBe(victim.ref)
  })

  it('a series without keep-alive sees the change between its requests', () => {
    const sent = traces(timeline, [
      { at: 13, request: { client: fromClient, target: toWeb }, count: 3, intervalSeconds: 1 },
    ])
    // 13: old rules, 3 s of ARP → the next starts at 16, when the new rules are in.
    expect(sent.map((t) => [t.startedAt, t.outcome.kind])).toEqual([
      [13, 'refused'],
      [16, 'connected'],
      [17, 'connected'],
    ])
  })

  it('a keep-alive series runs on one connection against the world at its start', () => {
    const sent = traces(timeline, [
      { at: 2, request: { client: fromClient, target: toWeb }, count: 3, keepAlive: true },
    ])
    expect(sent.map((t) => t.connection)).toEqual(['new', 'reused', 'reused'])
    expect(
      sent.every((t) => t.outcome.kind === 'connected' && t.outcome.podRef === victim.ref),
    ).toBe(true)
  })
})

describe('readiness', () => {
  // kubelet flips the Ready condition; the EndpointSlice controller publishes the endpoint with
  // ready=false (serving=false) and the endpoints controller moves it to notReadyAddresses;
  // kube-proxy then leaves it out of the Service's chain (only ready endpoints get KUBE-SEP jumps).
  const base = sim(twoNodes + workload('Deployment', 3) + service + client)
  const pod = webPods(base)[0]!
  const timeline: Timeline = {
    base,
    events: [
      { at: 10, kind: 'set-ready', pod: pod.ref, ready: false },
      { at: 20, kind: 'set-ready', pod: pod.ref, ready: true },
    ],
    syncDelaySeconds: 5,
  }

  it('not ready: ready=false in the slice at once, out of the rules after the delay', () => {
    const api = apiStateAt(timeline, 10)
    expect(api.cluster.pods.find((p) => p.ref === pod.ref)).toMatchObject({ ready: false })
    const endpoint = sliceOf(api).endpoints.find((e) => e.targetRef === pod.ref)!
    expect(endpoint.conditions).toEqual({ ready: false, serving: false, terminating: false })
    const endpoints = api.cluster.endpoints.find((e) => e.name === 'web')!
    expect(endpoints.subsets[0]!.notReadyAddresses.map((a) => a.ip)).toEqual([pod.podIP])
    expect(rulesText(proxyStateAt(timeline, 14))).toContain(`${pod.podIP}:8080`)
    expect(rulesText(proxyStateAt(timeline, 15))).not.toContain(`${pod.podIP}:8080`)
    expect(rulesText(api)).not.toContain(`${pod.podIP}:8080`)
  })

  it('a Pod that is not Ready still accepts a connection sent to its own address', () => {
    const [t] = traces(timeline, [
      {
        at: 12,
        request: { client: fromClient, target: { kind: 'address', ip: pod.podIP, port: 8080 } },
      },
    ])
    expect(t!.outcome).toMatchObject({ kind: 'connected', podRef: pod.ref })
  })

  it('ready again: back in the slice at once and in the rules after the delay', () => {
    const api = apiStateAt(timeline, 20)
    expect(sliceOf(api).endpoints.find((e) => e.targetRef === pod.ref)!.conditions.ready).toBe(true)
    expect(rulesText(proxyStateAt(timeline, 24))).not.toContain(`${pod.podIP}:8080`)
    expect(rulesText(proxyStateAt(timeline, 25))).toBe(rulesText(base))
  })
})

describe('scaling', () => {
  it('a Deployment 3 → 1 keeps one Pod, 1 → 3 adds two with new names and the next addresses', () => {
    // One node, so the "doubled up" rank is equal and creation order decides.
    const base = sim(workload('Deployment', 3) + service)
    const [first, second, third] = webPods(base)
    const timeline: Timeline = {
      base,
      events: [
        { at: 5, kind: 'scale', workload: 'Deployment/default/web', replicas: 1 },
        { at: 8, kind: 'scale', workload: 'Deployment/default/web', replicas: 3 },
      ],
      syncDelaySeconds: 1,
    }
    const down = apiStateAt(timeline, 5)
    expect(webPods(down).map((p) => p.ref)).toEqual([first!.ref])
    expect(sliceIPs(down)).toEqual([first!.podIP])
    const up = apiStateAt(timeline, 8)
    expect(webPods(up)).toHaveLength(3)
    expect(webPods(up).map((p) => p.podIP)).toEqual(['10.244.0.2', '10.244.0.5', '10.244.0.6'])
    expect(webPods(up).some((p) => p.ref === second!.ref || p.ref === third!.ref)).toBe(false)
    expect(timelineEffects(timeline).map((e) => [e.deleted.length, e.created.length])).toEqual([
      [2, 0],
      [0, 2],
    ])
  })

  it('scale down deletes a not-ready Pod first, then one doubled up on a node', () => {
    // ActivePodsWithRanks.Less: not ready < ready; more colocated Pods first; newer first.
    const base = sim(twoNodes + workload('Deployment', 3) + service)
    const pods = webPods(base)
    const lone = pods.find(
      (p) => base.cluster.pods.filter((q) => q.nodeName === p.nodeName).length === 1,
    )!
    const notReady: Timeline = {
      base,
      events: [
        { at: 1, kind: 'set-ready', pod: lone.ref, ready: false },
        { at: 2, kind: 'scale', workload: 'Deployment/default/web', replicas: 2 },
      ],
      syncDelaySeconds: 0,
    }
    expect(timelineEffects(notReady)[1]!.deleted).toEqual([lone.ref])
    const doubled: Timeline = {
      base,
      events: [{ at: 2, kind: 'scale', workload: 'Deployment/default/web', replicas: 2 }],
      syncDelaySeconds: 0,
    }
    expect(apiStateAt(doubled, 2).cluster.pods.find((p) => p.ref === lone.ref)).toBeDefined()
  })

  it('among equals, the Pod Ready for less time goes first, then the newest', () => {
    // One node: equal ranks. Steps 6 and 8 of ActivePodsWithRanks.Less decide.
    const base = sim(workload('Deployment', 3) + service)
    const [first, second] = webPods(base)
    const scale = (at: number): FaultEvent => ({
      at,
      kind: 'scale',
      workload: 'Deployment/default/web',
      replicas: 2,
    })
    const newest: Timeline = {
      base,
      events: [{ at: 1, kind: 'delete-pod', pod: first!.ref }, scale(3)],
      syncDelaySeconds: 0,
    }
    const [deleted, scaled] = timelineEffects(newest)
    expect(scaled!.deleted).toEqual(deleted!.created)
    const readyLater: Timeline = {
      base,
      events: [
        { at: 1, kind: 'delete-pod', pod: first!.ref },
        { at: 2, kind: 'set-ready', pod: second!.ref, ready: false },
        { at: 3, kind: 'set-ready', pod: second!.ref, ready: true },
        scale(4),
      ],
      syncDelaySeconds: 0,
    }
    expect(timelineEffects(readyLater)[3]!.deleted).toEqual([second!.ref])
  })

  it('a DaemonSet cannot be scaled; an unknown workload changes nothing', () => {
    const base = sim(twoNodes + workload('DaemonSet', 0))
    const timeline: Timeline = {
      base,
      events: [
        { at: 1, kind: 'scale', workload: 'DaemonSet/default/web', replicas: 5 },
        { at: 2, kind: 'scale', workload: 'Deployment/default/nope', replicas: 5 },
        { at: 3, kind: 'scale', workload: 'DaemonSet/default/web', replicas: -1 },
      ],
      syncDelaySeconds: 0,
    }
    expect(apiStateAt(timeline, 10)).toBe(base)
    expect(timelineEffects(timeline).map((e) => [e.applied, e.note])).toEqual([
      [false, expect.stringContaining('no scale subresource')],
      [false, 'deployments.apps "nope" not found'],
      [false, expect.stringContaining('no scale subresource')],
    ])
  })

  it('rejects negative replicas as the API server does', () => {
    const base = sim(workload('ReplicaSet', 2))
    const timeline: Timeline = {
      base,
      events: [{ at: 1, kind: 'scale', workload: 'ReplicaSet/default/web', replicas: -1 }],
      syncDelaySeconds: 0,
    }
    expect(timelineEffects(timeline)[0]!.note).toBe(
      'The ReplicaSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    )
    expect(apiStateAt(timeline, 1)).toBe(base)
  })
})

describe('StatefulSet', () => {
  // stateful_set_control.go: a missing ordinal is created again with the same identity;
  // ordinals >= replicas are condemned and deleted, highest first.
  const base = sim(
    twoNodes + workload('StatefulSet', 3, '  serviceName: web-hl\n') + headless + service,
  )
  const names = (s: Simulation) => webPods(s).map((p) => p.name)

  it('a deleted Pod comes back with the same name and hostname and the next free address', () => {
    const web1 = base.cluster.pods.find((p) => p.name === 'web-1')!
    const timeline: Timeline = {
      base,
      events: [{ at: 4, kind: 'delete-pod', pod: web1.ref }],
      syncDelaySeconds: 2,
    }
    const after = apiStateAt(timeline, 4)
    const back = after.cluster.pods.find((p) => p.name === 'web-1')!
    expect(back).toMatchObject({ hostname: 'web-1', subdomain: 'web-hl', ready: true })
    expect(back.labels['statefulset.kubernetes.io/pod-name']).toBe('web-1')
    expect(back.podIP).not.toBe(web1.podIP)
    const onNode = base.cluster.pods.filter((p) => p.nodeName === back.nodeName)
    expect(Number(back.podIP.split('.')[3])).toBe(
      Math.max(...onNode.map((p) => Number(p.podIP.split('.')[3]))) + 1,
    )
    expect(timelineEffects(timeline)[0]!.note).toContain('the StatefulSet controller creates web-1')
    // The headless Service's slice names the Pod by hostname, now at its new address.
    const hl = after.cluster.endpointSlices.find((e) => e.serviceName === 'web-hl')!
    expect(hl.endpoints.find((e) => e.hostname === 'web-1')!.addresses).toEqual([back.podIP])
  })

  it('scaling 3 → 1 removes web-2 then web-1; 1 → 3 brings them back', () => {
    const timeline: Timeline = {
      base,
      events: [
        { at: 1, kind: 'scale', workload: 'StatefulSet/default/web', replicas: 1 },
        { at: 2, kind: 'scale', workload: 'StatefulSet/default/web', replicas: 3 },
      ],
      syncDelaySeconds: 0,
    }
    expect(names(apiStateAt(timeline, 1))).toEqual(['web-0'])
    expect(timelineEffects(timeline)[0]!.deleted).toEqual([
      'Pod/default/web-2',
      'Pod/default/web-1',
    ])
    expect(names(apiStateAt(timeline, 2))).toEqual(['web-0', 'web-1', 'web-2'])
  })
})

describe('DaemonSet', () => {
  it('replaces a deleted Pod on the same node', () => {
    const base = sim(twoNodes + workload('DaemonSet', 0))
    const victim = webPods(base).find((p) => p.nodeName === 'node-2')!
    const timeline: Timeline = {
      base,
      events: [{ at: 1, kind: 'delete-pod', pod: victim.ref }],
      syncDelaySeconds: 0,
    }
    const created = webPods(apiStateAt(timeline, 1)).filter((p) => p.ref !== victim.ref)
    expect(created.map((p) => [p.nodeName, p.podIP])).toEqual([
      ['node-1', '10.244.0.2'],
      ['node-2', '10.244.1.3'],
    ])
  })
})

describe('the controller phase of buildCluster', () => {
  it('run again on the same Pods gives the same cluster, slice names included', () => {
    const base = sim(twoNodes + workload('Deployment', 3) + service + client + headless)
    const plane = runControlPlane(base.manifests, base.settings)
    expect(plane.result.cluster).toEqual(base.cluster)
    expect(runEndpointControllers(plane.inputs, base.cluster.pods).cluster).toEqual(base.cluster)
  })
})

describe('event order and replay', () => {
  const base = sim(twoNodes + workload('Deployment', 3) + service + client)
  const pod = webPods(base)[0]!
  const notReady = (at: number): FaultEvent => ({
    at,
    kind: 'set-ready',
    pod: pod.ref,
    ready: false,
  })
  const ready = (at: number): FaultEvent => ({ at, kind: 'set-ready', pod: pod.ref, ready: true })
  const readyAt = (timeline: Timeline, t: number) =>
    apiStateAt(timeline, t).cluster.pods.find((p) => p.ref === pod.ref)!.ready

  it('applies events by time, whatever their order in the list', () => {
    const timeline: Timeline = { base, events: [ready(20), notReady(10)], syncDelaySeconds: 0 }
    expect([5, 10, 15, 20].map((t) => readyAt(timeline, t))).toEqual([true, false, false, true])
    expect(timelineEffects(timeline).map((e) => e.index)).toEqual([1, 0])
  })

  it('applies events at the same time in list order', () => {
    const last = (events: FaultEvent[]) => readyAt({ base, events, syncDelaySeconds: 0 }, 10)
    expect(last([notReady(10), ready(10)])).toBe(true)
    expect(last([ready(10), notReady(10)])).toBe(false)
  })

  it('replays identically: the same inputs and seed give deep-equal states and traces', () => {
    const run = () => {
      const again = sim(twoNodes + workload('Deployment', 3) + service + client)
      const victim = webPods(again)[2]!
      const timeline: Timeline = {
        base: again,
        events: [
          { at: 3, kind: 'delete-pod', pod: victim.ref },
          { at: 6, kind: 'scale', workload: 'Deployment/default/web', replicas: 5 },
        ],
        syncDelaySeconds: 2,
      }
      const requests: TimedRequest[] = [
        { at: 0, request: { client: fromClient, target: toWeb }, count: 4 },
        { at: 4, request: { client: fromClient, target: toWeb }, count: 4 },
        { at: 9, request: { client: fromClient, target: toWeb }, count: 6, keepAlive: true },
      ]
      return {
        state: apiStateAt(timeline, 10).cluster,
        traces: runTimelineRequests(timeline, requests, 42),
      }
    }
    const a = run()
    const b = run()
    expect(a.traces).toHaveLength(14)
    expect(b).toEqual(a)
  })

  it('memoises: the same state object for the same moment, also through a new Timeline object', () => {
    const events = [notReady(10)]
    const timeline: Timeline = { base, events, syncDelaySeconds: 3 }
    expect(apiStateAt(timeline, 11)).toBe(apiStateAt(timeline, 12))
    expect(apiStateAt({ base, events: [notReady(10)], syncDelaySeconds: 0 }, 11)).toBe(
      apiStateAt(timeline, 11),
    )
    expect(proxyStateAt(timeline, 11)).toBe(proxyStateAt(timeline, 12.5))
    expect(proxyStateAt(timeline, 11)).not.toBe(apiStateAt(timeline, 11))
  })

  it('an event about a Pod that does not exist changes nothing', () => {
    const timeline: Timeline = {
      base,
      events: [{ at: 1, kind: 'delete-pod', pod: 'Pod/default/ghost' }],
      syncDelaySeconds: 0,
    }
    expect(apiStateAt(timeline, 5)).toBe(base)
    expect(timelineEffects(timeline)[0]).toMatchObject({
      applied: false,
      note: 'pods "ghost" not found',
    })
  })

  it('applyEvents applies the whole list and recomputes cluster and rules together', () => {
    const after = applyEvents(base, [{ at: 50, kind: 'delete-pod', pod: pod.ref }])
    expect(after.cluster.pods.some((p) => p.ref === pod.ref)).toBe(false)
    expect(rulesText(after)).not.toContain(`${pod.podIP}:8080`)
    expect(after.settings).toBe(base.settings)
    expect(after.rejected).toBe(base.rejected)
  })

  it('a request from a Pod deleted by then cannot be sent', () => {
    const timeline: Timeline = {
      base,
      events: [{ at: 1, kind: 'delete-pod', pod: 'Pod/default/client' }],
      syncDelaySeconds: 0,
    }
    const out = runTimelineRequests(
      timeline,
      [{ at: 2, request: { client: fromClient, target: toWeb }, count: 2 }],
      1,
    )
    expect(out).toEqual([
      { kind: 'no-client', message: 'pod "Pod/default/client" not found' },
      { kind: 'no-client', message: 'pod "Pod/default/client" not found' },
    ])
  })
})

describe('proxyStateAt in IPVS and userspace mode', () => {
  const text = (mode: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${mode}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`
  it('carries the virtual servers and the balancer endpoints from t − syncDelay', () => {
    for (const mode of ['ipvs', 'userspace']) {
      const base = simulate(text(mode), {})
      const timeline = {
        base,
        events: [{ at: 1, kind: 'delete-pod', pod: 'Pod/default/web-1' } as const],
        syncDelaySeconds: 5,
      }
      const during = proxyStateAt(timeline, 3)
      const after = proxyStateAt(timeline, 7)
      expect(during.cluster.pods.some((p) => p.name === 'web-1')).toBe(false)
      expect(during.ipvs).toBe(base.ipvs)
      expect(during.userspace).toBe(base.userspace)
      if (mode === 'ipvs') {
        const web = (s: typeof base) =>
          s.ipvs.get('node-1')?.virtualServers.find((v) => v.service === 'Service/default/web')
        expect(web(during)?.realServers.length).toBe(1)
        expect(web(after)?.realServers.length).toBe(0)
      } else {
        const endpoints = (s: typeof base) =>
          s.userspace.get('node-1')?.synced.endpoints.find((e) => e.name === 'web')?.subsets.length
        expect(endpoints(during)).toBe(1)
        expect(endpoints(after)).toBe(0)
      }
    }
  })
})
