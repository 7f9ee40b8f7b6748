import { describe, expect, it } from 'vitest'
import { endpointsState, nodeState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState, ServiceState } from '../../model/cluster'
import { createRng } from '../../rng'
import { renderIptablesSave } from '../iptables/renderIptablesSave'
import { EPHEMERAL_PORT_RANGE, programUserspace } from './programUserspace'

// Node and Service borrowed from kube-proxy's own fixtures (proxier_test.go: node
// test-hostname at 192.168.0.2, ns1/svc1 on 172.30.1.1 port 80 "p80", nodePort 3001). The rule
// text follows pkg/proxy/userspace/proxier.go @0096f4a4 `iptablesCommonPortalArgs` and the
// *PortalArgs functions; the proxy port is what seed 1 draws (the kernel's pick upstream).
const node = nodeState({ name: 'test-hostname', internalIP: '192.168.0.2', podCIDR: '10.0.1.0/24' })

function cluster(services: ServiceState[]): ClusterState {
  return {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    namespaces: ['ns1'],
    nodes: [node],
    pods: [],
    services,
    endpoints: [endpointsState({ name: 'svc1', namespace: 'ns1' })],
    endpointSlices: [],
  }
}

const svc1 = serviceState({
  name: 'svc1',
  namespace: 'ns1',
  type: 'NodePort',
  clusterIP: '172.30.1.1',
  selector: { app: 'x' },
  ports: [servicePort({ name: 'p80', port: 80, nodePort: 3001 })],
})

describe('programUserspace', () => {
  it('writes the portal and NodePort rules of one Service (seed 1)', () => {
    const result = programUserspace(cluster([svc1]), node, createRng(1))
    expect([...result.proxyPorts]).toEqual([['ns1/svc1:p80', 35219]])
    expect(renderIptablesSave(result.iptables)).toBe(
      [
        '*filter',
        ':KUBE-NODEPORT-NON-LOCAL - [0:0]',
        ':INPUT - [0:0]',
        '-A KUBE-NODEPORT-NON-LOCAL -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 35219 -m state --state NEW -j ACCEPT',
        '-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL',
        'COMMIT',
        '*nat',
        ':KUBE-NODEPORT-CONTAINER - [0:0]',
        ':KUBE-NODEPORT-HOST - [0:0]',
        ':KUBE-PORTALS-CONTAINER - [0:0]',
        ':KUBE-PORTALS-HOST - [0:0]',
        ':OUTPUT - [0:0]',
        ':PREROUTING - [0:0]',
        '-A KUBE-NODEPORT-CONTAINER -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 3001 -j REDIRECT --to-ports 35219',
        '-A KUBE-NODEPORT-HOST -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 192.168.0.2:35219',
        '-A KUBE-PORTALS-CONTAINER -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 172.30.1.1/32 -j REDIRECT --to-ports 35219',
        '-A KUBE-PORTALS-HOST -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 172.30.1.1/32 -j DNAT --to-destination 192.168.0.2:35219',
        '-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST',
        '-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST',
        '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
        '-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER',
        'COMMIT',
        '',
      ].join('\n'),
    )
    expect(result.claimedPorts).toEqual([
      { ip: null, port: 3001, protocol: 'TCP', owner: 'ns1/svc1:p80' },
    ])
  })

  it('gives a ClusterIP-only Service two rules and no NodePort rules', () => {
    const clusterIP = serviceState({
      ...svc1,
      type: 'ClusterIP',
      ports: [servicePort({ port: 80 })],
    })
    const result = programUserspace(cluster([clusterIP]), node, createRng(1))
    expect(result.portalRules.map((r) => r.text)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -m comment --comment ns1/svc1 -p tcp -m tcp --dport 80 -d 172.30.1.1/32 -j REDIRECT --to-ports 35219',
      '-A KUBE-PORTALS-HOST -m comment --comment ns1/svc1 -p tcp -m tcp --dport 80 -d 172.30.1.1/32 -j DNAT --to-destination 192.168.0.2:35219',
    ])
  })

  it('opens an external IP three ways and claims it when it is the node own address', () => {
    const external = serviceState({ ...svc1, type: 'ClusterIP', externalIPs: ['192.168.0.2'] })
    const result = programUserspace(cluster([external]), node, createRng(1))
    expect(result.portalRules.map((r) => r.text).slice(2, 5)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 192.168.0.2/32 -m physdev ! --physdev-is-in -j REDIRECT --to-ports 35219',
      '-A KUBE-PORTALS-CONTAINER -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 192.168.0.2/32 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports 35219',
      '-A KUBE-PORTALS-HOST -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 192.168.0.2/32 -m addrtype --dst-type LOCAL -j DNAT --to-destination 192.168.0.2:35219',
    ])
    expect(result.claimedPorts[0]).toEqual({
      ip: '192.168.0.2',
      port: 80,
      protocol: 'TCP',
      owner: 'ns1/svc1:p80',
    })
  })

  it('DNATs container traffic too when bound to one address', () => {
    const result = programUserspace(cluster([svc1]), node, createRng(1), {
      listenIP: '192.168.0.2',
    })
    const container = result.portalRules.find((r) => r.chain === 'KUBE-PORTALS-CONTAINER')
    expect(container?.target).toEqual({ kind: 'DNAT', to: '192.168.0.2:35219' })
  })

  it('skips headless and ExternalName Services (ShouldSkipService)', () => {
    const headless = serviceState({ ...svc1, name: 'h', clusterIP: 'None' })
    const external = serviceState({ ...svc1, name: 'e', type: 'ExternalName', clusterIP: '' })
    const result = programUserspace(cluster([headless, external]), node, createRng(1))
    expect(result.proxyPorts.size).toBe(0)
    expect(result.portalRules).toEqual([])
  })

  it('takes TCP proxy ports from the odd lower half of the ephemeral range, distinct', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      serviceState({ ...svc1, name: `s${i}`, ports: [servicePort({ port: 80 })] }),
    )
    const ports = [...programUserspace(cluster(many), node, createRng(7)).proxyPorts.values()]
    expect(new Set(ports).size).toBe(50)
    for (const port of ports) {
      expect(port % 2).toBe(1)
      expect(port).toBeGreaterThanOrEqual(EPHEMERAL_PORT_RANGE.low)
      expect(port).toBeLessThan(46884)
    }
  })

  it('allocates from --proxy-port-range (rangeAllocator.nextFreePort)', () => {
    const two = [svc1, serviceState({ ...svc1, name: 'svc2' })]
    const result = programUserspace(cluster(two), node, createRng(1), {
      proxyPortRange: { base: 40000, size: 2 },
    })
    expect([...result.proxyPorts.values()].sort()).toEqual([40000, 40001])
  })

  it('is deterministic for a seed', () => {
    const a = programUserspace(cluster([svc1]), node, createRng(42))
    const b = programUserspace(cluster([svc1]), node, createRng(42))
    expect(renderIptablesSave(a.iptables)).toBe(renderIptablesSave(b.iptables))
  })
})
