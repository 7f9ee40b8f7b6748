import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { simulate } from '../engine'
import { servicePortPath } from './iptablesPath'

const simulation = simulate(readFileSync('scenarios/kubia-nodeport.yaml', 'utf8'), { seed: 1 })
const tables = simulation.iptables.get('node-1')!
const service = simulation.cluster.services.find((s) => s.name === 'kubia-nodeport')!

describe('the path the rules give a request', () => {
  it('to the cluster IP: KUBE-SERVICES, then the KUBE-SVC- chain and its three branches', () => {
    const path = servicePortPath(tables, {
      srcIP: '10.244.0.2',
      dstIP: service.clusterIP,
      dport: 80,
      localIPs: ['192.168.49.2'],
    })!
    expect(path.chains).toEqual(['KUBE-SERVICES', 'KUBE-SVC-DROCBMN7UF5OS6UD'])
    expect(path.branches.map((b) => [b.label, b.endpoint])).toEqual([
      ['p=0.3333333333', '10.244.0.2:8080'],
      ['p=0.5000000000', '10.244.0.3:8080'],
      ['otherwise', '10.244.0.4:8080'],
    ])
  })

  it('to a NodePort from outside: through KUBE-NODEPORTS and KUBE-EXT- first', () => {
    const path = servicePortPath(tables, {
      srcIP: '203.0.113.10',
      dstIP: '192.168.49.2',
      dport: 30123,
      localIPs: ['192.168.49.2'],
    })!
    expect(path.chains).toEqual([
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-EXT-DROCBMN7UF5OS6UD',
      'KUBE-SVC-DROCBMN7UF5OS6UD',
    ])
  })

  it('to an address no rule matches: no path', () => {
    expect(
      servicePortPath(tables, { srcIP: '10.244.0.2', dstIP: '10.99.9.9', dport: 80, localIPs: [] }),
    ).toBeNull()
  })
})
