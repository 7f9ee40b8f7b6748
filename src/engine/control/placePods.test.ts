import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../model/cluster'
import { createPodPlacer, defaultNodes } from './placePods'

const twoNodes = [
  { name: 'node-a', internalIP: '192.168.0.11', podCIDR: '10.244.0.0/24' },
  { name: 'node-b', internalIP: '192.168.0.12', podCIDR: '10.244.1.0/24' },
]

describe('placing Pods', () => {
  it('gives a cluster without Node objects one node with the first /24 of the pod subnet', () => {
    expect(defaultNodes(DEFAULT_SETTINGS)).toEqual([
      { name: 'node-1', internalIP: '192.168.49.2', podCIDR: '10.244.0.0/24' },
    ])
  })

  it('hands out host-local addresses from .2 upward, in creation order', () => {
    const placer = createPodPlacer(defaultNodes(DEFAULT_SETTINGS))
    const ips = [1, 2, 3].map(() => placer.place({ nodeName: null, podIP: null }).podIP)
    expect(ips).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.4'])
  })

  it('spreads Pods over the nodes and honours spec.nodeName', () => {
    const placer = createPodPlacer(twoNodes)
    expect(placer.place({ nodeName: null, podIP: null })).toEqual({
      nodeName: 'node-a',
      podIP: '10.244.0.2',
    })
    expect(placer.place({ nodeName: null, podIP: null })).toEqual({
      nodeName: 'node-b',
      podIP: '10.244.1.2',
    })
    expect(placer.place({ nodeName: 'node-b', podIP: null })).toEqual({
      nodeName: 'node-b',
      podIP: '10.244.1.3',
    })
  })

  it('keeps an address pasted in status.podIP and never hands it out twice', () => {
    const placer = createPodPlacer(twoNodes)
    expect(placer.place({ nodeName: 'node-a', podIP: '10.244.0.2' }).podIP).toBe('10.244.0.2')
    expect(placer.place({ nodeName: 'node-a', podIP: null }).podIP).toBe('10.244.0.3')
  })
})
