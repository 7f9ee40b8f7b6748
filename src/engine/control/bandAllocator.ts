/**
 * The apiserver's bitmap allocator with a static band (pkg/registry/core/service/allocator,
 * `randomScanStrategyWithOffset`): indexes below `offset` are kept for values users ask for;
 * a dynamic allocation takes a random start in the upper band and scans upward with
 * wrap-around, and only when the upper band is full does the same in the lower band.
 * ClusterIPs and NodePorts both use it, each with its own size and offset.
 */
import type { Rng } from '../rng'

export interface BandAllocator {
  /** Take a specific index; false if it is taken. */
  take(index: number): boolean
  /** Take a free index, upper band first; null when full. */
  takeNext(): number | null
  isTaken(index: number): boolean
  /** Give an index back (a create that failed later releases what it took). */
  release(index: number): void
}

export function createBandAllocator(size: number, offset: number, rng: Rng): BandAllocator {
  const taken = new Set<number>()
  const scan = (from: number, to: number): number | null => {
    if (to <= from) return null
    const start = rng.int(0, to - from - 1)
    for (let step = 0; step < to - from; step++) {
      const index = from + ((start + step) % (to - from))
      if (!taken.has(index)) return index
    }
    return null
  }
  return {
    take(index) {
      if (taken.has(index)) return false
      taken.add(index)
      return true
    },
    takeNext() {
      const index = scan(offset, size) ?? scan(0, offset)
      if (index !== null) taken.add(index)
      return index
    },
    isTaken: (index) => taken.has(index),
    release: (index) => {
      taken.delete(index)
    },
  }
}
