/**
 * The shared IPVS object model for the scheduler simulation: a virtual service, its real servers
 * (kernel "dests") in kernel list order, their connection counters, and the helpers every
 * scheduler family uses (connection overhead, the kernel's 32-bit hashes, address parsing).
 *
 * Kernel sources: include/net/ip_vs.h (struct ip_vs_dest, ip_vs_dest_conn_overhead),
 * include/linux/hash.h (hash_32), net/netfilter/ipvs/ip_vs_ctl.c (__ip_vs_update_dest,
 * ip_vs_new_dest, __ip_vs_del_dest, ip_vs_trash_get_dest), reference/ipvs.md §1 and §2.
 */

export type SchedulerName =
  | 'rr'
  | 'wrr'
  | 'lc'
  | 'wlc'
  | 'sed'
  | 'nq'
  | 'dh'
  | 'sh'
  | 'mh'
  | 'lblc'
  | 'lblcr'
  | 'fo'
  | 'ovf'
  | 'twos'

export const SCHEDULER_NAMES: readonly SchedulerName[] = [
  'rr',
  'wrr',
  'lc',
  'wlc',
  'sed',
  'nq',
  'dh',
  'sh',
  'mh',
  'lblc',
  'lblcr',
  'fo',
  'ovf',
  'twos',
]

export type Protocol = 'TCP' | 'UDP' | 'SCTP'

/** One real server (struct ip_vs_dest). It belongs to exactly one virtual service. */
export interface RealServer {
  /** `ip:port`, or `[ipv6]:port`. */
  address: string
  weight: number
  /**
   * The latest weight set on add or any non-zero edit (dest->last_weight, __ip_vs_update_dest:
   * "keep the last_weight with latest non-0 weight"). Only mh reads it: a dest edited to weight 0
   * keeps its Maglev slots.
   */
  lastWeight: number
  activeConns: number
  inactConns: number
  /** Persistence templates bound to this dest (ipvsadm --persistent-conn "PersistConn"). */
  persistConns: number
  /** Connections ever scheduled to it (ipvsadm --stats "Conns"). */
  conns: number
}

/** Packet fields a scheduler may read. Addresses without ports; ports as numbers. */
export interface PacketKey {
  srcIP: string
  dstIP: string
  srcPort: number
  dstPort: number
  protocol: Protocol
}

export interface Pick {
  dest: RealServer | null
  /** Plain words: why this dest, or why none (the kernel then answers ICMP port-unreachable). */
  explanation: string
}

export interface VirtualServiceOptions {
  /**
   * 'classic' = activeconns*256 + inactconns (mainline for ~20 years);
   * 'totalconns' = activeconns*256 + (active + inactive), the "ipvs: add totalconns for dest"
   * change backported into 6.12.105. reference/ipvs.md §1.2.
   */
  overhead: 'classic' | 'totalconns'
  /** dh/sh/lblc/lblcr hash: 'hash32' = hash_32 high bits (current), 'legacy' = low bits. */
  hash: 'hash32' | 'legacy'
  /** IP_VS_SVC_F_SCHED1 (0x08) for sh and mh: sh-fallback / mh-fallback. */
  schedFallback: boolean
  /** IP_VS_SVC_F_SCHED2 (0x10) for sh and mh: sh-port / mh-port. kube-proxy sets it for mh. */
  schedPort: boolean
  /** CONFIG_IP_VS_SH_TAB_BITS, default 8 (256 buckets). */
  shTabBits: number
  /** CONFIG_IP_VS_MH_TAB_INDEX, 8..17, default 12 (table size 4093). */
  mhTabIndex: number
  /** sysctl lblc_expiration / lblcr_expiration in seconds, default 24 h. */
  lblcExpirationSeconds: number
  /** sysctl expire_quiescent_template; kube-proxy sets it to 1. */
  expireQuiescentTemplate: boolean
  /** The time (seconds) the virtual service was created; lblc/lblcr timers count from it. */
  createdAt: number
}

export const DEFAULT_OPTIONS: VirtualServiceOptions = {
  overhead: 'classic',
  hash: 'hash32',
  schedFallback: false,
  schedPort: false,
  shTabBits: 8,
  mhTabIndex: 12,
  lblcExpirationSeconds: 24 * 60 * 60,
  expireQuiescentTemplate: true,
  createdAt: 0,
}

/** A persistence template (ip_vs_sched_persist in ip_vs_core.c). */
export interface PersistenceTemplate {
  clientIP: string
  dest: RealServer
  /** Absolute time (seconds) at which the template's timer fires. */
  expiresAt: number
}

export interface VirtualService {
  scheduler: SchedulerName
  /** Kernel list order: HEAD first. New dests go in at the head (list_add_rcu). */
  dests: RealServer[]
  /** Per-scheduler data (svc->sched_data); its shape depends on `scheduler`. */
  schedulerState: unknown
  /** kube-proxy sessionAffinity ClientIP → `persistent <timeout>`. */
  persistence: { timeoutSeconds: number } | null
  /** Templates keyed by protocol, client IP, VIP and port. */
  templates: Map<string, PersistenceTemplate>
  /**
   * Unlinked dests that connections or templates still reference (ipvs->dest_trash). Re-adding
   * the same ip:port brings the old object back, counters included (ip_vs_trash_get_dest).
   */
  trash: RealServer[]
  options: VirtualServiceOptions
}

/**
 * ip_vs_dest_conn_overhead (include/net/ip_vs.h). The classic form is `(activeconns << 8) +
 * inactconns`; the comment in ip_vs_lc.c still says `<<5`, which is stale.
 */
export function overheadOf(vs: VirtualService, d: RealServer): number {
  const active = d.activeConns * 256
  return vs.options.overhead === 'classic'
    ? active + d.inactConns
    : active + d.activeConns + d.inactConns
}

/** Whether the dest is still linked to its service (IP_VS_DEST_F_AVAILABLE). */
export function isAvailable(vs: VirtualService, d: RealServer): boolean {
  return vs.dests.includes(d)
}

/**
 * hash_32 from include/linux/hash.h: the HIGH `bits` bits of x * GOLDEN_RATIO_32 (0x61C88647)
 * mod 2^32. The 'legacy' form, (x * 2654435761) & mask, is what dh/sh/lblc/lblcr used before
 * they switched to hash_32 (reference/ipvs.md §2 "Hash function").
 */
export function hashBits(x: number, bits: number, variant: 'hash32' | 'legacy'): number {
  if (variant === 'legacy') return (Math.imul(x >>> 0, 2654435761 | 0) >>> 0) & ((1 << bits) - 1)
  return (Math.imul(x >>> 0, 0x61c88647) >>> 0) >>> (32 - bits)
}

/**
 * The 32-bit host-order key the kernel hashes for an address: the IPv4 address itself, or for
 * IPv6 the XOR of its four 32-bit words (addr->ip6[0]^...^ip6[3], then ntohl; a byte swap
 * commutes with XOR, so XOR of host-order words is the same).
 */
export function addressKey(ip: string): number {
  if (!ip.includes(':')) {
    const parts = ip.split('.').map((p) => Number.parseInt(p, 10))
    let v = 0
    for (const p of parts) v = ((v << 8) | (p & 255)) >>> 0
    return v >>> 0
  }
  const words = ipv6Words(ip)
  let v = 0
  for (let i = 0; i < 8; i += 2) v = (v ^ (((words[i] ?? 0) << 16) | (words[i + 1] ?? 0))) >>> 0
  return v >>> 0
}

function ipv6Words(ip: string): number[] {
  const [head = '', tail] = ip.split('::')
  const parse = (s: string): number[] =>
    s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16) & 0xffff)
  const left = parse(head)
  if (tail === undefined) return left
  const right = parse(tail)
  const zeros = new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0)
  return [...left, ...zeros, ...right]
}

/** Splits `ip:port` or `[ipv6]:port` into its address and port. */
export function splitAddress(address: string): { ip: string; port: number } {
  if (address.startsWith('[')) {
    const close = address.indexOf(']')
    return {
      ip: address.slice(1, close),
      port: Number.parseInt(address.slice(close + 2), 10) || 0,
    }
  }
  const colon = address.lastIndexOf(':')
  if (colon < 0) return { ip: address, port: 0 }
  return { ip: address.slice(0, colon), port: Number.parseInt(address.slice(colon + 1), 10) || 0 }
}

/** "usable" in the sense every scheduler checks: weight > 0 (IP_VS_DEST_F_OVERLOAD is never set
 * because kube-proxy configures no upper/lower thresholds, reference/ipvs.md §1.2). */
export function isUsable(d: RealServer): boolean {
  return d.weight > 0
}

export function gcd(a: number, b: number): number {
  let x = a
  let y = b
  while (y !== 0) {
    const t = x % y
    x = y
    y = t
  }
  return x
}
