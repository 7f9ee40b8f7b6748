import { describe, expect, it } from 'vitest'
import { endpointsState, serviceState, servicePort } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState, EndpointSubset } from '../../model/cluster'
import { createRng } from '../../rng'
import {
  affinityOf,
  cleanupStaleStickySessions,
  createLoadBalancer,
  nextEndpoint,
  nextEndpointWithReset,
  shuffleStrings,
  updateLoadBalancer,
} from './loadBalancer'

// Fixtures follow kubernetes/kubernetes pkg/proxy/userspace/roundrobin_test.go: Endpoints
// testnamespace/foo with ports of one address ("endpoint:1", "endpoint:2", ...), clients
// 127.0.0.1..6. Upstream asserts relative to `loadBalancer.services[svc].endpoints` because the
// shuffle is random; with a seed the same assertions hold and the order is pinned too.
function subset(ip: string, ports: [string, number][]): EndpointSubset {
  return {
    addresses: [{ ip, hostname: '', nodeName: '', targetRef: '' }],
    notReadyAddresses: [],
    ports: ports.map(([name, port]) => ({ name, protocol: 'TCP', port })),
  }
}

function cluster(subsets: EndpointSubset[], affinity = false): ClusterState {
  return {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    namespaces: ['testnamespace'],
    nodes: [],
    pods: [],
    services: [
      serviceState({
        name: 'foo',
        namespace: 'testnamespace',
        clusterIP: '10.0.0.1',
        ports: [servicePort({ name: 'p', port: 80 })],
        sessionAffinity: affinity ? 'ClientIP' : 'None',
      }),
    ],
    endpoints: [endpointsState({ name: 'foo', namespace: 'testnamespace', subsets })],
    endpointSlices: [],
  }
}

const SVC = 'testnamespace/foo:p'
const threePorts = [
  subset('endpoint', [
    ['p', 1],
    ['p', 2],
    ['p', 3],
  ]),
]
const sticky = { timeoutSeconds: 10800 }

describe('shuffleStrings', () => {
  it('is a permutation fixed by the seed', () => {
    const items = ['a', 'b', 'c', 'd', 'e']
    const once = shuffleStrings(items, createRng(3))
    expect([...once].sort()).toEqual(items)
    expect(shuffleStrings(items, createRng(3))).toEqual(once)
  })
})

describe('nextEndpoint', () => {
  it('fails with no service entry (TestLoadBalanceFailsWithNoEndpoints)', () => {
    const lb = createLoadBalancer(cluster([]), createRng(1))
    expect(nextEndpoint(lb, 'testnamespace/foo:does-not-exist', '', 0, null).endpoint).toBeNull()
    // mergeService's NewService made the entry, so a known port has "missing endpoints".
    expect(nextEndpoint(lb, SVC, '', 0, null).explanation).toContain('missing endpoints')
  })

  it('walks the shuffled list round robin (TestLoadBalanceWorksWithMultipleEndpoints)', () => {
    const lb = createLoadBalancer(cluster(threePorts), createRng(1))
    const shuffled = lb.services.get(SVC)?.endpoints ?? []
    expect([...shuffled].sort()).toEqual(['endpoint:1', 'endpoint:2', 'endpoint:3'])
    expect(shuffled).toEqual(['endpoint:2', 'endpoint:3', 'endpoint:1'])
    const picks = [0, 1, 2, 3].map(() => nextEndpoint(lb, SVC, '', 0, null).endpoint)
    expect(picks).toEqual([shuffled[0], shuffled[1], shuffled[2], shuffled[0]])
  })

  it('keeps each client on its endpoint (TestStickyLoadBalanceWorksWithNewServiceCalledFirst)', () => {
    const lb = createLoadBalancer(cluster(threePorts, true), createRng(1))
    const clients = ['127.0.0.1', '127.0.0.2', '127.0.0.3']
    const first = clients.map((c) => nextEndpoint(lb, SVC, c, 0, sticky).endpoint)
    for (let round = 1; round <= 3; round++) {
      expect(clients.map((c) => nextEndpoint(lb, SVC, c, round, sticky).endpoint)).toEqual(first)
    }
    expect(new Set(first).size).toBe(3)
  })

  it('expires affinity after timeoutSeconds whole seconds of idleness', () => {
    const lb = createLoadBalancer(cluster(threePorts, true), createRng(1))
    const ttl = { timeoutSeconds: 10 }
    const first = nextEndpoint(lb, SVC, '127.0.0.1', 100, ttl).endpoint
    // int(time.Since(lastUsed).Seconds()) < ttlSeconds: 9.99 s truncates to 9, still sticky.
    expect(nextEndpoint(lb, SVC, '127.0.0.1', 109.99, ttl).endpoint).toBe(first)
    // lastUsed was refreshed to 109.99; 10 s later the entry has expired.
    const after = nextEndpoint(lb, SVC, '127.0.0.1', 119.99, ttl)
    expect(after.endpoint).not.toBe(first)
    expect(after.explanation).toContain('had expired')
    expect(cleanupStaleStickySessions(lb, SVC, 129.99, ttl)).toEqual(['127.0.0.1'])
  })

  it('skips affinity on reset (TestStickyLoadBalanceWorksWithEndpointFails)', () => {
    const lb = createLoadBalancer(cluster(threePorts, true), createRng(1))
    const [c1, c2, c3] = ['127.0.0.1', '127.0.0.2', '127.0.0.3']
    const ep1 = nextEndpoint(lb, SVC, c1, 0, sticky).endpoint
    const ep2 = nextEndpoint(lb, SVC, c2, 0, sticky).endpoint
    const ep3 = nextEndpoint(lb, SVC, c3, 0, sticky).endpoint
    const reset = (client: string) =>
      nextEndpointWithReset(lb, SVC, client, 0, sticky, true).endpoint
    expect([reset(c1), reset(c1), reset(c1)]).toEqual([ep1, ep2, ep3])
    expect(nextEndpoint(lb, SVC, c2, 0, sticky).endpoint).toBe(ep2)
    expect([reset(c2), reset(c3), reset(c1), reset(c2)]).toEqual([ep1, ep2, ep3, ep1])
  })

  it('reshuffles on a changed set and drops affinity to removed endpoints (TestStickyLoadBalanaceWorksWithMultipleEndpointsRemoveOne)', () => {
    const lb = createLoadBalancer(cluster(threePorts, true), createRng(1))
    const clients = ['127.0.0.1', '127.0.0.2', '127.0.0.3']
    const pinned = clients.map((c) => nextEndpoint(lb, SVC, c, 0, sticky).endpoint)
    updateLoadBalancer(
      lb,
      cluster(
        [
          subset('endpoint', [
            ['p', 1],
            ['p', 2],
          ]),
        ],
        true,
      ),
    )
    const state = lb.services.get(SVC)
    expect(state?.index).toBe(0)
    const lost = clients[pinned.indexOf('endpoint:3')] ?? ''
    expect(state?.affinity.has(lost)).toBe(false)
    clients.forEach((c, i) => {
      if (c !== lost) expect(nextEndpoint(lb, SVC, c, 1, sticky).endpoint).toBe(pinned[i])
    })
    // An unchanged set keeps order, index and table (OnEndpointsUpdate's slicesEquiv check).
    const before = structuredClone(lb.services.get(SVC))
    updateLoadBalancer(
      lb,
      cluster(
        [
          subset('endpoint', [
            ['p', 2],
            ['p', 1],
          ]),
        ],
        true,
      ),
    )
    expect(lb.services.get(SVC)).toEqual(before)
  })

  it('reads the affinity of a service port from its Service', () => {
    expect(affinityOf(cluster([], true), SVC)).toEqual({ timeoutSeconds: 10800 })
    expect(affinityOf(cluster([]), SVC)).toBeNull()
  })

  it('is deterministic for a seed', () => {
    const a = createLoadBalancer(cluster(threePorts), createRng(9))
    const b = createLoadBalancer(cluster(threePorts), createRng(9))
    expect(a.services).toEqual(b.services)
  })
})
