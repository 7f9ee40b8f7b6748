/**
 * The engine's one source of randomness: a seeded xoroshiro128+ from pure-rand.
 *
 * kube-proxy's iptables `statistic --mode random`, the apiserver's random start for ClusterIP
 * and NodePort allocation and the controllers' generated name suffixes are all random in a real
 * cluster. Here they draw from this generator, so the same input and seed give the same cluster,
 * the same rules and the same trace, and a share link replays exactly.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export interface Rng {
  /** A float in [0, 1). */
  float(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
}

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0)
  return {
    float: () => uniformFloat64(generator),
    int: (min, max) => uniformInt(generator, min, max),
  }
}

/**
 * A generator for one purpose, derived from the seed and a label, so that adding a Service
 * does not shift the draws of an unrelated stage (allocation vs. traffic).
 */
export function forkRng(seed: number, label: string): Rng {
  let hash = seed | 0
  for (let i = 0; i < label.length; i++) hash = (Math.imul(hash, 31) + label.charCodeAt(i)) | 0
  return createRng(hash)
}
