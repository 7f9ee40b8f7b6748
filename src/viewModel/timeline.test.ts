import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTraceError, simulate, traceRequest } from '../engine'
import type { RequestTrace } from '../engine'
import { servicePortPath } from './iptablesPath'
import { clampPosition, frameAt, stepBack, stepForward } from './timeline'
import { CLIENT_ID, toGraph } from './toGraph'

const simulation = simulate(readFileSync('scenarios/nginx-service.yaml', 'utf8'), { seed: 1 })
const client = { kind: 'node' as const, name: 'node-1' }
const serviceRef = 'Service/default/nginx-service'
const result = traceRequest(
  simulation,
  { client, target: { kind: 'service', serviceRef, portIndex: 0 } },
  1,
)
if (isTraceError(result)) throw new Error(result.message)
const trace: RequestTrace = result
const graph = toGraph(simulation, client, { serviceRef, portIndex: 0 })

describe('the playback timeline', () => {
  it('starts with the packet resting on the client', () => {
    const frame = frameAt(graph, trace.hops, 0)!
    expect(frame).toMatchObject({
      hopIndex: 0,
      progress: 0,
      fromNode: CLIENT_ID,
      toNode: serviceRef,
    })
    expect(frame.packet).toEqual(graph.packetStops.get(CLIENT_ID))
  })

  it('puts the packet halfway along the edge at half a step', () => {
    const frame = frameAt(graph, trace.hops, 0.5)!
    const a = graph.packetStops.get(CLIENT_ID)!
    const b = graph.packetStops.get(serviceRef)!
    expect(frame.packet).toEqual({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 })
  })

  it('shows the same frame for the same position however it was reached', () => {
    let stepped = 0
    for (let i = 0; i < 3; i++) stepped = stepForward(stepped, trace.hops)
    stepped = stepBack(stepped, trace.hops)
    expect(frameAt(graph, trace.hops, stepped)).toEqual(frameAt(graph, trace.hops, 2))
  })

  it('ends on the Pod, and stepping never leaves the timeline', () => {
    const last = trace.hops.length - 1
    expect(stepForward(last, trace.hops)).toBe(last)
    expect(stepBack(0, trace.hops)).toBe(0)
    expect(stepForward(1.4, trace.hops)).toBe(2)
    expect(stepBack(1.4, trace.hops)).toBe(1)
    expect(clampPosition(Number.NaN, trace.hops)).toBe(0)
    const deliver = trace.hops.findIndex((h) => h.kind === 'deliver')
    expect(frameAt(graph, trace.hops, deliver)?.fromNode).toBe('Pod/default/nginx')
  })
})

describe('the graph', () => {
  const service = simulation.cluster.services.find((s) => s.name === 'nginx-service')!
  const path = servicePortPath(simulation.iptables.get('node-1')!, {
    srcIP: '192.168.49.2',
    dstIP: service.clusterIP,
    dport: 8081,
    localIPs: ['192.168.49.2'],
  })!
  const svcChain = path.chains[1]!

  it('draws the client, the Service, the chains kube-proxy built for the target port, and the Pod in its Node', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      CLIENT_ID,
      serviceRef,
      'Chain/nat/KUBE-SERVICES',
      `Chain/nat/${svcChain}`,
      `Chain/nat/${path.branches[0]!.chain}`,
      'Node/node-1',
      'Pod/default/nginx',
    ])
    expect(graph.nodes.find((n) => n.id === serviceRef)!.data).toMatchObject({
      ports: [`${service.clusterIP}:8081/TCP`],
    })
    const sep = graph.nodes[4]!.id
    expect(graph.edges.map((e) => [e.id, e.label])).toEqual([
      [`${CLIENT_ID}->${serviceRef}`, undefined],
      [`${serviceRef}->Chain/nat/KUBE-SERVICES`, undefined],
      [`Chain/nat/KUBE-SERVICES->Chain/nat/${svcChain}`, undefined],
      [`Chain/nat/${svcChain}->${sep}`, 'always'],
      [`${sep}->Pod/default/nginx`, undefined],
    ])
    expect(path.branches).toEqual([
      { chain: path.branches[0]!.chain, label: 'always', endpoint: '10.244.0.2:80' },
    ])
  })

  it('draws other Services straight to their endpoints, labelled port → targetPort', () => {
    const other = toGraph(simulation, client, null)
    expect(other.edges.map((e) => [e.id, e.label])).toEqual([
      [`${serviceRef}->Pod/default/nginx`, '8081 → 80'],
    ])
  })
})
