import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { endpointSlice, nodeState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState, Endpoint, ServiceState } from '../../model/cluster'
import { simulate } from '../../simulate'
import { renderIpvsIptablesRestore } from './ipvsIptables'
import type { IpvsIptables } from './ipvsIptables'
import { programIpvs } from './programIpvs'
import type { IpvsConfig, IpvsNode } from './programIpvs'
import { renderIpvsadm } from './renderIpvsadm'

const testdata = (name: string) =>
  readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8')

// The fixture of kube-proxy's IPVS proxier tests (pkg/proxy/ipvs/proxier_test.go,
// `NewFakeProxier`): node `test-node` whose eth0 has 100.101.102.103, scheduler rr, no local
// detector (`NewNoOpLocalDetector`, so KUBE-CLUSTER-IP is matched `src,dst`), no masqueradeAll.
const FIXTURE: IpvsConfig = { scheduler: 'rr', masqueradeAll: false, clusterCIDR: '' }

const HEADER = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
]

function cluster(services: ServiceState[], endpoints: Record<string, Endpoint[]>): ClusterState {
  return {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    namespaces: ['default', 'ns1'],
    endpoints: [],
    nodes: [nodeState({ name: 'test-node', internalIP: '100.101.102.103' })],
    pods: [],
    services,
    endpointSlices: services.flatMap((svc) =>
      svc.ports.map((p, i) =>
        endpointSlice({
          name: `${svc.name}-${i + 1}`,
          namespace: svc.namespace,
          serviceName: svc.name,
          ports: [{ name: p.name, protocol: p.protocol, port: 80 }],
          endpoints: endpoints[svc.name] ?? [],
        }),
      ),
    ),
  }
}

function endpoint(ip: string, overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    addresses: [ip],
    conditions: { ready: true, serving: true, terminating: false },
    hostname: '',
    nodeName: '',
    zone: '',
    targetRef: '',
    ...overrides,
  }
}

function svc1(overrides: Partial<ServiceState>): ServiceState {
  return serviceState({
    name: 'svc1',
    namespace: 'ns1',
    clusterIP: '10.20.30.41',
    ports: [servicePort({ name: 'p80', port: 80 })],
    ...overrides,
  })
}

function program(state: ClusterState, config: IpvsConfig = FIXTURE): IpvsNode {
  return programIpvs(state, state.nodes[0]!, config)
}

const entries = (node: IpvsNode, set: string) =>
  node.ipsets.find((s) => s.name === set)?.entries ?? null

/**
 * A chain's rules in the shape kube-proxy's `checkIptables` inspects them (netlinktest
 * `ExpectedIptablesChain`: the jump target, the `--match-set` name, the `-s` address).
 */
function chain(tables: IpvsIptables, table: 'nat' | 'filter', name: string) {
  return tables.rules
    .filter((r) => r.table === table && r.chain === name)
    .map((r) => {
      const set = r.matches.find((m) => m.kind === 'set')
      const source = r.matches.find((m) => m.kind === 'source' && !m.negated)
      return {
        JumpChain: r.target.kind === 'jump' ? r.target.chain : r.target.kind,
        MatchSet: set?.kind === 'set' ? set.set : '',
        ...(source?.kind === 'source' ? { SourceAddress: source.cidr } : {}),
      }
    })
}

describe('programIpvs + renderIpvsadm', () => {
  it('prints the seed example (kubia + default/kubernetes) as ipvsadm -Ln does', () => {
    const sim = simulate(readFileSync('scenarios/kubia-single-port.yaml', 'utf8'), {})
    const node = programIpvs(sim.cluster, sim.cluster.nodes[0]!, {
      scheduler: '',
      masqueradeAll: false,
      clusterCIDR: sim.cluster.settings.clusterCIDR,
    })
    expect(renderIpvsadm(node)).toBe(testdata('kubia-single-port.ipvsadm.txt'))
    expect(node.dummyAddresses).toEqual(['10.96.0.1', '10.110.187.134'])
    expect(entries(node, 'KUBE-CLUSTER-IP')).toEqual(['10.110.187.134,tcp:80', '10.96.0.1,tcp:443'])
    expect(entries(node, 'KUBE-IPVS-IPS')).toEqual(['10.110.187.134', '10.96.0.1'])
    // The three kubia Pods run on this (only) node, so each gets a hairpin entry; the apiserver
    // endpoint has no nodeName and gets none.
    expect(entries(node, 'KUBE-LOOP-BACK')).toEqual([
      '10.244.0.2,tcp:8080,10.244.0.2',
      '10.244.0.3,tcp:8080,10.244.0.3',
      '10.244.0.4,tcp:8080,10.244.0.4',
    ])
    expect(renderIpvsIptablesRestore(node.iptables)).toBe(
      testdata('kubia-single-port.iptables-restore.txt'),
    )
  })

  // TestNodePortIPv4, "1 UDP service with node port, has endpoints" (kube-proxy
  // pkg/proxy/ipvs/proxier_test.go, v1.30+ form with ktesting and ptr.To).
  it('makes one virtual server for the cluster IP and one per node address for a UDP NodePort', () => {
    const state = cluster(
      [
        svc1({
          type: 'NodePort',
          ports: [servicePort({ name: 'p80', port: 80, protocol: 'UDP', nodePort: 3001 })],
        }),
      ],
      { svc1: [endpoint('10.180.0.1')] },
    )
    const node = program(state)
    // reference/ipvs.md §8, the UDP half of the four-service example.
    expect(renderIpvsadm(node)).toBe(
      [
        ...HEADER,
        'UDP  10.20.30.41:80 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        'UDP  100.101.102.103:3001 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        '',
      ].join('\n'),
    )
    expect(entries(node, 'KUBE-NODE-PORT-UDP')).toEqual(['3001'])
    expect(node.dummyAddresses).toEqual(['10.20.30.41'])
    expect(chain(node.iptables, 'nat', 'KUBE-NODE-PORT')).toEqual([
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-NODE-PORT-UDP' },
    ])
    // The health-check ACCEPT lives in the filter table's KUBE-NODE-PORT.
    expect(chain(node.iptables, 'filter', 'KUBE-NODE-PORT')).toEqual([
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-HEALTH-CHECK-NODE-PORT' },
    ])
    expect(chain(node.iptables, 'nat', 'KUBE-SERVICES')).toEqual([
      { JumpChain: 'RETURN', MatchSet: '', SourceAddress: '127.0.0.0/8' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'KUBE-NODE-PORT', MatchSet: '' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-CLUSTER-IP' },
    ])
    expect(node.iptables.rules.map((r) => r.text)).toContain(
      '-A KUBE-NODE-PORT -p udp -m comment --comment "Kubernetes nodeport UDP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-UDP dst -j KUBE-MARK-MASQ',
    )
  })

  // TestNodePortIPv4, "1 service with node port, has 2 endpoints": the IPv6 slice is ignored.
  it('prints a TCP NodePort on the node address', () => {
    const state = cluster(
      [svc1({ type: 'NodePort', ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })] })],
      { svc1: [endpoint('10.180.0.1')] },
    )
    state.endpointSlices.push(
      endpointSlice({
        name: 'svc1-2',
        namespace: 'ns1',
        serviceName: 'svc1',
        addressType: 'IPv6',
        ports: [{ name: 'p80', protocol: 'TCP', port: 80 }],
        endpoints: [endpoint('1002:ab8::2:10')],
      }),
    )
    expect(renderIpvsadm(program(state))).toBe(
      [
        ...HEADER,
        'TCP  10.20.30.41:80 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        'TCP  100.101.102.103:3001 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        '',
      ].join('\n'),
    )
  })

  // TestNodePortIPv4 "service has node port but no endpoints" and TestIPv4Proxier "cluster IP
  // service with no endpoints": the virtual servers exist with no real servers, so IPVS answers
  // ICMP port-unreachable instead of the packet falling through.
  it('keeps virtual servers without real servers for a Service with no endpoints', () => {
    const state = cluster(
      [svc1({ type: 'NodePort', ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })] })],
      {},
    )
    const node = program(state)
    expect(renderIpvsadm(node)).toBe(
      [...HEADER, 'TCP  10.20.30.41:80 rr', 'TCP  100.101.102.103:3001 rr', ''].join('\n'),
    )
    expect(entries(node, 'KUBE-CLUSTER-IP')).toEqual(['10.20.30.41,tcp:80'])
  })

  // TestSessionAffinity: every virtual server of the Service gets the persistent flag with the
  // default 10800 s timeout (ClusterIP, external IP and the NodePort on the node address).
  it('marks every virtual server persistent for ClientIP affinity', () => {
    const state = cluster(
      [
        svc1({
          type: 'NodePort',
          ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })],
          externalIPs: ['50.60.70.81'],
          sessionAffinity: 'ClientIP',
        }),
      ],
      {},
    )
    const node = program(state)
    expect(renderIpvsadm(node)).toBe(
      [
        ...HEADER,
        'TCP  10.20.30.41:80 rr persistent 10800',
        'TCP  50.60.70.81:80 rr persistent 10800',
        'TCP  100.101.102.103:3001 rr persistent 10800',
        '',
      ].join('\n'),
    )
    // External IPs that are not a node address are bound to kube-ipvs0 too.
    expect(node.dummyAddresses).toEqual(['10.20.30.41', '50.60.70.81'])
    expect(entries(node, 'KUBE-EXTERNAL-IP')).toEqual(['50.60.70.81,tcp:80'])
  })

  it('keeps a terminating TCP endpoint at weight 0 and drops a terminating UDP one', () => {
    const terminating = endpoint('10.180.0.2', {
      conditions: { ready: false, serving: true, terminating: true },
    })
    const tcp = cluster([svc1({})], { svc1: [endpoint('10.180.0.1'), terminating] })
    expect(renderIpvsadm(program(tcp))).toBe(
      [
        ...HEADER,
        'TCP  10.20.30.41:80 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        '  -> 10.180.0.2:80                Masq    0      0          0         ',
        '',
      ].join('\n'),
    )
    const udp = cluster(
      [svc1({ ports: [servicePort({ name: 'p80', port: 80, protocol: 'UDP' })] })],
      {
        svc1: [endpoint('10.180.0.1'), terminating],
      },
    )
    expect(program(udp).virtualServers[0]?.realServers.map((r) => r.address)).toEqual([
      '10.180.0.1:80',
    ])
    // With no ready endpoint left, the serving-and-terminating one is used at full weight.
    const onlyTerminating = cluster([svc1({})], { svc1: [terminating] })
    expect(program(onlyTerminating).virtualServers[0]?.realServers).toEqual([
      { address: '10.180.0.2:80', weight: 1, forward: 'Masq', targetRef: '' },
    ])
  })

  // TestNodePortIPv4, "node port service with protocol sctp and externalTrafficPolicy local".
  it('uses hash:ip,port NodePort sets for SCTP and only local endpoints on the NodePort', () => {
    const state = cluster(
      [
        svc1({
          type: 'NodePort',
          ports: [servicePort({ name: 'p80', port: 80, protocol: 'SCTP', nodePort: 3001 })],
          externalTrafficPolicy: 'Local',
        }),
      ],
      {
        svc1: [
          endpoint('10.180.0.1', { nodeName: 'test-node' }),
          endpoint('10.180.1.1', { nodeName: 'other-node' }),
        ],
      },
    )
    const node = program(state)
    expect(renderIpvsadm(node)).toBe(
      [
        ...HEADER,
        'SCTP 10.20.30.41:80 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        '  -> 10.180.1.1:80                Masq    1      0          0         ',
        'SCTP 100.101.102.103:3001 rr',
        '  -> 10.180.0.1:80                Masq    1      0          0         ',
        '',
      ].join('\n'),
    )
    expect(entries(node, 'KUBE-NODE-PORT-SCTP-HASH')).toEqual(['100.101.102.103,sctp:3001'])
    expect(entries(node, 'KUBE-NODE-PORT-LOCAL-SCTP-HASH')).toEqual(['100.101.102.103,sctp:3001'])
    expect(chain(node.iptables, 'nat', 'KUBE-NODE-PORT')).toEqual([
      { JumpChain: 'RETURN', MatchSet: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-NODE-PORT-SCTP-HASH' },
    ])
  })

  // TestOnlyLocalNodePorts (nodePortAddresses 100.101.102.0/24).
  it('returns early for externalTrafficPolicy Local NodePorts and falls back to all endpoints without local ones', () => {
    const svc = svc1({
      type: 'NodePort',
      ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })],
      externalTrafficPolicy: 'Local',
    })
    const state = cluster([svc], {
      svc1: [
        endpoint('10.180.0.1', { nodeName: 'test-node' }),
        endpoint('10.180.1.1', { nodeName: 'other-node' }),
      ],
    })
    const config = { ...FIXTURE, nodePortAddresses: ['100.101.102.0/24'] }
    const node = program(state, config)
    expect(
      node.virtualServers.map((v) => [v.address, v.realServers.map((r) => r.address)]),
    ).toEqual([
      ['10.20.30.41:80', ['10.180.0.1:80', '10.180.1.1:80']],
      ['100.101.102.103:3001', ['10.180.0.1:80']],
    ])
    expect(entries(node, 'KUBE-NODE-PORT-TCP')).toEqual(['3001'])
    expect(entries(node, 'KUBE-NODE-PORT-LOCAL-TCP')).toEqual(['3001'])
    expect(chain(node.iptables, 'nat', 'KUBE-SERVICES')).toEqual([
      { JumpChain: 'RETURN', MatchSet: '', SourceAddress: '127.0.0.0/8' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'KUBE-NODE-PORT', MatchSet: '' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-CLUSTER-IP' },
    ])
    expect(chain(node.iptables, 'nat', 'KUBE-NODE-PORT')).toEqual([
      { JumpChain: 'RETURN', MatchSet: 'KUBE-NODE-PORT-LOCAL-TCP' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-NODE-PORT-TCP' },
    ])
    // PR 97081: no local endpoint on this node, so the NodePort gets every cluster endpoint.
    const remoteOnly = cluster([svc], {
      svc1: [endpoint('10.180.1.1', { nodeName: 'other-node' })],
    })
    expect(
      program(remoteOnly, config).virtualServers[1]?.realServers.map((r) => r.address),
    ).toEqual(['10.180.1.1:80'])
    // A node address outside nodePortAddresses gets no NodePort virtual server.
    expect(
      program(state, { ...FIXTURE, nodePortAddresses: ['192.168.0.0/16'] }).virtualServers,
    ).toHaveLength(1)
  })

  // TestLoadBalancer and TestOnlyLocalLoadBalancing.
  it('writes the load-balancer chain and sets', () => {
    const lb = (etp: ServiceState['externalTrafficPolicy']) =>
      cluster(
        [
          svc1({
            type: 'LoadBalancer',
            ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })],
            loadBalancerIngress: ['1.2.3.4'],
            externalTrafficPolicy: etp,
          }),
        ],
        {
          svc1: [
            endpoint('10.180.0.1', { nodeName: 'test-node' }),
            endpoint('10.180.1.1', { nodeName: 'other-node' }),
          ],
        },
      )
    const cluster1 = program(lb('Cluster'))
    expect(entries(cluster1, 'KUBE-LOAD-BALANCER')).toEqual(['1.2.3.4,tcp:80'])
    expect(chain(cluster1.iptables, 'nat', 'KUBE-SERVICES')).toEqual([
      { JumpChain: 'RETURN', MatchSet: '', SourceAddress: '127.0.0.0/8' },
      { JumpChain: 'KUBE-LOAD-BALANCER', MatchSet: 'KUBE-LOAD-BALANCER' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'KUBE-NODE-PORT', MatchSet: '' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-LOAD-BALANCER' },
    ])
    expect(chain(cluster1.iptables, 'nat', 'KUBE-LOAD-BALANCER')).toEqual([
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: '' },
    ])
    const local = program(lb('Local'))
    expect(entries(local, 'KUBE-LOAD-BALANCER-LOCAL')).toEqual(['1.2.3.4,tcp:80'])
    expect(chain(local.iptables, 'nat', 'KUBE-LOAD-BALANCER')).toEqual([
      { JumpChain: 'RETURN', MatchSet: 'KUBE-LOAD-BALANCER-LOCAL' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: '' },
    ])
    expect(
      local.virtualServers
        .find((v) => v.address === '1.2.3.4:80')
        ?.realServers.map((r) => r.address),
    ).toEqual(['10.180.0.1:80'])
  })

  // TestLoadBalancerSourceRanges: 1.2.3.4 with source range 10.0.0.0/8.
  it('filters load-balancer source ranges in the filter table', () => {
    const state = cluster(
      [
        svc1({
          type: 'LoadBalancer',
          loadBalancerIngress: ['1.2.3.4'],
          loadBalancerSourceRanges: ['10.0.0.0/8'],
        }),
      ],
      { svc1: [endpoint('10.180.0.1')] },
    )
    const node = program(state)
    expect(entries(node, 'KUBE-LOAD-BALANCER-FW')).toEqual(['1.2.3.4,tcp:80'])
    expect(entries(node, 'KUBE-LOAD-BALANCER-SOURCE-CIDR')).toEqual(['1.2.3.4,tcp:80,10.0.0.0/8'])
    expect(chain(node.iptables, 'filter', 'KUBE-PROXY-FIREWALL')).toEqual([
      { JumpChain: 'KUBE-SOURCE-RANGES-FIREWALL', MatchSet: 'KUBE-LOAD-BALANCER-FW' },
    ])
    expect(chain(node.iptables, 'filter', 'KUBE-SOURCE-RANGES-FIREWALL')).toEqual([
      { JumpChain: 'RETURN', MatchSet: 'KUBE-LOAD-BALANCER-SOURCE-CIDR' },
      { JumpChain: 'DROP', MatchSet: '' },
    ])
    // The node (100.101.102.103) is outside 10.0.0.0/8, so its own connections are dropped.
    expect(
      node.iptables.rules.filter((r) => r.chain === 'KUBE-IPVS-OUT-FILTER').map((r) => r.text),
    ).toEqual([
      '-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs --vaddr 1.2.3.4 --vproto tcp --vport 80 -j DROP',
    ])
  })

  // TestAcceptIPVSTraffic: a ClusterIP Service with an external IP, a LoadBalancer, a NodePort.
  it('accepts IPVS traffic at the end of KUBE-SERVICES', () => {
    const state = cluster(
      [
        serviceState({
          name: 'svc1',
          namespace: 'ns1',
          clusterIP: '10.20.30.40',
          ports: [servicePort({ name: 'p80', port: 80, nodePort: 80 })],
          externalIPs: ['5.6.7.8'],
        }),
        serviceState({
          name: 'svc2',
          namespace: 'ns1',
          type: 'LoadBalancer',
          clusterIP: '10.20.30.41',
          ports: [servicePort({ name: 'p80', port: 80, nodePort: 80 })],
          loadBalancerIngress: ['1.2.3.4'],
        }),
        serviceState({
          name: 'svc3',
          namespace: 'ns1',
          type: 'NodePort',
          clusterIP: '10.20.30.42',
          ports: [servicePort({ name: 'p80', port: 80, nodePort: 80 })],
        }),
      ],
      {},
    )
    expect(chain(program(state).iptables, 'nat', 'KUBE-SERVICES')).toEqual([
      { JumpChain: 'RETURN', MatchSet: '', SourceAddress: '127.0.0.0/8' },
      { JumpChain: 'KUBE-LOAD-BALANCER', MatchSet: 'KUBE-LOAD-BALANCER' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'KUBE-MARK-MASQ', MatchSet: 'KUBE-EXTERNAL-IP' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-EXTERNAL-IP' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-EXTERNAL-IP' },
      { JumpChain: 'KUBE-NODE-PORT', MatchSet: '' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-CLUSTER-IP' },
      { JumpChain: 'ACCEPT', MatchSet: 'KUBE-LOAD-BALANCER' },
    ])
  })

  it('matches KUBE-CLUSTER-IP by the detector or masquerades all, and sets strict-ARP sysctls', () => {
    const state = cluster([svc1({})], { svc1: [endpoint('10.180.0.1')] })
    const clusterIPRule = (config: IpvsConfig) =>
      program(state, config).iptables.rules.find(
        (r) => r.chain === 'KUBE-SERVICES' && r.target.kind === 'jump',
      )?.text
    expect(clusterIPRule(FIXTURE)).toBe(
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ',
    )
    expect(clusterIPRule({ ...FIXTURE, masqueradeAll: true })).toBe(
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    )
    expect(program(state, { ...FIXTURE, strictARP: true }).sysctls).toMatchObject({
      'net/ipv4/conf/all/arp_ignore': 1,
      'net/ipv4/conf/all/arp_announce': 2,
    })
  })

  it('skips headless and ExternalName Services and flags mh virtual servers with mh-port', () => {
    const state = cluster(
      [
        svc1({ clusterIP: 'None' }),
        serviceState({ name: 'ext', type: 'ExternalName', externalName: 'example.com' }),
      ],
      {},
    )
    expect(program(state).virtualServers).toEqual([])
    const mh = program(cluster([svc1({})], {}), { ...FIXTURE, scheduler: 'mh' })
    expect(renderIpvsadm(mh).split('\n')[3]).toBe('TCP  10.20.30.41:80 mh (mh-port)')
  })
})
