import { describe, expect, it } from 'vitest'
import type { IpvsNode, IpvsRealServer, IpvsVirtualServer } from './programIpvs'
import { ipvsCounterKey, renderIpvsadm } from './renderIpvsadm'

function vs(
  protocol: IpvsVirtualServer['protocol'],
  address: string,
  realServers: [string, number][],
  extra: Partial<IpvsVirtualServer> = {},
): IpvsVirtualServer {
  return {
    protocol,
    address,
    kind: 'clusterIP',
    scheduler: 'rr',
    schedulerFlags: [],
    persistentSeconds: null,
    realServers: realServers.map(([a, weight]): IpvsRealServer => ({
      address: a,
      weight,
      forward: 'Masq',
      targetRef: '',
    })),
    provenance: [],
    service: 'Service/ns1/svc1',
    portIndex: 0,
    ...extra,
  }
}

function node(virtualServers: IpvsVirtualServer[]): IpvsNode {
  return {
    node: 'test-node',
    dummyAddresses: [],
    virtualServers,
    ipsets: [],
    iptables: {
      node: 'test-node',
      chains: { nat: [], filter: [] },
      rules: [],
      jumps: [],
      masqueradeMark: 0x4000,
    },
    sysctls: {},
  }
}

describe('renderIpvsadm', () => {
  // reference/ipvs.md §8, "ipvsadm -Ln for four services", transcribed with its trailing spaces.
  it('prints the reference four-service example, sorted TCP before UDP and by address', () => {
    const udp = vs('UDP', '10.20.30.41:80', [['10.180.0.1:80', 1]])
    const nodePort = vs('UDP', '100.101.102.103:3001', [['10.180.0.1:80', 1]])
    const dns = vs(
      'TCP',
      '10.96.0.10:53',
      [
        ['10.244.1.3:53', 1],
        ['10.244.0.4:53', 0],
      ],
      { persistentSeconds: 10800 },
    )
    const api = vs('TCP', '10.96.0.1:443', [['172.18.0.2:6443', 1]], {
      scheduler: 'mh',
      schedulerFlags: ['mh-port'],
    })
    const counters = new Map([
      [ipvsCounterKey(dns, dns.realServers[0]!), { active: 2, inactive: 5 }],
      [ipvsCounterKey(dns, dns.realServers[1]!), { active: 0, inactive: 1 }],
      [ipvsCounterKey(api, api.realServers[0]!), { active: 1, inactive: 0 }],
    ])
    expect(renderIpvsadm(node([udp, nodePort, dns, api]), counters)).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'TCP  10.96.0.1:443 mh (mh-port)\n' +
        '  -> 172.18.0.2:6443              Masq    1      1          0         \n' +
        'TCP  10.96.0.10:53 rr persistent 10800\n' +
        '  -> 10.244.0.4:53                Masq    0      0          1         \n' +
        '  -> 10.244.1.3:53                Masq    1      2          5         \n' +
        'UDP  10.20.30.41:80 rr\n' +
        '  -> 10.180.0.1:80                Masq    1      0          0         \n' +
        'UDP  100.101.102.103:3001 rr\n' +
        '  -> 10.180.0.1:80                Masq    1      0          0         \n',
    )
    expect(ipvsCounterKey(api, api.realServers[0]!)).toBe('10.96.0.1:443/TCP|172.18.0.2:6443')
  })

  it('compares addresses as ipvsadm does, by their difference as a signed 32-bit int', () => {
    // 172.18.0.2 − 10.96.0.1 exceeds 2^31, so ipvsadm sorts 172.18.0.2 first (reference §5).
    const text = renderIpvsadm(
      node([
        vs('TCP', '10.96.0.1:443', []),
        vs('TCP', '172.18.0.2:30080', []),
        vs('SCTP', '10.0.0.1:80', []),
      ]),
    )
    expect(text.split('\n').slice(3)).toEqual([
      'TCP  172.18.0.2:30080 rr',
      'TCP  10.96.0.1:443 rr',
      'SCTP 10.0.0.1:80 rr',
      '',
    ])
  })

  it('prints only the header for a node without virtual servers', () => {
    expect(renderIpvsadm(node([]))).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n',
    )
  })
})
