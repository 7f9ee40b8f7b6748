import { describe, expect, it } from 'vitest'
import { podState } from '../model/build'
import type { PodState } from '../model/cluster'
import { podsToDelete } from './podsToDelete'
import type { PodTimes } from './podsToDelete'

// pkg/controller/controller_utils.go ActivePodsWithRanks.Less, as getPodsToDelete uses it
// (pkg/controller/replicaset/replica_set.go).
const running = (name: string, node: string, createdIndex: number, ready = true): PodState =>
  podState({ name, nodeName: node, phase: 'Running', ready, podIP: '10.0.0.1', createdIndex })

const noTimes: PodTimes = { createdAt: () => 0, readySince: () => 0 }
const names = (pods: PodState[]) => pods.map((p) => p.name)

describe('podsToDelete', () => {
  it('puts unassigned, then Pending, then not-ready Pods first', () => {
    const pods = [
      running('ready', 'n1', 0),
      running('not-ready', 'n1', 1, false),
      { ...running('pending', 'n1', 2), phase: 'Pending' as const },
      { ...running('unassigned', 'n1', 3), nodeName: '' },
    ]
    expect(names(podsToDelete(pods, pods, 3, noTimes))).toEqual([
      'unassigned',
      'pending',
      'not-ready',
    ])
  })

  it('prefers a Pod doubled up on a node with more of the same workload', () => {
    const pods = [running('alone', 'n1', 5), running('a', 'n2', 0), running('b', 'n2', 1)]
    expect(names(podsToDelete(pods, pods, 1, noTimes))).toEqual(['b'])
  })

  it('then the Pod Ready for less time, then the newer one, then the later created', () => {
    const pods = [running('old', 'n1', 0), running('young', 'n1', 1), running('flapped', 'n1', 2)]
    const times: PodTimes = {
      createdAt: (ref) => (ref.endsWith('young') ? 5 : 0),
      readySince: (ref) => (ref.endsWith('flapped') ? 9 : 0),
    }
    expect(names(podsToDelete(pods, pods, 3, times))).toEqual(['old', 'young', 'flapped'])
    expect(names(podsToDelete(pods, pods, 2, times))).toEqual(['flapped', 'young'])
    expect(names(podsToDelete(pods, pods, 1, noTimes))).toEqual(['flapped'])
  })

  it('deletes nothing for a diff of 0', () => {
    expect(podsToDelete([running('a', 'n1', 0)], [], 0, noTimes)).toEqual([])
  })
})
