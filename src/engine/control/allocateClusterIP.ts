/**
 * ClusterIP allocation, as kube-apiserver does it on create (pkg/registry/core/service/ipallocator).
 *
 * The service range is split in two bands (KEP-3070): the first `offset` addresses are kept for
 * addresses users ask for, and dynamic allocation picks a random start in the upper band and
 * scans upward with wrap-around, falling back to the lower band only when the upper one is full.
 * `offset = min(max(16, size/16), 256)`, 0 for ranges of 16 addresses or fewer; the network
 * address and, for IPv4, the broadcast address are never handed out.
 * @see reference/discovery.md §4.2
 */
import type { Rng } from '../rng'
import { cidrContains, formatIPv4, parseIPv4 } from '../net/ipv4'
import type { Cidr } from '../net/ipv4'
import { createBandAllocator } from './bandAllocator'

export type AllocationResult = { ok: true; ip: string } | { ok: false; reason: string }

export interface ClusterIPAllocator {
  /** Take an address the user asked for. */
  allocate(ip: string): AllocationResult
  /** Take a random free address, upper band first. */
  allocateNext(): AllocationResult
  isAllocated(ip: string): boolean
}

export function rangeOffset(cidr: Cidr): number {
  if (cidr.size <= 16) return 0
  return Math.min(Math.max(16, Math.floor(cidr.size / 16)), 256)
}

export function createClusterIPAllocator(cidr: Cidr, rng: Rng): ClusterIPAllocator {
  // Index i of the allocation map is address base + 1 + i (the network address is skipped).
  const band = createBandAllocator(cidr.size - 2, rangeOffset(cidr), rng)
  const indexOf = (ip: number) => ip - cidr.base - 1

  return {
    allocate(ipText) {
      const ip = parseIPv4(ipText)
      const index = ip === null ? -1 : indexOf(ip)
      if (ip === null || !cidrContains(cidr, ip) || index < 0 || index >= cidr.size - 2) {
        return { ok: false, reason: `provided IP ${ipText} is not in the valid range` }
      }
      if (!band.take(index)) return { ok: false, reason: 'provided IP is already allocated' }
      return { ok: true, ip: ipText }
    },
    allocateNext() {
      const index = band.takeNext()
      if (index === null) return { ok: false, reason: 'range is full' }
      return { ok: true, ip: formatIPv4(cidr.base + 1 + index) }
    },
    isAllocated(ipText) {
      const ip = parseIPv4(ipText)
      return ip !== null && band.isTaken(indexOf(ip))
    },
  }
}
