import { describe, expect, it } from 'vitest'
import type {
  EndpointAddress,
  EndpointsState,
  EndpointSubset,
  PodState,
  ServiceState,
} from '../model/cluster'
import { emptySource, endpointsState } from '../model/build'
import {
  OVER_CAPACITY_ANNOTATION,
  reconcileEndpoints,
  repackSubsets,
  truncateEndpoints,
} from './reconcileEndpoints'
import { pod, port, service } from './webFixtures'

function addr(ip: string, name = ''): EndpointAddress {
  return {
    ip,
    hostname: '',
    nodeName: 'node-1',
    targetRef: name === '' ? '' : `Pod/default/${name}`,
  }
}

function ips(addresses: readonly EndpointAddress[]): string[] {
  return addresses.map((a) => a.ip)
}

function run(services: ServiceState[], pods: PodState[], user: EndpointsState[] = []) {
  return reconcileEndpoints(services, pods, [], user)
}

// reference/discovery.md §3.1; pkg/controller/endpoint/endpoints_controller_test.go
describe('reconcileEndpoints', () => {
  it('makes an Endpoints named like the Service with the Service labels', () => {
    const { endpoints } = run([service()], [pod('a', '10.244.0.5')])
    expect(endpoints).toHaveLength(1)
    const ep = endpoints[0]!
    expect(ep.name).toBe('web')
    expect(ep.labels).toEqual({ team: 'a' })
    expect(ep.annotations).toEqual({})
    expect(ep.source).toBeNull()
    expect(ep.subsets).toEqual([
      {
        addresses: [addr('10.244.0.5', 'a')],
        notReadyAddresses: [],
        ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
      },
    ])
  })

  it('labels a headless Service and removes the label from a ClusterIP one', () => {
    const headless = run([service({ clusterIP: 'None' })], [pod('a', '10.244.0.5')]).endpoints[0]
    expect(headless?.labels).toEqual({ team: 'a', 'service.kubernetes.io/headless': '' })
    const plain = run(
      [service({ labels: { 'service.kubernetes.io/headless': '' } })],
      [pod('a', '10.244.0.5')],
    ).endpoints[0]
    expect(plain?.labels).toEqual({})
  })

  it('splits Pods that map the same port name to different numbers into two subsets', () => {
    // discovery.md §3.1 step 8: pods a,b http→8080 and c http→9090.
    const { endpoints } = run(
      [service()],
      [
        pod('a', '10.244.0.5'),
        pod('b', '10.244.0.6'),
        pod('c', '10.244.0.7', { ports: [port('http', 9090)] }),
      ],
    )
    expect(endpoints[0]?.subsets.map((s) => [ips(s.addresses), s.ports])).toEqual([
      [['10.244.0.5', '10.244.0.6'], [{ name: 'http', protocol: 'TCP', port: 8080 }]],
      [['10.244.0.7'], [{ name: 'http', protocol: 'TCP', port: 9090 }]],
    ])
  })

  it('leaves a Pod out only for the port it lacks (subsets group ports by address set)', () => {
    const svc = service({
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: 80,
          targetPort: 'http',
          nodePort: 0,
          appProtocol: '',
        },
        {
          name: 'metrics',
          protocol: 'TCP',
          port: 9100,
          targetPort: 9100,
          nodePort: 0,
          appProtocol: '',
        },
      ],
    })
    const { endpoints } = run(
      [svc],
      [pod('a', '10.244.0.5'), pod('b', '10.244.0.6', { ports: [] })],
    )
    expect(
      endpoints[0]?.subsets.map((s) => [ips(s.addresses), s.ports.map((p) => p.port)]),
    ).toEqual([
      [['10.244.0.5'], [8080]],
      [['10.244.0.5', '10.244.0.6'], [9100]],
    ])
  })

  it('puts not-ready Pods in notReadyAddresses; terminal, IP-less and terminating Pods nowhere', () => {
    // TestSyncServiceAddresses: Unknown+notready → notReady; Failed/Succeeded → none;
    // ready but terminating → none.
    const { endpoints } = run(
      [service()],
      [
        pod('ready', '10.244.0.5'),
        pod('pending', '10.244.0.6', { phase: 'Pending', ready: true }),
        pod('unknown', '10.244.0.7', { phase: 'Unknown', ready: false }),
        pod('failed', '10.244.0.8', { phase: 'Failed' }),
        pod('done', '10.244.0.9', { phase: 'Succeeded' }),
        pod('noip', ''),
        pod('leaving', '10.244.0.10', { terminating: true }),
      ],
    )
    expect(endpoints[0]?.subsets).toHaveLength(1)
    const subset = endpoints[0]!.subsets[0]!
    expect(ips(subset.addresses)).toEqual(['10.244.0.5', '10.244.0.6'])
    expect(ips(subset.notReadyAddresses)).toEqual(['10.244.0.7'])
  })

  it('publishNotReadyAddresses makes every non-terminal Pod ready, terminating ones too', () => {
    const { endpoints } = run(
      [service({ publishNotReadyAddresses: true })],
      [
        pod('starting', '10.244.0.5', { ready: false }),
        pod('leaving', '10.244.0.6', { terminating: true, ready: false }),
        pod('failed', '10.244.0.7', { phase: 'Failed' }),
      ],
    )
    const subset = endpoints[0]!.subsets[0]!
    expect(ips(subset.addresses)).toEqual(['10.244.0.5', '10.244.0.6'])
    expect(subset.notReadyAddresses).toEqual([])
  })

  it('sets the hostname only when the subdomain is the Service name (discovery.md §2.3)', () => {
    const { endpoints } = run(
      [service({ clusterIP: 'None' })],
      [
        pod('web-0', '10.244.0.5', { hostname: 'web-0', subdomain: 'web' }),
        pod('web-1', '10.244.0.6', { hostname: 'web-1', subdomain: 'other' }),
        pod('web-2', '10.244.0.7', { subdomain: 'web' }),
      ],
    )
    expect(endpoints[0]?.subsets[0]?.addresses.map((a) => a.hostname)).toEqual(['web-0', '', ''])
  })

  it('sorts addresses byte-wise, so 10.0.0.10 comes before 10.0.0.2', () => {
    const { endpoints } = run([service()], [pod('two', '10.0.0.2'), pod('ten', '10.0.0.10')])
    expect(ips(endpoints[0]!.subsets[0]!.addresses)).toEqual(['10.0.0.10', '10.0.0.2'])
  })

  it('publishes a headless Service without ports with bare addresses, a ClusterIP one not', () => {
    const headless = run([service({ clusterIP: 'None', ports: [] })], [pod('a', '10.244.0.5')])
    expect(headless.endpoints[0]?.subsets).toEqual([
      { addresses: [addr('10.244.0.5', 'a')], notReadyAddresses: [], ports: [] },
    ])
    const plain = run([service({ ports: [] })], [pod('a', '10.244.0.5')])
    expect(plain.endpoints[0]?.subsets).toEqual([])
  })

  it('gives a Service whose selector matches nothing an Endpoints with no subsets', () => {
    const { endpoints } = run([service({ selector: { app: 'nope' } })], [pod('a', '10.244.0.5')])
    expect(endpoints.map((e) => [e.name, e.subsets])).toEqual([['web', []]])
  })

  it('keeps the user Endpoints of a Service without selector, and of no Service at all', () => {
    const user = endpointsState({
      name: 'db',
      subsets: [{ addresses: [addr('10.0.0.9')], notReadyAddresses: [], ports: [] }],
      source: emptySource(),
    })
    const orphan: EndpointsState = { ...user, name: 'orphan' }
    const { endpoints } = run(
      [service({ name: 'db', ref: 'Service/default/db', selector: null })],
      [],
      [user, orphan],
    )
    expect(endpoints).toEqual([user, orphan])
  })

  it('skips ExternalName Services', () => {
    const { endpoints } = run(
      [service({ type: 'ExternalName', clusterIP: '', externalName: 'example.com' })],
      [pod('a', '10.244.0.5')],
    )
    expect(endpoints).toEqual([])
  })

  it('overwrites a user Endpoints named like a selector Service, keeping its annotations', () => {
    const user = endpointsState({
      name: 'web',
      labels: { mine: 'yes' },
      annotations: { note: 'x', [OVER_CAPACITY_ANNOTATION]: 'truncated' },
      subsets: [{ addresses: [addr('10.0.0.9')], notReadyAddresses: [], ports: [] }],
      source: emptySource(),
    })
    const { endpoints } = run([service()], [pod('a', '10.244.0.5')], [user])
    expect(endpoints).toHaveLength(1)
    expect(endpoints[0]?.labels).toEqual({ team: 'a' })
    expect(endpoints[0]?.annotations).toEqual({ note: 'x' })
    expect(ips(endpoints[0]!.subsets[0]!.addresses)).toEqual(['10.244.0.5'])
  })

  it('truncates above 1000 addresses and sets the over-capacity annotation', () => {
    const pods = Array.from({ length: 1001 }, (_, i) =>
      pod(`p${i}`, `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`),
    )
    const { endpoints } = run([service()], pods)
    expect(endpoints[0]?.annotations).toEqual({ [OVER_CAPACITY_ANNOTATION]: 'truncated' })
    expect(endpoints[0]?.subsets[0]?.addresses).toHaveLength(1000)
  })
})

describe('repackSubsets', () => {
  it('merges addresses serving the same ports and de-duplicates them', () => {
    const p80 = { name: 'a', protocol: 'TCP' as const, port: 80 }
    const p81 = { name: 'b', protocol: 'TCP' as const, port: 81 }
    const out = repackSubsets([
      { addresses: [addr('10.0.0.1')], notReadyAddresses: [], ports: [p80] },
      { addresses: [addr('10.0.0.1')], notReadyAddresses: [], ports: [p81] },
      { addresses: [addr('10.0.0.2')], notReadyAddresses: [], ports: [p81, p80] },
    ])
    expect(out).toEqual([
      { addresses: [addr('10.0.0.1'), addr('10.0.0.2')], notReadyAddresses: [], ports: [p80, p81] },
    ])
  })

  it('not-ready for a port wins over ready', () => {
    const p80 = { name: '', protocol: 'TCP' as const, port: 80 }
    const out = repackSubsets([
      { addresses: [addr('10.0.0.1')], notReadyAddresses: [], ports: [p80] },
      { addresses: [], notReadyAddresses: [addr('10.0.0.1')], ports: [p80] },
    ])
    expect(out).toEqual([{ addresses: [], notReadyAddresses: [addr('10.0.0.1')], ports: [p80] }])
  })
})

// The two vectors of TestTruncateEndpoints (pkg/controller/endpoint/endpoints_controller_test.go),
// as quoted in reference/discovery.md §3.1 step 10.
describe('truncateEndpoints', () => {
  function subsets(ready: number[], notReady: number[]): EndpointSubset[] {
    let n = 0
    const make = (count: number): EndpointAddress[] =>
      Array.from({ length: count }, () => {
        n++
        return addr(`10.${Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`)
      })
    return ready.map((r, i) => ({
      addresses: make(r),
      notReadyAddresses: make(notReady[i] ?? 0),
      ports: [{ name: '', protocol: 'TCP', port: 80 }],
    }))
  }

  it('keeps every ready address and shares the rest among not-ready ones', () => {
    const s = subsets([90, 110, 50, 10, 20], [101, 200, 200, 201, 298])
    expect(truncateEndpoints(s)).toBe(true)
    expect(s.map((x) => x.addresses.length)).toEqual([90, 110, 50, 10, 20])
    expect(s.map((x) => x.notReadyAddresses.length)).toEqual([73, 144, 144, 145, 214])
  })

  it('with more than 1000 ready, drops all not-ready and shares 1000 among the ready', () => {
    const s = subsets([205, 400, 402, 400, 693], [100, 200, 200, 200, 300])
    expect(truncateEndpoints(s)).toBe(true)
    expect(s.map((x) => x.addresses.length)).toEqual([98, 191, 192, 191, 328])
    expect(s.map((x) => x.notReadyAddresses.length)).toEqual([0, 0, 0, 0, 0])
  })

  it('does nothing at exactly 1000', () => {
    const s = subsets([500], [500])
    expect(truncateEndpoints(s)).toBe(false)
    expect(s[0]?.notReadyAddresses).toHaveLength(500)
  })
})
