/**
 * Maglev hashing (mh).
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_mh.c (primes[], generate_hash_secret,
 * ip_vs_mh_hashkey, ip_vs_mh_permutate, ip_vs_mh_populate, ip_vs_mh_get,
 * ip_vs_mh_get_fallback, ip_vs_mh_gcd_weight, ip_vs_mh_shift_weight, ip_vs_mh_dest_changed),
 * lib/siphash.c (the BITS_PER_LONG == 64 hsiphash: SipHash-1-3 with 64-bit key words, result
 * truncated to u32), net/netfilter/ipvs/ip_vs_ctl.c (__ip_vs_update_dest keeps last_weight).
 * reference/ipvs.md §2 "mh".
 *
 * This reproduces the 64-bit little-endian kernel (x86-64, arm64): hsiphash(&v, 4, key) reads
 * the u32 v with le32_to_cpup, so the final block is (4 << 56) | v. 32-bit kernels use
 * HalfSipHash-1-3 and big-endian 64-bit kernels byte-swap v; both give other tables and are not
 * modelled. The SipHash rounds are checked against the SipHash-2-4 reference vector in the tests.
 */
import type { PacketKey, Pick, RealServer, VirtualService } from './model'
import { addressKey, gcd, splitAddress } from './model'

/** primes[] in ip_vs_mh.c, indexed by CONFIG_IP_VS_MH_TAB_INDEX - 8. */
export const MH_PRIMES = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071] as const

const MASK64 = (1n << 64n) - 1n

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK64
}

/**
 * SipHash-c-d over one final block `b` only (messages shorter than 8 bytes), with the kernel's
 * PREAMBLE (v0..v3 constants XOR key words). `c` compression and `d` finalisation rounds.
 */
export function sipHashShort(
  key0: bigint,
  key1: bigint,
  message: Uint8Array,
  c: number,
  d: number,
): bigint {
  let v0 = 0x736f6d6570736575n ^ key0
  let v1 = 0x646f72616e646f6dn ^ key1
  let v2 = 0x6c7967656e657261n ^ key0
  let v3 = 0x7465646279746573n ^ key1
  const round = (): void => {
    v0 = (v0 + v1) & MASK64
    v1 = rotl(v1, 13n) ^ v0
    v0 = rotl(v0, 32n)
    v2 = (v2 + v3) & MASK64
    v3 = rotl(v3, 16n) ^ v2
    v0 = (v0 + v3) & MASK64
    v3 = rotl(v3, 21n) ^ v0
    v2 = (v2 + v1) & MASK64
    v1 = rotl(v1, 17n) ^ v2
    v2 = rotl(v2, 32n)
  }
  const full = message.length - (message.length % 8)
  for (let off = 0; off < full; off += 8) {
    let m = 0n
    for (let i = 7; i >= 0; i--) m = (m << 8n) | BigInt(message[off + i] ?? 0)
    v3 ^= m
    for (let i = 0; i < c; i++) round()
    v0 ^= m
  }
  let b = BigInt(message.length & 255) << 56n
  for (let i = message.length - 1; i >= full; i--) {
    b |= BigInt(message[i] ?? 0) << BigInt(8 * (i - full))
  }
  v3 ^= b
  for (let i = 0; i < c; i++) round()
  v0 ^= b
  v2 ^= 0xffn
  for (let i = 0; i < d; i++) round()
  return (v0 ^ v1 ^ v2 ^ v3) & MASK64
}

/** generate_hash_secret: the fixed (not random) keys the kernel uses. */
const HASH1: readonly [bigint, bigint] = [2654435761n, 2654435761n]
const HASH2: readonly [bigint, bigint] = [2654446892n, 2654446892n]

/** hsiphash on a 64-bit kernel: SipHash-1-3 truncated to u32, of the 4 bytes of v (LE). */
export function hsiphash32(v: number, key: readonly [bigint, bigint]): number {
  const bytes = new Uint8Array(4)
  new DataView(bytes.buffer).setUint32(0, v >>> 0, true)
  return Number(sipHashShort(key[0], key[1], bytes, 1, 3) & 0xffffffffn)
}

/** ip_vs_mh_hashkey: v = offset + ntohs(port) + ntohl(addr) as a u32, then hsiphash. */
export function mhHashKey(ip: string, port: number, key: 1 | 2, offset: number): number {
  const v = (offset + port + addressKey(ip)) >>> 0
  return hsiphash32(v, key === 1 ? HASH1 : HASH2)
}

export interface MhState {
  size: number
  lookup: (RealServer | null)[]
  gcd: number
  rshift: number
}

function fls(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x)
}

export function mhTableSize(tabIndex: number): number {
  return MH_PRIMES[Math.min(9, Math.max(0, tabIndex - 8))] ?? 4093
}

/**
 * ip_vs_mh_dest_changed / ip_vs_mh_init_svc: recompute gcd and rshift over last_weight, then
 * ip_vs_mh_permutate + ip_vs_mh_populate. Called on init, add, delete and every update.
 */
export function mhBuild(vs: VirtualService, previous: MhState | null): MhState {
  const size = mhTableSize(vs.options.mhTabIndex)
  const bits = Math.floor(vs.options.mhTabIndex / 2) // IP_VS_MH_TAB_BITS
  const list = vs.dests
  let g = 0
  for (const d of list) if (d.lastWeight > 0) g = g > 0 ? gcd(d.lastWeight, g) : d.lastWeight
  let rshift = 0
  if (g >= 1) {
    let mw = 0
    for (const d of list) if (d.lastWeight > mw) mw = d.lastWeight
    rshift = Math.max(0, fls(Math.floor(mw / g)) - bits)
  }
  // The kernel keeps the same lookup array; with gcd < 1 it is reset to all-empty, otherwise
  // populate overwrites every slot.
  const lookup: (RealServer | null)[] =
    previous !== null && previous.size === size
      ? previous.lookup.slice()
      : new Array<RealServer | null>(size).fill(null)
  if (g < 1) return { size, lookup: lookup.fill(null), gcd: g, rshift }
  const setup = list.map((d) => {
    const { ip, port } = splitAddress(d.address)
    const offset = mhHashKey(ip, port, 1, 0) % size
    const skip = (mhHashKey(ip, port, 2, 0) % (size - 1)) + 1
    const turns = Math.floor(d.lastWeight / g) >> rshift || (d.lastWeight !== 0 ? 1 : 0)
    return { dest: d, offset, skip, perm: offset, turns }
  })
  const taken = new Uint8Array(size)
  let n = 0
  let dtCount = 0
  // ip_vs_mh_populate: round the list; each dest places `turns` entries in a row, each at the
  // next free slot of its own permutation (offset + j*skip).
  outer: while (n < size) {
    for (let i = 0; i < setup.length;) {
      const s = setup[i]
      if (s === undefined) break
      if (s.turns < 1) {
        i++
        continue
      }
      let c = s.perm
      while (taken[c] === 1) {
        s.perm += s.skip
        if (s.perm >= size) s.perm -= size
        c = s.perm
      }
      taken[c] = 1
      lookup[c] = s.dest
      if (++n === size) break outer
      if (++dtCount >= s.turns) {
        dtCount = 0
        i++
      }
    }
  }
  return { size, lookup, gcd: g, rshift }
}

export function mhSchedule(vs: VirtualService, state: MhState, packet: PacketKey): Pick {
  // kube-proxy sets mh-port (IP_VS_SVC_F_SCHED2): the source port joins the hashed value.
  const port = vs.options.schedPort ? packet.srcPort : 0
  const ihash = mhHashKey(packet.srcIP, port, 1, 0) % state.size
  const what = vs.options.schedPort ? `${packet.srcIP} + port ${port}` : packet.srcIP
  const where = `mh: slot ${ihash} of ${state.size} (siphash of ${what})`
  const first = state.lookup[ihash] ?? null
  if (first === null) return { dest: null, explanation: `${where} is empty` }
  if (first.weight > 0) return { dest: first, explanation: `${where} holds ${first.address}` }
  if (!vs.options.schedFallback) {
    return {
      dest: null,
      explanation: `${where} holds ${first.address}, which has weight 0: no mh-fallback, so no destination`,
    }
  }
  // ip_vs_mh_get_fallback: rehash with offset (k + ihash) % size INSIDE the hashed value.
  for (let k = 0; k < state.size; k++) {
    const roffset = (k + ihash) % state.size
    const slot = mhHashKey(packet.srcIP, port, 1, roffset) % state.size
    const d = state.lookup[slot] ?? null
    if (d === null) break
    if (d.weight > 0) {
      return {
        dest: d,
        explanation: `${where} holds ${first.address} (weight 0); mh-fallback probe ${k} reached slot ${slot}: ${d.address}`,
      }
    }
  }
  return { dest: null, explanation: `${where}: mh-fallback found no server with weight > 0` }
}
