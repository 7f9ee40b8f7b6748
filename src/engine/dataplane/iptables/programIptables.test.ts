import { describe, expect, it } from 'vitest'
import { endpointSlice, nodeState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState, ServiceState } from '../../model/cluster'
import { endpointChainName } from './chainNames'
import { programIptables } from './programIptables'
import type { ProxyConfig } from './programIptables'

// The inputs of kube-proxy's TestInternalTrafficPolicyE2E, subtest "internalTrafficPolicy is
// cluster" (danwinship/kubernetes @01b3ac12 pkg/proxy/iptables/proxier_test.go): ns1/svc1 with an
// unnamed TCP port 80 on 172.30.1.1 and three endpoints; node test-hostname; detector 10.0.0.0/8.
// The expected lines follow reference/kube-proxy-iptables.md §5.2, which reproduces that test.
function svc1(sessionAffinity: ServiceState['sessionAffinity']): ClusterState {
  return {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    namespaces: ['default', 'ns1'],
    endpoints: [],
    nodes: [
      nodeState({ name: 'test-hostname', internalIP: '192.168.0.2', podCIDR: '10.0.1.0/24' }),
    ],
    pods: [],
    services: [
      serviceState({
        name: 'svc1',
        namespace: 'ns1',
        clusterIP: '172.30.1.1',
        selector: { app: 'x' },
        ports: [servicePort({ port: 80 })],
        sessionAffinity,
      }),
    ],
    endpointSlices: [
      endpointSlice({
        name: 'svc1-abcde',
        namespace: 'ns1',
        serviceName: 'svc1',
        ports: [{ name: '', protocol: 'TCP', port: 80 }],
        endpoints: ['10.0.1.3', '10.0.1.1', '10.0.1.2'].map((ip, i) => ({
          addresses: [ip],
          conditions: { ready: true, serving: true, terminating: false },
          hostname: '',
          zone: '',
          nodeName: i === 0 ? 'test-hostname' : 'host1',
          targetRef: `Pod/ns1/p${i}`,
        })),
      }),
    ],
  }
}

const nat = (cluster: ClusterState) =>
  programIptables(cluster, cluster.nodes[0]!, { clusterCIDR: '10.0.0.0/8', masqueradeAll: false })
    .rules.filter((r) => r.table === 'nat')
    .map((r) => r.text)

describe('programIptables', () => {
  it('writes the cluster IP rule, the SVC cascade in endpoint order, and SEP chains', () => {
    const lines = nat(svc1('None'))
    expect(lines).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j KUBE-SVC-AQI2S6QIMU7PVVRP',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-3JOIVZTXZZRGORX4',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-IO5XOSKPAXIFQXAJ',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80" -j KUBE-SEP-XGJFVO3L2O5SRFNT',
      '-A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -s 10.0.1.1 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80',
      '-A KUBE-SEP-IO5XOSKPAXIFQXAJ -m comment --comment ns1/svc1 -s 10.0.1.2 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-IO5XOSKPAXIFQXAJ -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.2:80',
      '-A KUBE-SEP-XGJFVO3L2O5SRFNT -m comment --comment ns1/svc1 -s 10.0.1.3 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-XGJFVO3L2O5SRFNT -m comment --comment ns1/svc1 -m tcp -p tcp -j DNAT --to-destination 10.0.1.3:80',
      // kube-proxy writes the nodeports rule after every service's rules (proxier.go), which
      // also makes it the last rule of KUBE-SERVICES.
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ])
  })

  it('with ClientIP affinity puts every --rcheck rule first and --set on the DNAT (TestOnlyLocalLoadBalancing)', () => {
    const svcRules = nat(svc1('ClientIP')).filter((l) => l.startsWith('-A KUBE-SVC-'))
    expect(svcRules.slice(1, 4)).toEqual([
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m recent --name KUBE-SEP-3JOIVZTXZZRGORX4 --rcheck --seconds 10800 --reap -j KUBE-SEP-3JOIVZTXZZRGORX4',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m recent --name KUBE-SEP-IO5XOSKPAXIFQXAJ --rcheck --seconds 10800 --reap -j KUBE-SEP-IO5XOSKPAXIFQXAJ',
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80" -m recent --name KUBE-SEP-XGJFVO3L2O5SRFNT --rcheck --seconds 10800 --reap -j KUBE-SEP-XGJFVO3L2O5SRFNT',
    ])
    expect(nat(svc1('ClientIP'))).toContain(
      '-A KUBE-SEP-3JOIVZTXZZRGORX4 -m comment --comment ns1/svc1 -m recent --name KUBE-SEP-3JOIVZTXZZRGORX4 --set -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80',
    )
  })

  it('rejects in the filter table when a port has no endpoints, and writes no nat chain (TestOverallIPTablesRules svc6)', () => {
    const cluster = { ...svc1('None'), endpointSlices: [] }
    const tables = programIptables(cluster, cluster.nodes[0]!, {
      clusterCIDR: '10.0.0.0/8',
      masqueradeAll: false,
    })
    // Only KUBE-SERVICES: the filter table also holds KUBE-FIREWALL and KUBE-FORWARD now.
    const filterServices = tables.rules.filter(
      (r) => r.table === 'filter' && r.chain === 'KUBE-SERVICES',
    )
    expect(filterServices.map((r) => r.text)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1 has no endpoints" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j REJECT',
    ])
    expect(tables.chains.nat).toEqual([
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-POSTROUTING',
      'KUBE-MARK-MASQ',
    ])
  })

  describe('kube-proxy parameters', () => {
    const base: ProxyConfig = { clusterCIDR: '10.0.0.0/8', masqueradeAll: false }
    const nodePortCluster = (): ClusterState => {
      const cluster = svc1('None')
      const [service] = cluster.services
      cluster.services = [
        { ...service!, type: 'NodePort', ports: [servicePort({ port: 80, nodePort: 30080 })] },
      ]
      return cluster
    }
    const texts = (cluster: ClusterState, config: ProxyConfig, chain?: string) =>
      programIptables(cluster, cluster.nodes[0]!, config)
        .rules.filter((r) => chain === undefined || r.chain === chain)
        .map((r) => r.text)

    it('masquerades cluster-IP traffic by interface for the BridgeInterface and InterfaceNamePrefix detectors', () => {
      const bridge = texts(svc1('None'), {
        ...base,
        detectLocalMode: 'BridgeInterface',
        bridgeInterface: 'cbr0',
      })
      expect(bridge).toContain(
        '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -i cbr0 -j KUBE-MARK-MASQ',
      )
      const prefix = texts(svc1('None'), {
        ...base,
        detectLocalMode: 'InterfaceNamePrefix',
        interfaceNamePrefix: 'veth',
      })
      expect(prefix).toContain(
        '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -i veth+ -j KUBE-MARK-MASQ',
      )
    })

    it('uses the node podCIDR in NodeCIDR mode, and writes no masquerade rule without a detector', () => {
      expect(texts(svc1('None'), { ...base, detectLocalMode: 'NodeCIDR' })).toContain(
        '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.1.0/24 -j KUBE-MARK-MASQ',
      )
      const none = texts(svc1('None'), { ...base, clusterCIDR: '' }, 'KUBE-SVC-AQI2S6QIMU7PVVRP')
      expect(none.some((t) => t.includes('KUBE-MARK-MASQ'))).toBe(false)
      expect(texts(svc1('None'), { ...base, clusterCIDR: '', masqueradeAll: true })).toContain(
        '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j KUBE-MARK-MASQ',
      )
    })

    it('derives the mark from masqueradeBit and reports it for the packet walk', () => {
      const cluster = svc1('None')
      const tables = programIptables(cluster, cluster.nodes[0]!, { ...base, masqueradeBit: 15 })
      expect(tables.masqueradeMark).toBe(0x8000)
      expect(tables.rules.map((r) => r.text)).toContain(
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x8000',
      )
    })

    it('writes one nodeports rule per node address inside nodePortAddresses (TestHealthCheckNodePort, TestDisableLocalhostNodePortsIPv4WithNodeAddress)', () => {
      const tail = (config: ProxyConfig) =>
        texts(nodePortCluster(), config, 'KUBE-SERVICES').filter((t) =>
          t.includes('KUBE-NODEPORTS'),
        )
      expect(tail({ ...base, nodePortAddresses: ['127.0.0.0/8'] })).toEqual([
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 127.0.0.1 -j KUBE-NODEPORTS',
      ])
      expect(tail({ ...base, nodePortAddresses: ['192.168.0.0/24', '2001:db8::/64'] })).toEqual([
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS',
      ])
      expect(tail({ ...base, nodePortAddresses: ['primary'] })).toHaveLength(1)
      expect(
        tail({ ...base, nodePortAddresses: ['127.0.0.0/8'], localhostNodePorts: false }),
      ).toEqual([])
    })

    it('turns localhost NodePorts off when nodePortAddresses leaves out 127.0.0.1', () => {
      const all = texts(nodePortCluster(), { ...base, nodePortAddresses: ['192.168.0.0/24'] })
      expect(all.some((t) => t.startsWith('-A KUBE-FIREWALL'))).toBe(false)
      expect(all.some((t) => t.includes('localhost_nps_accepted_pkts'))).toBe(false)
    })

    it('follows the host: no nfacct counters, tcp_be_liberal, --random-fully', () => {
      const all = texts(nodePortCluster(), {
        ...base,
        nfacct: false,
        tcpBeLiberal: true,
        randomFully: true,
      })
      expect(all.some((t) => t.includes('nfacct'))).toBe(false)
      expect(all.some((t) => t.includes('INVALID'))).toBe(false)
      expect(all).toContain(
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      )
    })

    it('writes SCTP ports with their own match module and chain hash (TestClusterIPEndpointsMore)', () => {
      const cluster = svc1('None')
      cluster.services = [
        {
          ...cluster.services[0]!,
          ports: [servicePort({ name: 'p80', port: 80, protocol: 'SCTP' })],
        },
      ]
      cluster.endpointSlices = [
        {
          ...cluster.endpointSlices[0]!,
          ports: [{ name: 'p80', protocol: 'SCTP', port: 80 }],
          endpoints: [{ ...cluster.endpointSlices[0]!.endpoints[0]!, addresses: ['10.180.0.1'] }],
        },
      ]
      expect(texts(cluster, base)).toContain(
        '-A KUBE-SEP-RFW33Y6OHVBQ4W3M -m comment --comment ns1/svc1:p80 -m sctp -p sctp -j DNAT --to-destination 10.180.0.1:80',
      )
    })

    it('skips headless and ExternalName Services', () => {
      const cluster = svc1('None')
      const [service] = cluster.services
      cluster.services = [
        { ...service!, clusterIP: 'None' },
        {
          ...service!,
          name: 'ext',
          type: 'ExternalName',
          clusterIP: '',
          externalName: 'example.com',
        },
      ]
      expect(texts(cluster, base).some((t) => t.includes('ns1/'))).toBe(false)
    })

    it('drops the per-endpoint comments above 1000 endpoints (large-cluster mode)', () => {
      const cluster = svc1('None')
      const slice = cluster.endpointSlices[0]!
      const endpoint = slice.endpoints[0]!
      const ips = Array.from(
        { length: 1001 },
        (_, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      )
      cluster.endpointSlices = [
        { ...slice, endpoints: ips.map((ip) => ({ ...endpoint, addresses: [ip] })) },
      ]
      const all = texts(cluster, base)
      const sep = endpointChainName('ns1/svc1', 'TCP', '10.1.0.1:80')
      expect(all).toContain(`-A ${sep} -s 10.1.0.1 -j KUBE-MARK-MASQ`)
      expect(all).toContain(`-A ${sep} -m tcp -p tcp -j DNAT --to-destination 10.1.0.1:80`)
      const svc = all.filter((t) => t.startsWith('-A KUBE-SVC-'))
      expect(svc[0]).toContain('-m comment --comment "ns1/svc1 cluster IP"')
      expect(svc.slice(1).every((t) => !t.includes('-m comment'))).toBe(true)
      expect(svc[1]).toMatch(
        /^-A KUBE-SVC-AQI2S6QIMU7PVVRP -m statistic --mode random --probability 0.0009990010 -j KUBE-SEP-/,
      )
    })

    it('records the YAML fields behind each rule', () => {
      const cluster = svc1('None')
      const [service] = cluster.services
      cluster.services = [
        {
          ...service!,
          type: 'LoadBalancer',
          ports: [servicePort({ port: 80, nodePort: 30080 })],
          externalIPs: ['192.168.99.1'],
          loadBalancerIngress: ['1.2.3.4'],
          loadBalancerSourceRanges: ['203.0.113.0/25'],
        },
      ]
      const rules = programIptables(cluster, cluster.nodes[0]!, base).rules
      const paths = (pred: (t: string) => boolean) =>
        rules.filter((r) => pred(r.text)).flatMap((r) => r.provenance.map((p) => p.path))
      expect(paths((t) => t.includes('"ns1/svc1 external IP"'))).toEqual([
        'spec.ports[0].port',
        'spec.externalIPs[0]',
      ])
      expect(paths((t) => t.includes('-s 203.0.113.0/25'))).toEqual([
        'spec.loadBalancerSourceRanges[0]',
      ])
      expect(paths((t) => t.startsWith('-A KUBE-NODEPORTS'))).toContain('spec.ports[0].nodePort')
      expect(paths((t) => t.includes('"ns1/svc1 loadbalancer IP" -m tcp'))).toEqual([
        'spec.ports[0].port',
        'status.loadBalancer.ingress[0].ip',
      ])
    })
  })
})
