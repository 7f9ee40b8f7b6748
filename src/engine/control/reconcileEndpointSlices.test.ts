import { describe, expect, it } from 'vitest'
import { nodeState, servicePort } from '../model/build'
import type { NodeState, PodState, ServiceState } from '../model/cluster'
import { createRng } from '../rng'
import { findPort, generateName, reconcileEndpointSlices } from './reconcileEndpointSlices'
import { pod, port, service } from './webFixtures'

const NODES = [
  nodeState({
    name: 'node-1',
    internalIP: '192.168.49.2',
    podCIDR: '10.244.0.0/24',
    labels: { 'topology.kubernetes.io/zone': 'zone-a' },
  }),
]

function run(services: ServiceState[], pods: PodState[], nodes: NodeState[] = NODES) {
  return reconcileEndpointSlices(services, pods, nodes, createRng(1))
}

// reference/discovery.md §3.2; staging/src/k8s.io/endpointslice reconciler_test.go, utils_test.go
describe('reconcileEndpointSlices', () => {
  it('makes one slice with labels, ports and conditions for ready Pods', () => {
    const { endpointSlices, diagnostics } = run([service()], [pod('a', '10.244.0.5')])
    expect(diagnostics).toEqual([])
    expect(endpointSlices).toHaveLength(1)
    const slice = endpointSlices[0]!
    expect(slice.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(slice.serviceName).toBe('web')
    expect(slice.addressType).toBe('IPv4')
    expect(slice.source).toBeNull()
    expect(slice.labels).toEqual({
      team: 'a',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    })
    expect(slice.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }])
    expect(slice.endpoints).toEqual([
      {
        addresses: ['10.244.0.5'],
        conditions: { ready: true, serving: true, terminating: false },
        hostname: '',
        nodeName: 'node-1',
        zone: 'zone-a',
        targetRef: 'Pod/default/a',
      },
    ])
  })

  it('is deterministic for a seed', () => {
    const a = run([service()], [pod('a', '10.244.0.5')]).endpointSlices[0]?.name
    const b = run([service()], [pod('a', '10.244.0.5')]).endpointSlices[0]?.name
    expect(a).toBe(b)
  })

  it('adds the headless label, and drops reserved labels the Service carries', () => {
    const slice = run(
      [
        service({
          clusterIP: 'None',
          labels: {
            'kubernetes.io/service-name': 'spoof',
            'endpointslice.kubernetes.io/managed-by': 'me',
          },
        }),
      ],
      [pod('a', '10.244.0.5')],
    ).endpointSlices[0]
    expect(slice?.labels).toEqual({
      'service.kubernetes.io/headless': '',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    })
  })

  it('puts Pods that resolve a named port differently into separate slices', () => {
    // discovery.md §3.2: pods a,b http→8080 and c http→9090.
    const { endpointSlices } = run(
      [service()],
      [
        pod('a', '10.244.0.5'),
        pod('b', '10.244.0.6'),
        pod('c', '10.244.0.7', { ports: [port('http', 9090)] }),
      ],
    )
    expect(
      endpointSlices.map((s) => [s.ports.map((p) => p.port), s.endpoints.map((e) => e.targetRef)]),
    ).toEqual([
      [[8080], ['Pod/default/a', 'Pod/default/b']],
      [[9090], ['Pod/default/c']],
    ])
    expect(new Set(endpointSlices.map((s) => s.name)).size).toBe(2)
  })

  it('keeps a Pod with none of the ports, in a slice with no ports', () => {
    const { endpointSlices } = run([service()], [pod('a', '10.244.0.5', { ports: [] })])
    expect(endpointSlices.map((s) => [s.ports, s.endpoints.length])).toEqual([[[], 1]])
  })

  it('sorts the port list of a slice', () => {
    const svc = service({
      ports: [
        { name: 'z', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 0, appProtocol: '' },
        { name: 'a', protocol: 'TCP', port: 81, targetPort: 81, nodePort: 0, appProtocol: 'http' },
      ],
    })
    expect(run([svc], [pod('a', '10.244.0.5')]).endpointSlices[0]?.ports).toEqual([
      { name: 'a', protocol: 'TCP', port: 81, appProtocol: 'http' },
      { name: 'z', protocol: 'TCP', port: 80 },
    ])
  })

  it('includes terminating Pods: ready=false, serving=podReady, terminating=true', () => {
    // podToEndpoint; discovery.md §3.2 and §9 fact 6.
    const { endpointSlices } = run(
      [service()],
      [pod('a', '10.244.0.5', { terminating: true }), pod('b', '10.244.0.6', { ready: false })],
    )
    expect(endpointSlices[0]?.endpoints.map((e) => [e.targetRef, e.conditions])).toEqual([
      ['Pod/default/a', { ready: false, serving: true, terminating: true }],
      ['Pod/default/b', { ready: false, serving: false, terminating: false }],
    ])
  })

  it('publishNotReadyAddresses makes every endpoint ready, even a terminating one', () => {
    const { endpointSlices } = run(
      [service({ publishNotReadyAddresses: true })],
      [pod('a', '10.244.0.5', { terminating: true, ready: false })],
    )
    expect(endpointSlices[0]?.endpoints[0]?.conditions).toEqual({
      ready: true,
      serving: false,
      terminating: true,
    })
  })

  it('leaves out terminal and IP-less Pods', () => {
    const { endpointSlices } = run(
      [service()],
      [
        pod('done', '10.244.0.5', { phase: 'Succeeded' }),
        pod('failed', '10.244.0.6', { phase: 'Failed' }),
        pod('noip', ''),
      ],
    )
    expect(endpointSlices.map((s) => [s.endpoints, s.ports])).toEqual([[[], []]])
  })

  it('skips a Pod on a Node that does not exist, unless publishNotReadyAddresses', () => {
    const pods = [pod('a', '10.244.0.5', { nodeName: 'ghost' })]
    expect(run([service()], pods).endpointSlices[0]?.endpoints).toEqual([])
    const published = run([service({ publishNotReadyAddresses: true })], pods).endpointSlices[0]
    expect(published?.endpoints.map((e) => [e.nodeName, e.zone])).toEqual([['ghost', '']])
  })

  it('sets the hostname only when the subdomain is the Service name (discovery.md §2.3)', () => {
    const { endpointSlices } = run(
      [service({ clusterIP: 'None' })],
      [
        pod('web-0', '10.244.0.5', { hostname: 'web-0', subdomain: 'web' }),
        pod('web-1', '10.244.0.6', { hostname: 'web-1', subdomain: 'db' }),
        pod('x', '10.244.0.7', { hostname: 'x', subdomain: 'web', namespace: 'other' }),
      ],
    )
    expect(endpointSlices[0]?.endpoints.map((e) => e.hostname)).toEqual(['web-0', ''])
  })

  it('makes a placeholder slice with no endpoints and no ports when nothing matches', () => {
    const { endpointSlices } = run(
      [service({ selector: { app: 'none' } })],
      [pod('a', '10.244.0.5')],
    )
    expect(endpointSlices).toHaveLength(1)
    expect(endpointSlices[0]?.endpoints).toEqual([])
    expect(endpointSlices[0]?.ports).toEqual([])
    expect(endpointSlices[0]?.labels['kubernetes.io/service-name']).toBe('web')
  })

  it('fills slices of at most 100 endpoints, in Pod creation order', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, `10.244.0.${i + 2}`))
    const { endpointSlices } = run([service()], [...pods].reverse())
    expect(endpointSlices.map((s) => s.endpoints.length)).toEqual([100, 100, 50])
    expect(endpointSlices[0]?.endpoints[0]?.targetRef).toBe('Pod/default/p0')
    expect(endpointSlices[2]?.endpoints[49]?.targetRef).toBe('Pod/default/p249')
  })

  it('skips Services without a selector and ExternalName Services', () => {
    const { endpointSlices } = run(
      [
        service({ selector: null }),
        service({ selector: {} }),
        service({ type: 'ExternalName', clusterIP: '', externalName: 'example.com' }),
      ],
      [pod('a', '10.244.0.5')],
    )
    expect(endpointSlices).toEqual([])
  })
})

describe('generateName and findPort', () => {
  it('cuts the base to 58 characters, as SimpleNameGenerator does', () => {
    const name = generateName(`${'a'.repeat(62)}-`, createRng(3))
    expect(name).toHaveLength(63)
    expect(name.startsWith('a'.repeat(58))).toBe(true)
  })

  it('resolves a named targetPort by name and protocol only', () => {
    const p = pod('a', '10.244.0.5', { ports: [port('dns', 53, 'UDP'), port('dns-tcp', 53)] })
    const sp = servicePort({ port: 53, targetPort: 'dns' })
    expect(findPort(p, sp)).toBeNull()
    expect(findPort(p, { ...sp, protocol: 'UDP' })).toBe(53)
    expect(findPort(p, { ...sp, targetPort: 5353 })).toBe(5353)
  })
})
