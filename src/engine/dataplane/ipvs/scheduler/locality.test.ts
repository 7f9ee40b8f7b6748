import { describe, expect, it } from 'vitest'
import type { RealServer, VirtualService } from './index'
import { connectionOpened, createVirtualService, removeDest, schedule, setWeight } from './index'
import { packet, scriptedRng } from './testHelpers'

const A = '10.0.0.1:80'
const B = '10.0.0.2:80'
const DAY = 24 * 60 * 60

function dest(vs: VirtualService, address: string): RealServer {
  const d = vs.dests.find((x) => x.address === address)
  if (d === undefined) throw new Error(address)
  return d
}

function open(vs: VirtualService, now: number, vip = '10.96.0.1'): string {
  const p = schedule(vs, packet('10.244.0.5', 40000, vip), now, scriptedRng([]))
  if (p.dest === null) return 'null'
  connectionOpened(vs, p.dest, 'TCP')
  return p.dest.address
}

describe('lblc (net/netfilter/ipvs/ip_vs_lblc.c)', () => {
  it('sticks to the cached dest until it is "overloaded": active > weight and someone has 2*active < weight', () => {
    const vs = createVirtualService('lblc', [A, B]) // list [B, A]
    setWeight(vs, A, 4)
    setWeight(vs, B, 4)
    // First: wlc over [B, A], a tie → B, cached for the VIP.
    expect(open(vs, 0)).toBe(B)
    // B stays while active <= weight (4): connections 2..5.
    for (let i = 0; i < 4; i++) expect(open(vs, 1)).toBe(B)
    expect(dest(vs, B).activeConns).toBe(5)
    // Now B has 5 > 4 and A has 2*0 < 4: overloaded, wlc picks A and replaces the cache entry.
    const p = schedule(vs, packet('10.244.0.5', 1, '10.96.0.1'), 2, scriptedRng([]))
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toContain('cached 10.0.0.2:80 is overloaded (5 active > weight 4')
  })

  it('no switch while no other dest has 2*active < weight', () => {
    const vs = createVirtualService('lblc', [A, B])
    // weights 1: 2*0 < 1 holds for an idle A, so B switches once B has 2 active.
    expect(open(vs, 0)).toBe(B)
    expect(open(vs, 0)).toBe(B)
    expect(open(vs, 0)).toBe(A)
    // A has 1 active: 2*1 < 1 is false for both, so A stays even at 2 active > 1.
    expect(open(vs, 0)).toBe(A)
    expect(open(vs, 0)).toBe(A)
  })

  it('a removed or weight-0 cached dest is rescheduled', () => {
    const vs = createVirtualService('lblc', [A, B])
    expect(open(vs, 0)).toBe(B)
    setWeight(vs, B, 0)
    expect(open(vs, 0)).toBe(A)
    setWeight(vs, B, 1)
    removeDest(vs, A)
    expect(open(vs, 0)).toBe(B)
  })

  it('the entry expires at the first full check (every 1800 s) at least 24 h after last use', () => {
    const vs = createVirtualService('lblc', [A, B])
    expect(open(vs, 0)).toBe(B)
    // Load B so a fresh wlc would choose A; the cache keeps B (B: 1 active <= 1).
    expect(open(vs, 100)).toBe(B)
    // Cache refreshed at 100; full checks at 1800k; first with t >= 100 + 86400 is 88200.
    const d = dest(vs, B)
    d.activeConns = 1
    expect(schedule(vs, packet('x', 1, '10.96.0.1'), 88199, scriptedRng([])).dest?.address).toBe(B)
    // The hit at 88199 refreshed last use again; the entry now lives until the check at 174600.
    const late = schedule(vs, packet('x', 1, '10.96.0.1'), 174600, scriptedRng([]))
    expect(late.explanation).toContain('its cache entry had expired')
    expect(late.dest?.address).toBe(A)
  })
})

describe('lblcr (net/netfilter/ipvs/ip_vs_lblcr.c)', () => {
  it('grows the set on overload, uses the least loaded member, prunes the most loaded after 24 h', () => {
    const vs = createVirtualService('lblcr', [A, B])
    expect(open(vs, 0)).toBe(B)
    expect(open(vs, 0)).toBe(B)
    // B 2 > 1 and A idle: wlc picks A and adds it to the set (set [A, B]).
    const p = schedule(vs, packet('c', 1, '10.96.0.1'), 0, scriptedRng([]))
    expect(p.explanation).toContain('wlc picked 10.0.0.1:80 and added it to the set')
    connectionOpened(vs, dest(vs, A), 'TCP')
    // Set min: A (256) vs B (512) → A.
    expect(open(vs, 10)).toBe(A)
    // More than 24 h after the last set change (time_after is strict): drop the most loaded.
    dest(vs, A).activeConns = 0
    const pruned = schedule(vs, packet('c', 1, '10.96.0.1'), DAY + 1, scriptedRng([]))
    expect(pruned.explanation).toContain('dropped the most loaded 10.0.0.2:80 from the set')
    expect(pruned.dest?.address).toBe(A)
  })
})
