/**
 * Destination hashing (dh) and source hashing (sh).
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_dh.c (ip_vs_dh_hashkey, ip_vs_dh_reassign,
 * ip_vs_dh_schedule) and net/netfilter/ipvs/ip_vs_sh.c (ip_vs_sh_hashkey, ip_vs_sh_get,
 * ip_vs_sh_get_fallback, ip_vs_sh_reassign, ip_vs_sh_schedule); include/linux/hash.h (hash_32).
 * reference/ipvs.md §2 "dh", "sh", "Hash function" and §8.
 */
import type { PacketKey, Pick, RealServer, VirtualService } from './model'
import { addressKey, hashBits } from './model'

/** The bucket table both use: svc->sched_data->buckets[i].dest. */
export interface BucketTable {
  bits: number
  buckets: (RealServer | null)[]
}

/** dh's table is always 2^8 buckets (IP_VS_DH_TAB_BITS = CONFIG_IP_VS_DH_TAB_BITS, default 8). */
export const DH_TAB_BITS = 8

/**
 * ip_vs_dh_reassign: bucket i gets list[i mod n], walking the list cyclically from the head, one
 * bucket per dest. Weights are ignored. Run on init, add and delete (no upd_dest hook).
 */
export function dhFill(list: RealServer[]): BucketTable {
  const size = 1 << DH_TAB_BITS
  const buckets: (RealServer | null)[] = []
  for (let i = 0; i < size; i++)
    buckets.push(list.length === 0 ? null : (list[i % list.length] ?? null))
  return { bits: DH_TAB_BITS, buckets }
}

/**
 * ip_vs_sh_reassign: walk the list cyclically; the current dest takes consecutive buckets until
 * `++d_count >= weight`, so a weight-0 dest still takes one bucket per cycle. Run on init, add,
 * delete and update (upd_dest = ip_vs_sh_dest_changed).
 */
export function shFill(list: RealServer[], bits: number): BucketTable {
  const size = 1 << bits
  const buckets: (RealServer | null)[] = []
  let p = 0
  let count = 0
  for (let i = 0; i < size; i++) {
    const d = list[p]
    if (d === undefined) {
      buckets.push(null)
      continue
    }
    buckets.push(d)
    if (++count >= d.weight) {
      p = (p + 1) % list.length
      count = 0
    }
  }
  return { bits, buckets }
}

export function dhSchedule(vs: VirtualService, table: BucketTable, packet: PacketKey): Pick {
  // ip_vs_dh_schedule hashes iph->daddr: the VIP (or node IP), before DNAT.
  const key = addressKey(packet.dstIP)
  const bucket = hashBits(key, table.bits, vs.options.hash)
  const d = table.buckets[bucket] ?? null
  const where = `dh: bucket ${bucket} of ${table.buckets.length} (hash of destination ${packet.dstIP})`
  if (d === null) return { dest: null, explanation: `${where} is empty` }
  // No fallback: an unavailable, weight-0 or overloaded dest means NULL.
  if (d.weight <= 0 || !vs.dests.includes(d)) {
    return {
      dest: null,
      explanation: `${where} holds ${d.address}, which has weight 0: no fallback`,
    }
  }
  return { dest: d, explanation: `${where} holds ${d.address}` }
}

/**
 * ip_vs_sh_hashkey: (offset + hash_32(ntohs(port) + ntohl(addr), bits)) & mask. The port is the
 * source port only with the sh-port flag, otherwise 0.
 */
export function shBucket(
  vs: VirtualService,
  bits: number,
  ip: string,
  port: number,
  offset: number,
): number {
  const key = (port + addressKey(ip)) >>> 0
  return (offset + hashBits(key, bits, vs.options.hash)) & ((1 << bits) - 1)
}

export function shSchedule(vs: VirtualService, table: BucketTable, packet: PacketKey): Pick {
  const port = vs.options.schedPort ? packet.srcPort : 0
  const size = table.buckets.length
  const ihash = shBucket(vs, table.bits, packet.srcIP, port, 0)
  const what = vs.options.schedPort
    ? `hash of ${packet.srcIP} + port ${port}`
    : `hash of ${packet.srcIP}`
  const where = `sh: bucket ${ihash} of ${size} (${what})`
  const first = table.buckets[ihash] ?? null
  if (first === null) return { dest: null, explanation: `${where} is empty` }
  if (first.weight > 0) return { dest: first, explanation: `${where} holds ${first.address}` }
  if (!vs.options.schedFallback) {
    return {
      dest: null,
      explanation: `${where} holds ${first.address}, which has weight 0: no sh-fallback, so no destination`,
    }
  }
  // ip_vs_sh_get_fallback: roffset = (k + ihash) % size is passed as the hash OFFSET, and the
  // hash is added again, so the probe is (2*ihash + k) mod size.
  for (let k = 0; k < size; k++) {
    const roffset = (k + ihash) % size
    const bucket = shBucket(vs, table.bits, packet.srcIP, port, roffset)
    const d = table.buckets[bucket] ?? null
    if (d === null) break
    if (d.weight > 0) {
      return {
        dest: d,
        explanation: `${where} holds ${first.address} (weight 0); sh-fallback probe ${k} reached bucket ${bucket}: ${d.address}`,
      }
    }
  }
  return { dest: null, explanation: `${where}: sh-fallback found no server with weight > 0` }
}
