import { describe, expect, it } from 'vitest'
import { nodeState } from '../model/build'
import { DEFAULT_SETTINGS } from '../model/cluster'
import type { NodeState } from '../model/cluster'
import { parseManifests } from '../parse/parseManifests'
import { readManifests } from '../parse/readManifests'
import { createPodPlacer, readNodes } from './placePods'

const node = (name: string, internalIP: string, podCIDR: string): NodeState =>
  nodeState({ name, internalIP, podCIDR })
const twoNodes = [
  node('node-a', '192.168.0.11', '10.244.0.0/24'),
  node('node-b', '192.168.0.12', '10.244.1.0/24'),
]
const pod = (nodeName: string | null = null, podIP: string | null = null) => ({
  nodeName,
  podIP,
  hostNetwork: false,
})

describe('nodes', () => {
  it('gives a cluster without Node objects one control-plane node with the first /24 of the pod subnet', () => {
    expect(readNodes([], DEFAULT_SETTINGS)).toEqual([
      {
        ...node('node-1', '192.168.49.2', '10.244.0.0/24'),
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': 'node-1',
          'kubernetes.io/os': 'linux',
          'node-role.kubernetes.io/control-plane': '',
        },
      },
    ])
  })

  it('reads Node objects, keeps their InternalIP and podCIDR, and fills in the rest in order', () => {
    const { manifests } = readManifests(
      parseManifests(`apiVersion: v1
kind: Node
metadata: {name: cp, labels: {topology.kubernetes.io/zone: a}}
spec: {podCIDR: 10.244.0.0/24}
status:
  addresses: [{type: InternalIP, address: 172.18.0.2}, {type: Hostname, address: cp}]
---
apiVersion: v1
kind: Node
metadata: {name: worker}
`).documents,
    )
    const nodes = readNodes(manifests, DEFAULT_SETTINGS)
    expect(nodes.map((n) => [n.name, n.internalIP, n.podCIDR])).toEqual([
      ['cp', '172.18.0.2', '10.244.0.0/24'],
      ['worker', '192.168.49.2', '10.244.1.0/24'],
    ])
    expect(nodes[0]!.labels).toEqual({ 'topology.kubernetes.io/zone': 'a' })
  })
})

describe('nodes named only by pasted Pods', () => {
  it("registers them with the Pods' hostIP and the block around their Pod IPs", () => {
    const { manifests } = readManifests(
      parseManifests(`apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {nodeName: worker-2, containers: [{name: c, image: x}]}
status: {hostIP: 172.18.0.3, podIP: 10.42.1.7}
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec: {nodeName: worker-1, containers: [{name: c, image: x}]}
`).documents,
    )
    expect(
      readNodes(manifests, DEFAULT_SETTINGS).map((n) => [n.name, n.internalIP, n.podCIDR]),
    ).toEqual([
      ['worker-2', '172.18.0.3', '10.42.1.0/24'],
      ['worker-1', '192.168.49.2', '10.244.0.0/24'],
    ])
  })
})

describe('placing Pods', () => {
  it('hands out host-local addresses from .2 upward, in creation order', () => {
    const placer = createPodPlacer(readNodes([], DEFAULT_SETTINGS))
    const ips = [1, 2, 3].map(() => placer.place(pod()).podIP)
    expect(ips).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.4'])
  })

  it('spreads Pods over the nodes and honours spec.nodeName', () => {
    const placer = createPodPlacer(twoNodes)
    expect(placer.place(pod())).toEqual({
      nodeName: 'node-a',
      podIP: '10.244.0.2',
      hostIP: '192.168.0.11',
    })
    expect(placer.place(pod())).toEqual({
      nodeName: 'node-b',
      podIP: '10.244.1.2',
      hostIP: '192.168.0.12',
    })
    expect(placer.place(pod('node-b'))).toMatchObject({ nodeName: 'node-b', podIP: '10.244.1.3' })
  })

  it('keeps an address pasted in status.podIP and never hands it out twice', () => {
    const placer = createPodPlacer(twoNodes)
    expect(placer.place(pod('node-a', '10.244.0.2')).podIP).toBe('10.244.0.2')
    expect(placer.place(pod('node-a')).podIP).toBe('10.244.0.3')
  })

  it('gives a hostNetwork Pod the node address, and a Pod bound to a missing node none', () => {
    const placer = createPodPlacer(twoNodes)
    expect(placer.place({ nodeName: 'node-b', podIP: null, hostNetwork: true }).podIP).toBe(
      '192.168.0.12',
    )
    expect(placer.place(pod('ghost'))).toEqual({ nodeName: 'ghost', podIP: '', hostIP: '' })
  })
})
