/**
 * Locality-based least connection, without (lblc) and with (lblcr) replication.
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_lblc.c (ip_vs_lblc_get, ip_vs_lblc_new,
 * ip_vs_lblc_full_check, ip_vs_lblc_check_expire, __ip_vs_lblc_schedule, is_overloaded,
 * ip_vs_lblc_schedule) and net/netfilter/ipvs/ip_vs_lblcr.c (ip_vs_dest_set_insert,
 * ip_vs_dest_set_erase, ip_vs_dest_set_min, ip_vs_dest_set_max, ip_vs_lblcr_new,
 * ip_vs_lblcr_full_check, __ip_vs_lblcr_schedule, is_overloaded, ip_vs_lblcr_schedule).
 * reference/ipvs.md §2 "lblc / lblcr".
 *
 * The cache is keyed by the packet's DESTINATION address (the VIP), so under kube-proxy (one VIP
 * per virtual service) both act as a sticky wlc. Time is the `now` passed in, in seconds.
 *
 * Expiry: a 60 s timer whose every 30th run (every 1800 s after the service was created) deletes
 * entries unused for lblc_expiration/lblcr_expiration (default 24 h). The other runs act only
 * when the cache holds more than 16*1024 entries, which one VIP per service never reaches, so
 * that path is not modelled; jiffies rounding and timer slack are ignored too.
 */
import { weightedLeast } from './leastConn'
import type { PacketKey, Pick, RealServer, VirtualService } from './model'
import { isAvailable, overheadOf } from './model'

/** CHECK_EXPIRE_INTERVAL (60 s) * COUNT_FOR_FULL_EXPIRATION (30). */
export const FULL_CHECK_PERIOD_SECONDS = 60 * 30

export interface LblcEntry {
  dest: RealServer
  lastUse: number
}

export interface LblcrEntry {
  /** The dest set, head first (ip_vs_dest_set_insert uses list_add_rcu). */
  set: RealServer[]
  lastMod: number
  lastUse: number
}

export interface LocalityState<E> {
  entries: Map<string, E>
  /** The time of the last full expiration check already applied. */
  lastFullCheck: number
}

export function localityInit<E>(vs: VirtualService): LocalityState<E> {
  return { entries: new Map(), lastFullCheck: vs.options.createdAt }
}

/**
 * Applies the most recent full check at or before `now` (ip_vs_lblc_full_check deletes when
 * now >= lastuse + expiration). Between two schedule calls last-use times do not change, so
 * applying only the latest pending check gives the same result as applying each one.
 */
function applyFullCheck<E extends { lastUse: number }>(
  vs: VirtualService,
  state: LocalityState<E>,
  now: number,
): string[] {
  const created = vs.options.createdAt
  const latest =
    created + Math.floor((now - created) / FULL_CHECK_PERIOD_SECONDS) * FULL_CHECK_PERIOD_SECONDS
  if (latest <= state.lastFullCheck) return []
  state.lastFullCheck = latest
  const dropped: string[] = []
  for (const [key, e] of state.entries) {
    if (latest >= e.lastUse + vs.options.lblcExpirationSeconds) {
      state.entries.delete(key)
      dropped.push(key)
    }
  }
  return dropped
}

/**
 * is_overloaded (same in both files): activeconns > weight AND some dest in the service has
 * 2*activeconns < weight. It is not IP_VS_DEST_F_OVERLOAD.
 */
export function localityOverloaded(vs: VirtualService, d: RealServer): boolean {
  if (d.activeConns <= d.weight) return false
  return vs.dests.some((o) => o.activeConns * 2 < o.weight)
}

function leastLoaded(vs: VirtualService): RealServer | null {
  // __ip_vs_lblc_schedule / __ip_vs_lblcr_schedule: the wlc rule over the whole service.
  return weightedLeast(vs, (d) => overheadOf(vs, d))?.dest ?? null
}

export function lblcSchedule(
  vs: VirtualService,
  state: LocalityState<LblcEntry>,
  packet: PacketKey,
  now: number,
): Pick {
  const dropped = applyFullCheck(vs, state, now)
  const expired = dropped.includes(packet.dstIP) ? ' (its cache entry had expired)' : ''
  const key = packet.dstIP
  const en = state.entries.get(key)
  let why = `no cache entry for ${key}${expired}`
  if (en !== undefined) {
    // The last-use time is refreshed even when the cached dest turns out to be unusable.
    en.lastUse = now
    const d = en.dest
    if (isAvailable(vs, d) && d.weight > 0 && !localityOverloaded(vs, d)) {
      return { dest: d, explanation: `lblc: cache hit for ${key} -> ${d.address}` }
    }
    why = !isAvailable(vs, d)
      ? `cached ${d.address} was removed`
      : d.weight <= 0
        ? `cached ${d.address} has weight 0`
        : `cached ${d.address} is overloaded (${d.activeConns} active > weight ${d.weight} while another server has 2*active < weight)`
  }
  const d = leastLoaded(vs)
  if (d === null) return { dest: null, explanation: `lblc: ${why}; no real server with weight > 0` }
  // ip_vs_lblc_new: replace the entry when the dest differs (lastuse = now), keep it otherwise.
  if (en === undefined || en.dest !== d) state.entries.set(key, { dest: d, lastUse: now })
  return {
    dest: d,
    explanation: `lblc: ${why}; wlc picked ${d.address} (overhead ${overheadOf(vs, d)} / weight ${d.weight}) and cached it`,
  }
}

/** ip_vs_dest_set_min: wlc over the set; the first must be available with weight > 0. */
function setMin(vs: VirtualService, set: RealServer[]): RealServer | null {
  const first = set.findIndex((d) => d.weight > 0 && isAvailable(vs, d))
  let least = set[first]
  if (least === undefined) return null
  let loh = overheadOf(vs, least)
  for (let i = first + 1; i < set.length; i++) {
    const d = set[i]
    if (d === undefined) continue
    const doh = overheadOf(vs, d)
    if (loh * d.weight > doh * least.weight && isAvailable(vs, d)) {
      least = d
      loh = doh
    }
  }
  return least
}

/** ip_vs_dest_set_max: the most loaded member with weight > 0 (strict `<`, first wins ties). */
function setMax(vs: VirtualService, set: RealServer[]): RealServer | null {
  const first = set.findIndex((d) => d.weight > 0)
  let most = set[first]
  if (most === undefined) return null
  let moh = overheadOf(vs, most)
  for (let i = first + 1; i < set.length; i++) {
    const d = set[i]
    if (d === undefined) continue
    const doh = overheadOf(vs, d)
    if (moh * d.weight < doh * most.weight && d.weight > 0) {
      most = d
      moh = doh
    }
  }
  return most
}

export function lblcrSchedule(
  vs: VirtualService,
  state: LocalityState<LblcrEntry>,
  packet: PacketKey,
  now: number,
): Pick {
  const dropped = applyFullCheck(vs, state, now)
  const key = packet.dstIP
  const en = state.entries.get(key)
  if (en === undefined) {
    const d = leastLoaded(vs)
    const expired = dropped.includes(key) ? ' (its cache entry had expired)' : ''
    if (d === null) {
      return {
        dest: null,
        explanation: `lblcr: no cache entry for ${key}${expired}; no real server with weight > 0`,
      }
    }
    state.entries.set(key, { set: [d], lastMod: now, lastUse: now })
    return {
      dest: d,
      explanation: `lblcr: no cache entry for ${key}${expired}; wlc picked ${d.address} and started its set`,
    }
  }
  en.lastUse = now
  const min = setMin(vs, en.set)
  let pruned = ''
  // "More than one destination + enough time passed by, cleanup": time_after is strict.
  if (en.set.length > 1 && now > en.lastMod + vs.options.lblcExpirationSeconds) {
    const m = setMax(vs, en.set)
    if (m !== null) {
      en.set = en.set.filter((d) => d !== m)
      en.lastMod = now
      pruned = `; dropped the most loaded ${m.address} from the set`
    }
  }
  if (min !== null && !localityOverloaded(vs, min)) {
    return {
      dest: min,
      explanation: `lblcr: least loaded member of the set for ${key} is ${min.address}${pruned}`,
    }
  }
  const why =
    min === null
      ? 'no usable member in the set'
      : `set member ${min.address} is overloaded (${min.activeConns} active > weight ${min.weight})`
  const d = leastLoaded(vs)
  if (d === null)
    return { dest: null, explanation: `lblcr: ${why}; no real server with weight > 0` }
  if (!en.set.includes(d)) {
    en.set = [d, ...en.set]
    en.lastMod = now
  }
  return {
    dest: d,
    explanation: `lblcr: ${why}${pruned}; wlc picked ${d.address} and added it to the set`,
  }
}
