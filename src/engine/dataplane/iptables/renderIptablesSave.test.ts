/**
 * Golden tests against kube-proxy's own unit tests (pkg/proxy/iptables/proxier_test.go). Each
 * case builds the upstream test's Services and EndpointSlices as ClusterState, programs the node
 * with the upstream fixture's settings (reference/kube-proxy-iptables.md §7: node IP 192.168.0.2,
 * detector 10.0.0.0/8, mark 0x4000, localhostNodePorts on, nfacct counters present,
 * tcp_be_liberal off, no --random-fully) and compares renderIptablesSave with the upstream
 * expected text in testdata/<name>.txt.
 *
 * Sources:
 * - CURRENT = kubernetes/kubernetes @531be81208e2274ef42e72525a26610a9622bcdf, node `test-node`:
 *   the expected text is transcribed unchanged.
 * - OLD = danwinship/kubernetes @01b3ac121f21c50fc71fdbba82ec51200ca17bea (≈v1.26/1.27), node
 *   `test-hostname`: the expected text is transcribed, then the deltas of reference §13 that the
 *   current proxier adds are applied by hand, as listed per case: (a) KUBE-FIREWALL chain and
 *   rule, (b) nfacct on the KUBE-FORWARD INVALID drop, (c) the localhost nfacct KUBE-NODEPORTS
 *   rule, (d) the trailing "other traffic … KUBE-PROXY-FIREWALL" rule of each KUBE-FW chain.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { endpointSlice, nodeState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type {
  ClusterState,
  Endpoint,
  EndpointPort,
  EndpointSlice,
  ServiceState,
} from '../../model/cluster'
import { programIptables } from './programIptables'
import type { ProxyConfig } from './programIptables'
import { renderIptablesSave } from './renderIptablesSave'

const golden = (name: string) =>
  readFileSync(new URL(`./testdata/${name}.txt`, import.meta.url), 'utf8')

const FIXTURE: ProxyConfig = { clusterCIDR: '10.0.0.0/8', masqueradeAll: false }

interface TestEndpoint {
  ip: string
  node?: string
  ready?: boolean
  serving?: boolean
  terminating?: boolean
}

/** makeTestEndpointSlice: conditions left nil upstream mean ready, serving, not terminating. */
function slice(
  namespace: string,
  service: string,
  endpoints: TestEndpoint[],
  ports: EndpointPort[] = [{ name: 'p80', protocol: 'TCP', port: 80 }],
): EndpointSlice {
  return endpointSlice({
    name: `${service}-1`,
    namespace,
    serviceName: service,
    ports,
    endpoints: endpoints.map((e): Endpoint => ({
      addresses: [e.ip],
      conditions: {
        ready: e.ready ?? true,
        serving: e.serving ?? true,
        terminating: e.terminating ?? false,
      },
      hostname: '',
      nodeName: e.node ?? '',
      zone: '',
      targetRef: '',
    })),
  })
}

function render(
  nodeName: string,
  services: ServiceState[],
  endpointSlices: EndpointSlice[],
  config: ProxyConfig = FIXTURE,
): string {
  const node = nodeState({ name: nodeName, internalIP: '192.168.0.2' })
  const cluster: ClusterState = {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    nodes: [node],
    namespaces: [],
    pods: [],
    services,
    endpoints: [],
    endpointSlices,
  }
  return renderIptablesSave(programIptables(cluster, node, config))
}

const p80 = (nodePort = 0) => [servicePort({ name: 'p80', port: 80, nodePort })]
const unnamed80 = [servicePort({ port: 80 })]
const unnamedSlicePort: EndpointPort[] = [{ name: '', protocol: 'TCP', port: 80 }]

describe('renderIptablesSave matches kube-proxy’s expected iptables-restore text', () => {
  // CURRENT TestOverallIPTablesRules, unchanged.
  it('TestOverallIPTablesRules', () => {
    const services = [
      serviceState({ namespace: 'ns1', name: 'svc1', clusterIP: '172.30.0.41', ports: p80() }),
      serviceState({
        namespace: 'ns2',
        name: 'svc2',
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        clusterIP: '172.30.0.42',
        ports: p80(3001),
        loadBalancerIngress: ['1.2.3.4'],
        externalIPs: ['192.168.99.22'],
        healthCheckNodePort: 30000,
      }),
      serviceState({
        namespace: 'ns3',
        name: 'svc3',
        type: 'NodePort',
        clusterIP: '172.30.0.43',
        ports: p80(3003),
      }),
      serviceState({
        namespace: 'ns4',
        name: 'svc4',
        type: 'NodePort',
        clusterIP: '172.30.0.44',
        externalIPs: ['192.168.99.33'],
        ports: p80(),
      }),
      serviceState({
        namespace: 'ns5',
        name: 'svc5',
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        clusterIP: '172.30.0.45',
        ports: p80(3002),
        loadBalancerIngress: ['5.6.7.8'],
        healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'],
        sessionAffinity: 'ClientIP',
        affinityTimeoutSeconds: 10800,
      }),
      serviceState({ namespace: 'ns6', name: 'svc6', clusterIP: '172.30.0.46', ports: p80() }),
    ]
    const slices = [
      slice('ns1', 'svc1', [{ ip: '10.180.0.1' }]),
      slice('ns2', 'svc2', [{ ip: '10.180.0.2' }]),
      slice('ns3', 'svc3', [{ ip: '10.180.0.3' }]),
      slice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', node: 'test-node' }]),
      slice('ns5', 'svc5', [{ ip: '10.180.0.3' }]),
    ]
    expect(render('test-node', services, slices)).toBe(golden('TestOverallIPTablesRules'))
    // Upstream walks Services in map order; the canonical text must not depend on it.
    expect(render('test-node', [...services].reverse(), slices)).toBe(
      golden('TestOverallIPTablesRules'),
    )
  })

  // OLD TestLoadBalancer, deltas (a) (b) (c) (d).
  it('TestLoadBalancer', () => {
    const svc = serviceState({
      namespace: 'ns1',
      name: 'svc1',
      type: 'LoadBalancer',
      clusterIP: '172.30.0.41',
      ports: p80(3001),
      loadBalancerIngress: ['1.2.3.4', '5.6.7.8'],
      loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
    })
    const eps = [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }])]
    expect(render('test-hostname', [svc], eps)).toBe(golden('TestLoadBalancer'))
  })

  // OLD TestNodePort, deltas (a) (b) (c).
  it('TestNodePort', () => {
    const svc = serviceState({
      namespace: 'ns1',
      name: 'svc1',
      type: 'NodePort',
      clusterIP: '172.30.0.41',
      ports: p80(3001),
    })
    const eps = [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }])]
    expect(render('test-hostname', [svc], eps)).toBe(golden('TestNodePort'))
  })

  // OLD TestOnlyLocalLoadBalancing, deltas (a) (b) (c).
  it('TestOnlyLocalLoadBalancing', () => {
    const svc = serviceState({
      namespace: 'ns1',
      name: 'svc1',
      type: 'LoadBalancer',
      clusterIP: '172.30.0.41',
      ports: p80(3001),
      healthCheckNodePort: 30000,
      loadBalancerIngress: ['1.2.3.4'],
      externalTrafficPolicy: 'Local',
      sessionAffinity: 'ClientIP',
      affinityTimeoutSeconds: 10800,
    })
    const eps = [
      slice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: 'test-hostname' }]),
    ]
    expect(render('test-hostname', [svc], eps)).toBe(golden('TestOnlyLocalLoadBalancing'))
  })

  // OLD TestDisableLocalhostNodePortsIPv4 (no-op local detector, localhostNodePorts false),
  // delta (b) only: (a) and (c) need localhostNodePorts.
  it('TestDisableLocalhostNodePortsIPv4', () => {
    const svc = serviceState({
      namespace: 'ns1',
      name: 'svc1',
      type: 'NodePort',
      clusterIP: '10.69.0.10',
      ports: p80(30001),
      externalTrafficPolicy: 'Local',
    })
    const eps = [
      slice('ns1', 'svc1', [{ ip: '10.244.0.1' }, { ip: '10.244.2.1', node: 'test-hostname' }]),
    ]
    const config: ProxyConfig = { ...FIXTURE, clusterCIDR: '', localhostNodePorts: false }
    expect(render('test-hostname', [svc], eps, config)).toBe(
      golden('TestDisableLocalhostNodePortsIPv4'),
    )
  })

  describe('TestInternalTrafficPolicyE2E (OLD, deltas (a) (b))', () => {
    const svc = (internalTrafficPolicy: ServiceState['internalTrafficPolicy']) =>
      serviceState({
        namespace: 'ns1',
        name: 'svc1',
        clusterIP: '172.30.1.1',
        selector: { foo: 'bar' },
        ports: unnamed80,
        internalTrafficPolicy,
      })
    const eps = (hosts: string[]) => [
      slice(
        'ns1',
        'svc1',
        ['10.0.1.1', '10.0.1.2', '10.0.1.3'].map((ip, i) => ({ ip, node: hosts[i] ?? '' })),
        unnamedSlicePort,
      ),
    ]
    it('internalTrafficPolicy is cluster', () => {
      const slices = eps(['test-hostname', 'host1', 'host2'])
      expect(render('test-hostname', [svc('Cluster')], slices)).toBe(
        golden('TestInternalTrafficPolicyE2E-cluster'),
      )
    })
    it('internalTrafficPolicy is local and there are local endpoints', () => {
      const slices = eps(['test-hostname', 'host1', 'host2'])
      expect(render('test-hostname', [svc('Local')], slices)).toBe(
        golden('TestInternalTrafficPolicyE2E-local'),
      )
    })
    it('internalTrafficPolicy is local and there are no local endpoints', () => {
      const slices = eps(['host0', 'host1', 'host2'])
      expect(render('test-hostname', [svc('Local')], slices)).toBe(
        golden('TestInternalTrafficPolicyE2E-local-none'),
      )
    })
  })

  describe('TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal (OLD, deltas (a) (b))', () => {
    const svc = serviceState({
      namespace: 'ns1',
      name: 'svc1',
      clusterIP: '172.30.1.1',
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { foo: 'bar' },
      ports: unnamed80,
      healthCheckNodePort: 30000,
      sessionAffinity: 'ClientIP',
      affinityTimeoutSeconds: 10800,
      loadBalancerIngress: ['1.2.3.4'],
    })
    const local = 'test-hostname'
    it('feature gate ProxyTerminatingEndpoints enabled, ready endpoints exist', () => {
      const eps = slice(
        'ns1',
        'svc1',
        [
          { ip: '10.0.1.1', node: local },
          { ip: '10.0.1.2', node: local },
          { ip: '10.0.1.3', node: local, ready: false, terminating: true },
          { ip: '10.0.1.4', node: local, ready: false, serving: false, terminating: true },
          { ip: '10.0.1.5', node: 'host-1' },
        ],
        unnamedSlicePort,
      )
      expect(render(local, [svc], [eps])).toBe(
        golden('TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal'),
      )
    })
    it('feature gate ProxyTerminatingEndpoints enabled, only terminating endpoints exist', () => {
      const eps = slice(
        'ns1',
        'svc1',
        [
          { ip: '10.0.1.2', node: local, ready: false, terminating: true },
          { ip: '10.0.1.3', node: local, ready: false, terminating: true },
          { ip: '10.0.1.4', node: local, ready: false, serving: false, terminating: true },
          { ip: '10.0.1.5', node: 'host-1' },
        ],
        unnamedSlicePort,
      )
      expect(render(local, [svc], [eps])).toBe(
        golden('TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal-only-terminating'),
      )
    })
  })
})
