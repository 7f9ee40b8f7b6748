import { describe, expect, it } from 'vitest'
import type { RealServer, VirtualService } from './index'
import {
  connectionClosed,
  connectionExpired,
  connectionOpened,
  createVirtualService,
  schedule,
  setWeight,
} from './index'
import { createRng } from '../../../rng'
import { packet, scriptedRng } from './testHelpers'

const A = '10.0.0.1:80'
const B = '10.0.0.2:80'
const C = '10.0.0.3:80'
const short = (a: string): string => ({ [A]: 'A', [B]: 'B', [C]: 'C' })[a] ?? a

function dest(vs: VirtualService, address: string): RealServer {
  const d = vs.dests.find((x) => x.address === address)
  if (d === undefined) throw new Error(address)
  return d
}

/** Runs the §8 event script: 'open' schedules and opens a TCP conn; others act on A. */
function run(vs: VirtualService, events: string[]): string[] {
  const out: string[] = []
  for (const e of events) {
    if (e === 'open') {
      const p = schedule(vs, packet('10.244.0.5'), 0, scriptedRng([]))
      if (p.dest === null) throw new Error('no dest')
      connectionOpened(vs, p.dest, 'TCP')
      out.push(short(p.dest.address))
    } else if (e === 'close A') connectionClosed(vs, dest(vs, A), 'TCP')
    else if (e === 'expire A') connectionExpired(vs, dest(vs, A))
  }
  return out
}

function counters(vs: VirtualService): Record<string, [number, number]> {
  return Object.fromEntries(vs.dests.map((d) => [short(d.address), [d.activeConns, d.inactConns]]))
}

const EVENTS = ['open', 'open', 'open', 'open', 'close A', 'open', 'expire A', 'open', 'open']

describe('lc and wlc, reference/ipvs.md §8 "lc and wlc, same events"', () => {
  it('lc (ip_vs_lc.c: `doh < loh`, ties keep the earlier): C B A C A B A', () => {
    const vs = createVirtualService('lc', [A, B, C])
    expect(run(vs, EVENTS)).toEqual(['C', 'B', 'A', 'C', 'A', 'B', 'A'])
    expect(counters(vs)).toEqual({ C: [2, 0], B: [2, 0], A: [2, 0] })
  })

  it('wlc with A=1 B=2 C=3 (ip_vs_wlc.c: loh*w(d) > doh*w(least)): C B A C A B C', () => {
    const vs = createVirtualService('wlc', [A, B, C])
    setWeight(vs, A, 1)
    setWeight(vs, B, 2)
    setWeight(vs, C, 3)
    expect(run(vs, EVENTS)).toEqual(['C', 'B', 'A', 'C', 'A', 'B', 'C'])
    expect(counters(vs)).toEqual({ C: [3, 0], B: [2, 0], A: [1, 0] })
  })

  it('wlc explains the overhead formula (ip_vs_dest_conn_overhead: active*256 + inactive)', () => {
    const vs = createVirtualService('wlc', [A, B])
    connectionOpened(vs, dest(vs, B), 'TCP')
    connectionOpened(vs, dest(vs, A), 'TCP')
    connectionClosed(vs, dest(vs, A), 'TCP')
    // B [1,0] = 256, A [0,1] = 1: A wins.
    const p = schedule(vs, packet('1.2.3.4'), 0, scriptedRng([]))
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toContain('wlc: overhead 256*0+1=1 / weight 1 is the lowest')
  })

  it('§1.2 overhead variants: classic ties (B first in list wins), totalconns picks A', () => {
    for (const [overhead, want] of [
      ['classic', B],
      ['totalconns', A],
    ] as const) {
      const vs = createVirtualService('lc', [A, B], { overhead })
      const a = dest(vs, A)
      a.inactConns = 256
      dest(vs, B).activeConns = 1
      expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(want)
    }
  })

  it('lc ignores weights except 0; a weight-0 (terminating) endpoint is skipped', () => {
    const vs = createVirtualService('lc', [A, B, C])
    setWeight(vs, C, 0)
    setWeight(vs, B, 100)
    expect(run(vs, ['open', 'open', 'open'])).toEqual(['B', 'A', 'B'])
  })

  it('wlc: a weight-0 dest is never chosen even with the lowest overhead', () => {
    const vs = createVirtualService('wlc', [A, B])
    connectionOpened(vs, dest(vs, A), 'TCP')
    setWeight(vs, B, 0)
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(A)
  })

  it('UDP connections count as inactive only (overhead 1 each)', () => {
    const vs = createVirtualService('lc', [A, B])
    connectionOpened(vs, dest(vs, B), 'UDP')
    expect(counters(vs)).toEqual({ B: [0, 1], A: [0, 0] })
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(A)
  })
})

describe('sed and nq (ip_vs_sed.c, ip_vs_nq.c)', () => {
  function setup(name: 'sed' | 'nq'): VirtualService {
    // List [B, A]; B weight 3 with 1 active, A weight 1 idle.
    const vs = createVirtualService(name, [A, B])
    setWeight(vs, B, 3)
    connectionOpened(vs, dest(vs, B), 'TCP')
    return vs
  }

  it('sed: (active+1)/weight: B (1+1)/3 < A (0+1)/1, so B despite A being idle', () => {
    const p = schedule(setup('sed'), packet('1.1.1.1'), 0, scriptedRng([]))
    expect(p.dest?.address).toBe(B)
    expect(p.explanation).toContain('sed: expected delay (active 1+1) / weight 3 is the lowest')
  })

  it('nq: the first idle server in list order is used at once, so A', () => {
    const p = schedule(setup('nq'), packet('1.1.1.1'), 0, scriptedRng([]))
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toBe('nq: 10.0.0.1:80 is idle (0 active connections), used at once')
  })

  it('sed ignores inactive connections; nq falls back to sed when nobody is idle', () => {
    const vs = createVirtualService('nq', [A, B])
    connectionOpened(vs, dest(vs, A), 'TCP')
    connectionOpened(vs, dest(vs, B), 'TCP')
    connectionOpened(vs, dest(vs, B), 'UDP')
    // Both (1+1)/1: tie keeps the earlier in the list, B.
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(B)
  })
})

describe('fo and ovf (ip_vs_fo.c, ip_vs_ovf.c)', () => {
  it('fo: highest weight wins; ties keep the earliest; counters ignored', () => {
    const vs = createVirtualService('fo', [A, B, C])
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(C)
    setWeight(vs, A, 5)
    for (let i = 0; i < 3; i++) connectionOpened(vs, dest(vs, A), 'TCP')
    const p = schedule(vs, packet('1.1.1.1'), 0, scriptedRng([]))
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toBe('fo: 10.0.0.1:80 has the highest weight (5)')
    setWeight(vs, A, 0)
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).dest?.address).toBe(C)
  })

  it('ovf: weight is an active-connection limit; active == weight is still eligible', () => {
    const vs = createVirtualService('ovf', [A, B])
    setWeight(vs, A, 2)
    const picked: string[] = []
    for (let i = 0; i < 5; i++) {
      const p = schedule(vs, packet('1.1.1.1'), 0, scriptedRng([]))
      if (p.dest === null) break
      connectionOpened(vs, p.dest, 'TCP')
      picked.push(short(p.dest.address))
    }
    // A (w2) takes conns while active <= 2, i.e. 3 of them; then B (w1) takes 2; then none.
    expect(picked).toEqual(['A', 'A', 'A', 'B', 'B'])
    const none = schedule(vs, packet('1.1.1.1'), 0, scriptedRng([]))
    expect(none.dest).toBeNull()
    expect(none.explanation).toContain('10.0.0.1:80 (3 active > weight 2)')
  })
})

describe('twos (ip_vs_twos.c)', () => {
  it('draws r in [0, T]; r = 0 selects the first usable dest; the lower w-normalised overhead wins', () => {
    const vs = createVirtualService('twos', [A, B, C]) // list [C, B, A], T = 3
    connectionOpened(vs, dest(vs, C), 'TCP')
    // r1 = 0 → C (0-1 <= 0); r2 = 3 → A (3-1-1-1 <= 0). w2*oh1 = 256 > w1*oh2 = 0 → A.
    const p = schedule(vs, packet('1.1.1.1'), 0, scriptedRng([0, 3]))
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toContain('draws 0 and 3 of 0..3')
    // r1 = 2 → B, r2 = 1 → C: B has 0 overhead, C 256: w2*oh1 = 0 <= 256 → B (choice1).
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([2, 1])).dest?.address).toBe(B)
  })

  it('is deterministic for a seed (the engine Rng)', () => {
    const run1 = (): string[] => {
      const vs = createVirtualService('twos', [A, B, C])
      const rng = createRng(42)
      const out: string[] = []
      for (let i = 0; i < 20; i++) {
        const p = schedule(vs, packet('1.1.1.1'), 0, rng)
        if (p.dest === null) throw new Error('none')
        connectionOpened(vs, p.dest, 'TCP')
        out.push(short(p.dest.address))
      }
      return out
    }
    const first = run1()
    expect(run1()).toEqual(first)
    // Power of two choices keeps the active counts close.
    const counts = ['A', 'B', 'C'].map((n) => first.filter((x) => x === n).length)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2)
  })

  it('skips weight 0 and returns NULL when no weight is positive', () => {
    const vs = createVirtualService('twos', [A])
    setWeight(vs, A, 0)
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([0, 0])).dest).toBeNull()
  })
})
