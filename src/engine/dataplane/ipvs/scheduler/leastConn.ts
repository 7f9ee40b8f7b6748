/**
 * The counter-driven schedulers: lc, wlc, sed, nq, fo, ovf and twos.
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_lc.c (ip_vs_lc_schedule), ip_vs_wlc.c
 * (ip_vs_wlc_schedule), ip_vs_sed.c (ip_vs_sed_dest_overhead, ip_vs_sed_schedule), ip_vs_nq.c
 * (ip_vs_nq_dest_overhead, ip_vs_nq_schedule), ip_vs_fo.c (ip_vs_fo_schedule), ip_vs_ovf.c
 * (ip_vs_ovf_schedule), ip_vs_twos.c (ip_vs_twos_schedule); include/net/ip_vs.h
 * (ip_vs_dest_conn_overhead). reference/ipvs.md §2.
 *
 * All of them walk the list from the head, so list order breaks ties. Load ratios are compared
 * by cross-multiplying (the kernel has no floats), with the exact strictness the kernel uses.
 * IP_VS_DEST_F_OVERLOAD is never set under kube-proxy (no thresholds), so only weight matters.
 */
import type { Rng } from '../../../rng'
import type { Pick, RealServer, VirtualService } from './model'
import { overheadOf } from './model'

function describeCounters(vs: VirtualService, d: RealServer): string {
  return `${d.address} [${d.activeConns},${d.inactConns}] overhead ${overheadOf(vs, d)} weight ${d.weight}`
}

/** ip_vs_lc_schedule: smallest overhead among weight > 0; `doh < loh` keeps the earlier on a tie. */
export function lcSchedule(vs: VirtualService): Pick {
  let least: RealServer | null = null
  let loh = 0
  for (const d of vs.dests) {
    if (d.weight === 0) continue
    const doh = overheadOf(vs, d)
    if (least === null || doh < loh) {
      least = d
      loh = doh
    }
  }
  if (least === null) return { dest: null, explanation: 'lc: no real server with weight > 0' }
  return {
    dest: least,
    explanation: `lc: overhead ${formulaOf(vs, least)}=${loh} is the lowest (ties keep the earlier list entry)`,
  }
}

function formulaOf(vs: VirtualService, d: RealServer): string {
  return vs.options.overhead === 'classic'
    ? `256*${d.activeConns}+${d.inactConns}`
    : `256*${d.activeConns}+${d.activeConns + d.inactConns}`
}

/**
 * The shared wlc/sed/lblc search: the first dest with weight > 0 becomes `least`; each LATER dest
 * replaces it only if loh * w(d) > doh * w(least) (strict, so ties keep the earlier). Later dests
 * are not filtered on weight: a weight-0 dest can never win because its left side is 0.
 */
export function weightedLeast(
  vs: VirtualService,
  overhead: (d: RealServer) => number,
): { dest: RealServer; overhead: number } | null {
  const list = vs.dests
  const first = list.findIndex((d) => d.weight > 0)
  const firstDest = list[first]
  if (firstDest === undefined) return null
  let least = firstDest
  let loh = overhead(least)
  for (let i = first + 1; i < list.length; i++) {
    const d = list[i]
    if (d === undefined) continue
    const doh = overhead(d)
    if (loh * d.weight > doh * least.weight) {
      least = d
      loh = doh
    }
  }
  return { dest: least, overhead: loh }
}

export function wlcSchedule(vs: VirtualService): Pick {
  const r = weightedLeast(vs, (d) => overheadOf(vs, d))
  if (r === null) return { dest: null, explanation: 'wlc: no real server with weight > 0' }
  return {
    dest: r.dest,
    explanation:
      `wlc: overhead ${formulaOf(vs, r.dest)}=${r.overhead} / weight ${r.dest.weight} is the lowest ` +
      `(compared as loh*w > doh*wl, ties keep the earlier list entry)`,
  }
}

/** ip_vs_sed_dest_overhead: activeconns + 1; inactive connections are ignored. */
function sedOverhead(d: RealServer): number {
  return d.activeConns + 1
}

export function sedSchedule(vs: VirtualService): Pick {
  const r = weightedLeast(vs, sedOverhead)
  if (r === null) return { dest: null, explanation: 'sed: no real server with weight > 0' }
  return {
    dest: r.dest,
    explanation: `sed: expected delay (active ${r.dest.activeConns}+1) / weight ${r.dest.weight} is the lowest`,
  }
}

/**
 * ip_vs_nq_schedule: walk the list skipping weight 0; the first dest with no active connection is
 * returned at once; otherwise the sed rule (strict `>`). Unlike wlc/sed, weight-0 dests are
 * skipped everywhere (`!atomic_read(&dest->weight)` → continue).
 */
export function nqSchedule(vs: VirtualService): Pick {
  let least: RealServer | null = null
  let loh = 0
  for (const d of vs.dests) {
    if (d.weight === 0) continue
    const doh = sedOverhead(d)
    if (d.activeConns === 0) {
      return {
        dest: d,
        explanation: `nq: ${d.address} is idle (0 active connections), used at once`,
      }
    }
    if (least === null || loh * d.weight > doh * least.weight) {
      least = d
      loh = doh
    }
  }
  if (least === null) return { dest: null, explanation: 'nq: no real server with weight > 0' }
  return {
    dest: least,
    explanation: `nq: no idle server; expected delay (active ${least.activeConns}+1) / weight ${least.weight} is the lowest`,
  }
}

/** ip_vs_fo_schedule: the highest weight (> 0); `weight > hw` keeps the earliest on a tie. */
export function foSchedule(vs: VirtualService): Pick {
  let best: RealServer | null = null
  let hw = 0
  for (const d of vs.dests) {
    if (d.weight > hw) {
      best = d
      hw = d.weight
    }
  }
  if (best === null) return { dest: null, explanation: 'fo: no real server with weight > 0' }
  return { dest: best, explanation: `fo: ${best.address} has the highest weight (${hw})` }
}

/**
 * ip_vs_ovf_schedule: skip weight 0 and dests whose activeconns exceed their weight (equal is
 * still eligible); among the rest the highest weight, ties keep the earliest.
 */
export function ovfSchedule(vs: VirtualService): Pick {
  let best: RealServer | null = null
  let hw = 0
  const full: string[] = []
  for (const d of vs.dests) {
    const w = d.weight
    if (w === 0) continue
    if (d.activeConns > w) {
      full.push(`${d.address} (${d.activeConns} active > weight ${w})`)
      continue
    }
    if (best === null || w > hw) {
      best = d
      hw = w
    }
  }
  const skipped = full.length > 0 ? `; over limit: ${full.join(', ')}` : ''
  if (best === null)
    return { dest: null, explanation: `ovf: every server is at its limit${skipped}` }
  return {
    dest: best,
    explanation: `ovf: ${best.address} has the highest weight (${hw}) with active ${best.activeConns} <= ${hw}${skipped}`,
  }
}

/**
 * ip_vs_twos_schedule: T = sum of the weights > 0; r1, r2 = prandom_u32() % (T + 1), drawn in
 * that order (here from the injected Rng). Walk the usable dests subtracting each weight; the
 * first dest where r <= 0 is the choice. Return choice2 only if w2*oh1 > w1*oh2.
 */
export function twosSchedule(vs: VirtualService, rng: Rng): Pick {
  const usable = vs.dests.filter((d) => d.weight > 0)
  if (usable.length === 0)
    return { dest: null, explanation: 'twos: no real server with weight > 0' }
  const total = usable.reduce((s, d) => s + d.weight, 0)
  const draw1 = rng.int(0, total)
  const draw2 = rng.int(0, total)
  let r1 = draw1
  let r2 = draw2
  let c1: RealServer | null = null
  let c2: RealServer | null = null
  for (const d of usable) {
    r1 -= d.weight
    r2 -= d.weight
    if (r1 <= 0 && c1 === null) c1 = d
    if (r2 <= 0 && c2 === null) c2 = d
    if (c1 !== null && c2 !== null) break
  }
  // r <= total always reaches 0 by the last usable dest, so both choices exist.
  const a = c1 ?? usable[usable.length - 1] ?? usable[0]
  const b = c2 ?? a
  if (a === undefined || b === undefined) return { dest: null, explanation: 'twos: no choice' }
  const oh1 = overheadOf(vs, a)
  const oh2 = overheadOf(vs, b)
  const second = b.weight * oh1 > a.weight * oh2
  const winner = second ? b : a
  return {
    dest: winner,
    explanation:
      `twos: draws ${draw1} and ${draw2} of 0..${total} picked ${describeCounters(vs, a)} and ` +
      `${describeCounters(vs, b)}; ${winner.address} wins (w2*oh1 ${b.weight * oh1} ` +
      `${second ? '>' : '<='} w1*oh2 ${a.weight * oh2})`,
  }
}
