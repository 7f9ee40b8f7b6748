/**
 * Round robin (rr) and weighted round robin (wrr).
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_rr.c (ip_vs_rr_init_svc, ip_vs_rr_del_dest,
 * ip_vs_rr_schedule) and net/netfilter/ipvs/ip_vs_wrr.c (ip_vs_wrr_gcd_weight,
 * ip_vs_wrr_max_weight, ip_vs_wrr_init_svc, ip_vs_wrr_dest_changed, ip_vs_wrr_schedule).
 * reference/ipvs.md §2 "rr" and "wrr".
 *
 * Both keep a cursor that points at a dest or at the list head (`null` here). The dest list is
 * the kernel's, head first, so the cycle order is the reverse of the add order.
 */
import type { Pick, RealServer, VirtualService } from './model'
import { gcd } from './model'

export interface RrState {
  /** svc->sched_data: the list head (null) or the last dest picked. */
  cursor: RealServer | null
}

export function rrInit(): RrState {
  // ip_vs_rr_init_svc: sched_data = &svc->destinations, i.e. the head.
  return { cursor: null }
}

/**
 * ip_vs_rr_del_dest: called after the dest is unlinked. If the cursor sat on it, it moves to the
 * dest's predecessor (p->next->prev), or to the head when the dest was first.
 */
export function rrDeleted(
  state: RrState,
  removedIndex: number,
  removed: RealServer,
  after: RealServer[],
): void {
  if (state.cursor !== removed) return
  state.cursor = removedIndex > 0 ? (after[removedIndex - 1] ?? null) : null
}

export function rrSchedule(vs: VirtualService, state: RrState): Pick {
  const list = vs.dests
  const start = state.cursor === null ? -1 : list.indexOf(state.cursor)
  // First pass: from the element after the cursor to the end of the list. A second pass from
  // the head up to and including the cursor runs only when the cursor is not the head
  // ("If we stay at head there is no need for 2nd pass").
  const order: number[] = []
  for (let i = start + 1; i < list.length; i++) order.push(i)
  if (state.cursor !== null) for (let i = 0; i <= start; i++) order.push(i)
  const from = state.cursor === null ? 'the list head' : state.cursor.address
  for (const i of order) {
    const d = list[i]
    if (d === undefined) continue
    // Weight 0 is quiesced: skipped, but the walk goes on.
    if (d.weight > 0) {
      state.cursor = d
      return { dest: d, explanation: `rr cursor moved from ${from} to ${d.address}` }
    }
  }
  // No usable dest: the cursor stays where it was.
  return {
    dest: null,
    explanation: `rr: no real server with weight > 0 (cursor stays at ${from})`,
  }
}

export interface WrrState {
  /** mark->cl: the list head (null) or the last dest picked. */
  cursor: RealServer | null
  /** mark->cw: current weight threshold. */
  cw: number
  /** mark->mw: max weight - (di - 1). */
  mw: number
  /** mark->di: gcd of the positive weights (1 if none). */
  di: number
}

function wrrGcd(list: RealServer[]): number {
  // ip_vs_wrr_gcd_weight: gcd over weights > 0, or 1 when there are none.
  let g = 0
  for (const d of list) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight
  return g > 0 ? g : 1
}

function wrrMax(list: RealServer[]): number {
  let w = 0
  for (const d of list) if (d.weight > w) w = d.weight
  return w
}

export function wrrInit(list: RealServer[]): WrrState {
  const di = wrrGcd(list)
  const mw = wrrMax(list) - (di - 1)
  return { cursor: null, cw: mw, mw, di }
}

/**
 * ip_vs_wrr_dest_changed, the add, delete AND update hook: the cursor goes back to the head,
 * di and mw are recomputed, and cw is reset to mw only when it is above mw or 0; otherwise it is
 * rounded to a multiple of di plus one. This is why incremental adds (kube-proxy's way) leave
 * cw = 1 and the first sweep picks every dest once.
 */
export function wrrChanged(state: WrrState, list: RealServer[]): string {
  const before = `cw=${state.cw} mw=${state.mw} di=${state.di}`
  state.cursor = null
  state.di = wrrGcd(list)
  state.mw = wrrMax(list) - (state.di - 1)
  if (state.cw > state.mw || state.cw === 0) state.cw = state.mw
  else if (state.di > 1) state.cw = Math.floor(state.cw / state.di) * state.di + 1
  return `wrr state ${before} -> cw=${state.cw} mw=${state.mw} di=${state.di}, cursor at head`
}

export function wrrSchedule(vs: VirtualService, state: WrrState): Pick {
  const list = vs.dests
  if (state.mw === 0) {
    return { dest: null, explanation: 'wrr: no real server with weight > 0 (mw = 0)' }
  }
  const last = state.cursor
  let stop: RealServer | null = null
  let lastPass = false
  let restarted = false
  let idx = last === null ? -1 : list.indexOf(last)
  const startCw = state.cw
  // ip_vs_wrr_schedule: the loop below follows the kernel's goto structure literally, because
  // its stop rules (last_pass, restarted, stop) decide when NULL is returned.
  for (;;) {
    for (let i = idx + 1; i < list.length; i++) {
      const d = list[i]
      if (d === undefined) continue
      if (d.weight >= state.cw) {
        state.cursor = d
        return {
          dest: d,
          explanation:
            `wrr: ${d.address} has weight ${d.weight} >= cw ${state.cw}` +
            (startCw !== state.cw ? ` (cw stepped from ${startCw})` : '') +
            ` (mw=${state.mw}, di=${state.di})`,
        }
      }
      if (d === stop) {
        state.cursor = d
        return { dest: null, explanation: 'wrr: no destination available after a full pass' }
      }
    }
    state.cw -= state.di
    if (state.cw <= 0) {
      state.cw = state.mw
      // Stop if the last pass (w >= 1) already covered every dest, or this call began at the
      // head so the only traversal was already for w >= 1.
      if (lastPass || last === null) {
        state.cursor = null
        return { dest: null, explanation: 'wrr: no destination available after a full pass' }
      }
      restarted = true
    }
    lastPass = state.cw <= state.di
    if (lastPass && restarted && last !== null) stop = last
    idx = -1
  }
}
