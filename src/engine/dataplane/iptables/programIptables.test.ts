import { describe, expect, it } from 'vitest'
import { endpointSlice, nodeState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState, ServiceState } from '../../model/cluster'
import { programIptables } from './programIptables'

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
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
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
    expect(tables.rules.filter((r) => r.table === 'filter').map((r) => r.text)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1 has no endpoints" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j REJECT',
    ])
    expect(tables.chains.nat).toEqual([
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-POSTROUTING',
      'KUBE-MARK-MASQ',
    ])
  })
})
