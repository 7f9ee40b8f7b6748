import { describe, expect, it } from 'vitest'
import { addDest, createVirtualService, removeDest, schedule, setWeight } from './index'
import { packet, picks, scriptedRng } from './testHelpers'

const NAME: Record<string, string> = {
  '10.0.0.1:80': 'A',
  '10.0.0.2:80': 'B',
  '10.0.0.3:80': 'C',
  '10.0.0.4:80': 'D',
}
const short = (a: string): string => NAME[a] ?? a

describe('rr (net/netfilter/ipvs/ip_vs_rr.c)', () => {
  it('reference/ipvs.md §8 rr: C B A C; delete C; B A B; add D; A D B A; A weight 0; D B D B', () => {
    const vs = createVirtualService('rr', ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'])
    // list_add_rcu puts each new dest at the head: add order A B C gives the list [C, B, A].
    expect(vs.dests.map((d) => short(d.address))).toEqual(['C', 'B', 'A'])
    expect(picks(vs, 4, short)).toEqual(['C', 'B', 'A', 'C'])
    // ip_vs_rr_del_dest: the cursor was on C, the first element, so it moves to the head.
    expect(removeDest(vs, '10.0.0.3:80')).toContain(
      'rr cursor moved from 10.0.0.3:80 to the list head',
    )
    expect(picks(vs, 3, short)).toEqual(['B', 'A', 'B'])
    // No add_dest hook: D goes in at the head and is reached only after the walk wraps.
    addDest(vs, '10.0.0.4:80')
    expect(vs.dests.map((d) => short(d.address))).toEqual(['D', 'B', 'A'])
    expect(picks(vs, 4, short)).toEqual(['A', 'D', 'B', 'A'])
    // Weight 0 is quiesced: skipped by `atomic_read(&dest->weight) > 0`.
    setWeight(vs, '10.0.0.1:80', 0)
    expect(picks(vs, 4, short)).toEqual(['D', 'B', 'D', 'B'])
  })

  it('explains the cursor move and returns NULL (cursor kept) when every weight is 0', () => {
    const vs = createVirtualService('rr', ['10.0.0.1:80', '10.0.0.2:80'])
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).explanation).toBe(
      'rr cursor moved from the list head to 10.0.0.2:80',
    )
    expect(schedule(vs, packet('1.1.1.1'), 0, scriptedRng([])).explanation).toBe(
      'rr cursor moved from 10.0.0.2:80 to 10.0.0.1:80',
    )
    setWeight(vs, '10.0.0.1:80', 0)
    setWeight(vs, '10.0.0.2:80', 0)
    const none = schedule(vs, packet('1.1.1.1'), 0, scriptedRng([]))
    expect(none.dest).toBeNull()
    setWeight(vs, '10.0.0.2:80', 1)
    // The cursor stayed on A (10.0.0.1), so the walk wraps to B.
    expect(picks(vs, 2, short)).toEqual(['B', 'B'])
  })

  it('deleting a dest that is not the cursor leaves the cursor alone', () => {
    const vs = createVirtualService('rr', ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'])
    expect(picks(vs, 2, short)).toEqual(['C', 'B'])
    removeDest(vs, '10.0.0.3:80')
    expect(picks(vs, 3, short)).toEqual(['A', 'B', 'A'])
  })

  it('deleting the cursor dest in the middle moves the cursor to its predecessor', () => {
    const vs = createVirtualService('rr', ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'])
    expect(picks(vs, 2, short)).toEqual(['C', 'B'])
    // Cursor on B; its predecessor is C, so the next pick is B's successor A.
    removeDest(vs, '10.0.0.2:80')
    expect(picks(vs, 3, short)).toEqual(['A', 'C', 'A'])
  })
})

describe('wrr (net/netfilter/ipvs/ip_vs_wrr.c)', () => {
  it('reference/ipvs.md §8 wrr: adds A4 B3 C2 leave cw = 1, so C B A then the weighted passes', () => {
    const vs = createVirtualService('wrr', [])
    addDest(vs, '10.0.0.1:80', 4)
    addDest(vs, '10.0.0.2:80', 3)
    addDest(vs, '10.0.0.3:80', 2)
    expect(vs.schedulerState).toMatchObject({ kind: 'wrr', wrr: { cw: 1, mw: 4, di: 1 } })
    expect(picks(vs, 12, short)).toEqual([
      ...['C', 'B', 'A'], // the cw = 1 sweep left by ip_vs_wrr_dest_changed
      'A', // cw = 4
      ...['B', 'A'], // cw = 3
      ...['C', 'B', 'A'], // cw = 2
      ...['C', 'B', 'A'], // cw = 1
    ])
    // And the classic cycle continues: cw = 4 again.
    expect(picks(vs, 9, short)).toEqual(['A', 'B', 'A', 'C', 'B', 'A', 'C', 'B', 'A'])
  })

  it('a service created with all dests at once (init_service) starts at cw = mw, the textbook order', () => {
    const vs = createVirtualService('wrr', [])
    // Simulate ipvsadm restoring a service whose dests exist at init: reset via the init rule.
    addDest(vs, '10.0.0.1:80', 4)
    addDest(vs, '10.0.0.2:80', 3)
    addDest(vs, '10.0.0.3:80', 2)
    vs.schedulerState = { kind: 'wrr', wrr: { cursor: null, cw: 4, mw: 4, di: 1 } }
    expect(picks(vs, 9, short)).toEqual(['A', 'B', 'A', 'C', 'B', 'A', 'C', 'B', 'A'])
  })

  it('an incremental add (or an edit) resets the cursor to the head and keeps cw within mw', () => {
    const vs = createVirtualService('wrr', [])
    addDest(vs, '10.0.0.1:80', 4)
    addDest(vs, '10.0.0.2:80', 3)
    addDest(vs, '10.0.0.3:80', 2)
    expect(picks(vs, 4, short)).toEqual(['C', 'B', 'A', 'A']) // now cw = 4, cursor on A
    const msg = addDest(vs, '10.0.0.4:80', 1)
    // gcd(4,3,2,1) = 1, mw = 4; cw = 4 is not above mw, di = 1: unchanged. Cursor → head.
    expect(msg).toContain('wrr state cw=4 mw=4 di=1 -> cw=4 mw=4 di=1, cursor at head')
    expect(vs.dests.map((d) => short(d.address))).toEqual(['D', 'C', 'B', 'A'])
    expect(picks(vs, 6, short)).toEqual(['A', 'B', 'A', 'C', 'B', 'A'])
    expect(picks(vs, 4, short)).toEqual(['D', 'C', 'B', 'A'])
  })

  it('di > 1: weights {2,4} give di = 2, mw = 3 and cw rounding to a multiple of di plus one', () => {
    const vs = createVirtualService('wrr', [])
    addDest(vs, '10.0.0.1:80', 2)
    // Alone: di = 2, mw = 2 - 1 = 1, cw was 0 → 1.
    expect(vs.schedulerState).toMatchObject({ wrr: { cw: 1, mw: 1, di: 2 } })
    addDest(vs, '10.0.0.2:80', 4)
    expect(vs.schedulerState).toMatchObject({ wrr: { cw: 1, mw: 3, di: 2 } })
    // List [B, A]. cw = 1: B A; cw 1-2 <= 0 → mw = 3: B (4 >= 3); cw = 1: B A; cw = 3: B.
    expect(picks(vs, 6, (a) => (a === '10.0.0.1:80' ? 'A' : 'B'))).toEqual([
      'B',
      'A',
      'B',
      'B',
      'A',
      'B',
    ])
  })

  it('weight 0 is never picked (weight >= cw >= 1), and all weights 0 returns NULL', () => {
    const vs = createVirtualService('wrr', ['10.0.0.1:80', '10.0.0.2:80'])
    setWeight(vs, '10.0.0.2:80', 0)
    expect(picks(vs, 3, short)).toEqual(['A', 'A', 'A'])
    setWeight(vs, '10.0.0.1:80', 0)
    expect(picks(vs, 1, short)).toEqual(['null'])
  })
})
