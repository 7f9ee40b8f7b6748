/**
 * Test helpers for the scheduler tests: a packet builder, an Rng that replays given draws
 * (so twos can be driven exactly as `prandom_u32() % (T + 1)` values), and a pick shortcut.
 */
import type { Rng } from '../../../rng'
import type { PacketKey, VirtualService } from './index'
import { schedule } from './index'

export function packet(
  srcIP: string,
  srcPort = 40000,
  dstIP = '10.96.0.1',
  dstPort = 80,
): PacketKey {
  return { srcIP, dstIP, srcPort, dstPort, protocol: 'TCP' }
}

/** Returns the given integers in order, clamped into [min, max]; float() is unused here. */
export function scriptedRng(values: number[]): Rng {
  let i = 0
  return {
    float: () => 0,
    int: (min, max) => Math.min(max, Math.max(min, values[i++] ?? min)),
  }
}

/** Schedules `n` connections and returns the picked addresses' short names (`null` for none). */
export function picks(
  vs: VirtualService,
  n: number,
  short: (a: string) => string,
  now = 0,
): string[] {
  const rng = scriptedRng([])
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const p = schedule(vs, packet('10.244.0.5', 40000 + i), now, rng)
    out.push(p.dest === null ? 'null' : short(p.dest.address))
  }
  return out
}
