/**
 * The IPVS virtual service as the kernel keeps it for scheduling: its real servers in kernel
 * list order, the scheduler's private state, the persistence templates and the connection
 * counters. Every update goes through the same hooks the kernel calls (add_dest, del_dest,
 * upd_dest), so the state after kube-proxy's incremental syncs matches the kernel's.
 *
 * Kernel sources: net/netfilter/ipvs/ip_vs_ctl.c (ip_vs_add_dest → ip_vs_new_dest /
 * ip_vs_trash_get_dest → __ip_vs_update_dest, which does list_add_rcu(&dest->n_list,
 * &svc->destinations) and then sched->add_dest; ip_vs_edit_dest → __ip_vs_update_dest with
 * sched->upd_dest; __ip_vs_unlink_dest → list_del_rcu then sched->del_dest),
 * net/netfilter/ipvs/ip_vs_core.c (ip_vs_sched_persist, ip_vs_schedule),
 * net/netfilter/ipvs/ip_vs_conn.c (ip_vs_bind_dest, ip_vs_check_template, ip_vs_conn_expire),
 * net/netfilter/ipvs/ip_vs_proto_tcp.c (set_tcp_state, tcp_state_active_table),
 * net/netfilter/ipvs/ip_vs_proto_sctp.c (set_sctp_state). reference/ipvs.md §1, §2, §3.
 *
 * Pure and deterministic: time is the `now` argument (seconds), randomness only the injected Rng.
 */
import type { Rng } from '../../../rng'
import type { BucketTable } from './hashing'
import { dhFill, dhSchedule, shFill, shSchedule } from './hashing'
import {
  foSchedule,
  lcSchedule,
  nqSchedule,
  ovfSchedule,
  sedSchedule,
  twosSchedule,
  wlcSchedule,
} from './leastConn'
import type { LblcEntry, LblcrEntry, LocalityState } from './locality'
import { lblcSchedule, lblcrSchedule, localityInit } from './locality'
import type { MhState } from './maglev'
import { mhBuild, mhSchedule } from './maglev'
import type {
  PacketKey,
  Pick,
  Protocol,
  RealServer,
  SchedulerName,
  VirtualService,
  VirtualServiceOptions,
} from './model'
import { DEFAULT_OPTIONS } from './model'
import type { RrState, WrrState } from './roundRobin'
import { rrDeleted, rrInit, rrSchedule, wrrChanged, wrrInit, wrrSchedule } from './roundRobin'

export type {
  PacketKey,
  Pick,
  PersistenceTemplate,
  Protocol,
  RealServer,
  SchedulerName,
  VirtualService,
  VirtualServiceOptions,
} from './model'
export { SCHEDULER_NAMES, overheadOf, hashBits, addressKey } from './model'
export { MH_PRIMES, mhHashKey, hsiphash32 } from './maglev'

/** svc->sched_data for each scheduler; stateless schedulers keep none. */
export type SchedulerState =
  | { kind: 'rr'; rr: RrState }
  | { kind: 'wrr'; wrr: WrrState }
  | { kind: 'dh'; table: BucketTable }
  | { kind: 'sh'; table: BucketTable }
  | { kind: 'mh'; mh: MhState }
  | { kind: 'lblc'; cache: LocalityState<LblcEntry> }
  | { kind: 'lblcr'; cache: LocalityState<LblcrEntry> }
  | { kind: 'none' }

export interface CreateOptions extends Partial<VirtualServiceOptions> {
  /** Weight for every initial real server; kube-proxy always uses 1. */
  weight?: number
  persistence?: { timeoutSeconds: number } | null
}

function stateOf(vs: VirtualService): SchedulerState {
  return vs.schedulerState as SchedulerState
}

/** init_service: the scheduler is bound while the service still has no dests. */
function initState(vs: VirtualService): SchedulerState {
  switch (vs.scheduler) {
    case 'rr':
      return { kind: 'rr', rr: rrInit() }
    case 'wrr':
      return { kind: 'wrr', wrr: wrrInit(vs.dests) }
    case 'dh':
      return { kind: 'dh', table: dhFill(vs.dests) }
    case 'sh':
      return { kind: 'sh', table: shFill(vs.dests, vs.options.shTabBits) }
    case 'mh':
      return { kind: 'mh', mh: mhBuild(vs, null) }
    case 'lblc':
      return { kind: 'lblc', cache: localityInit<LblcEntry>(vs) }
    case 'lblcr':
      return { kind: 'lblcr', cache: localityInit<LblcrEntry>(vs) }
    default:
      return { kind: 'none' }
  }
}

/**
 * Creates the virtual service empty and adds the real servers one by one, as kube-proxy does
 * (it creates the virtual server first, then adds each real server in a separate call). The
 * kernel puts each new one at the list HEAD, so `dests` ends up in reverse add order.
 */
export function createVirtualService(
  scheduler: SchedulerName,
  initialAddressesInAddOrder: string[],
  options: CreateOptions = {},
): VirtualService {
  const { weight = 1, persistence = null, ...rest } = options
  const vs: VirtualService = {
    scheduler,
    dests: [],
    schedulerState: { kind: 'none' },
    persistence,
    templates: new Map(),
    trash: [],
    options: { ...DEFAULT_OPTIONS, ...stripUndefined(rest) },
  }
  vs.schedulerState = initState(vs)
  for (const address of initialAddressesInAddOrder) addDest(vs, address, weight)
  return vs
}

/** Leaves out options passed as `undefined`, so they do not override the defaults. */
function stripUndefined(o: Partial<VirtualServiceOptions>): Partial<VirtualServiceOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}

/** Drops trashed dests nothing references any more (ip_vs_dest_trash_expire, simplified). */
function pruneTrash(vs: VirtualService): void {
  vs.trash = vs.trash.filter((d) => d.activeConns + d.inactConns + d.persistConns > 0)
}

/**
 * ip_vs_add_dest. A dest already in the list is left alone (the kernel answers EEXIST). A dest
 * still in the trash comes back as the same object with its counters. Either way it goes in at
 * the HEAD, last_weight = weight (add), and the scheduler's add_dest hook runs.
 * Returns what the scheduler hook did, in words.
 */
export function addDest(vs: VirtualService, address: string, weight = 1): string {
  if (vs.dests.some((d) => d.address === address)) return `${address} already exists (EEXIST)`
  const trashed = vs.trash.find((d) => d.address === address)
  let dest: RealServer
  if (trashed !== undefined) {
    vs.trash = vs.trash.filter((d) => d !== trashed)
    dest = trashed
    dest.weight = weight
    dest.lastWeight = weight
  } else {
    dest = {
      address,
      weight,
      lastWeight: weight,
      activeConns: 0,
      inactConns: 0,
      persistConns: 0,
      conns: 0,
    }
  }
  vs.dests.unshift(dest)
  pruneTrash(vs)
  const from = trashed !== undefined ? ' (restored from the trash with its counters)' : ''
  return `${address} added at the list head${from}; ${changedHook(vs, 'add')}`
}

/**
 * __ip_vs_del_dest / __ip_vs_unlink_dest: unlink, run del_dest, keep the object in the trash
 * while connections or templates still reference it.
 */
export function removeDest(vs: VirtualService, address: string): string {
  const index = vs.dests.findIndex((d) => d.address === address)
  const dest = vs.dests[index]
  if (dest === undefined) return `${address} is not a real server here (ENOENT)`
  vs.dests.splice(index, 1)
  vs.trash.push(dest)
  pruneTrash(vs)
  const state = stateOf(vs)
  if (state.kind === 'rr') {
    const before = state.rr.cursor
    rrDeleted(state.rr, index, dest, vs.dests)
    const moved =
      before === dest
        ? `rr cursor moved from ${dest.address} to ${state.rr.cursor?.address ?? 'the list head'}`
        : 'rr cursor unchanged'
    return `${address} removed; ${moved}`
  }
  return `${address} removed; ${changedHook(vs, 'del')}`
}

/**
 * ip_vs_edit_dest: the weight changes in place (list position kept), last_weight follows only a
 * non-zero weight, and upd_dest runs (wrr, sh, mh have one; rr, dh and the others do not).
 * kube-proxy sets weight 0 on a terminating TCP endpoint that still has connections.
 */
export function setWeight(vs: VirtualService, address: string, weight: number): string {
  const dest = vs.dests.find((d) => d.address === address)
  if (dest === undefined) return `${address} is not a real server here (ENOENT)`
  dest.weight = weight
  if (weight !== 0) dest.lastWeight = weight
  return `${address} weight set to ${weight}; ${changedHook(vs, 'upd')}`
}

function changedHook(vs: VirtualService, op: 'add' | 'del' | 'upd'): string {
  const state = stateOf(vs)
  switch (state.kind) {
    case 'wrr':
      return wrrChanged(state.wrr, vs.dests)
    case 'sh':
      state.table = shFill(vs.dests, vs.options.shTabBits)
      return `sh table of ${state.table.buckets.length} buckets refilled`
    case 'dh':
      // ip_vs_dh has add_dest and del_dest hooks but no upd_dest.
      if (op === 'upd') return 'dh table unchanged (no update hook)'
      state.table = dhFill(vs.dests)
      return `dh table of ${state.table.buckets.length} buckets refilled`
    case 'mh':
      state.mh = mhBuild(vs, state.mh)
      return `mh lookup table of ${state.mh.size} slots rebuilt`
    case 'rr':
      return 'rr cursor unchanged (no hook)'
    default:
      return `${vs.scheduler} keeps no per-dest table`
  }
}

function templateKey(packet: PacketKey): string {
  // Template: (protocol, client IP & /32 mask, client port 0, VIP, VS port).
  return `${packet.protocol}|${packet.srcIP}|${packet.dstIP}|${packet.dstPort}`
}

/** Deletes templates whose timer has fired by `now` (ip_vs_conn_expire on a template). */
export function expireTemplates(vs: VirtualService, now: number): void {
  for (const [key, t] of vs.templates) {
    if (now >= t.expiresAt) {
      vs.templates.delete(key)
      t.dest.persistConns = Math.max(0, t.dest.persistConns - 1)
    }
  }
  pruneTrash(vs)
}

/**
 * ip_vs_schedule for the first packet of a new connection. With persistence, the template for
 * the client is consulted first (ip_vs_sched_persist); only without a valid one does the
 * scheduler run. NULL means the kernel drops the packet and answers ICMP port-unreachable.
 */
export function schedule(vs: VirtualService, packet: PacketKey, now: number, rng: Rng): Pick {
  if (vs.persistence === null) return runScheduler(vs, packet, now, rng)
  const timeout = vs.persistence.timeoutSeconds
  const key = templateKey(packet)
  const existing = vs.templates.get(key)
  let note = ''
  if (existing !== undefined && now >= existing.expiresAt) {
    note = `persistence template for ${packet.srcIP} expired at ${existing.expiresAt}s; `
  }
  expireTemplates(vs, now)
  const t = vs.templates.get(key)
  if (t !== undefined) {
    // ip_vs_check_template: the dest must still be linked, and with expire_quiescent_template
    // (kube-proxy sets it) must not have weight 0; otherwise the template dies at once.
    const linked = vs.dests.includes(t.dest)
    const quiesced = vs.options.expireQuiescentTemplate && t.dest.weight === 0
    if (linked && !quiesced) {
      t.expiresAt = now + timeout
      return {
        dest: t.dest,
        explanation:
          `persistence: template for client ${packet.srcIP} -> ${t.dest.address} hit, scheduler ` +
          `not consulted; template now expires at ${t.expiresAt}s`,
      }
    }
    vs.templates.delete(key)
    t.dest.persistConns = Math.max(0, t.dest.persistConns - 1)
    pruneTrash(vs)
    note = `persistence template for ${packet.srcIP} -> ${t.dest.address} invalidated (${
      linked ? 'weight 0 with expire_quiescent_template' : 'real server removed'
    }); `
  } else if (note === '') {
    note = `no persistence template for ${packet.srcIP}; `
  }
  const pick = runScheduler(vs, packet, now, rng)
  if (pick.dest === null) return { dest: null, explanation: note + pick.explanation }
  vs.templates.set(key, { clientIP: packet.srcIP, dest: pick.dest, expiresAt: now + timeout })
  pick.dest.persistConns++
  return {
    dest: pick.dest,
    explanation: `${note}${pick.explanation}; new template expires at ${now + timeout}s`,
  }
}

function runScheduler(vs: VirtualService, packet: PacketKey, now: number, rng: Rng): Pick {
  const state = stateOf(vs)
  switch (vs.scheduler) {
    case 'rr':
      return state.kind === 'rr' ? rrSchedule(vs, state.rr) : broken(vs)
    case 'wrr':
      return state.kind === 'wrr' ? wrrSchedule(vs, state.wrr) : broken(vs)
    case 'lc':
      return lcSchedule(vs)
    case 'wlc':
      return wlcSchedule(vs)
    case 'sed':
      return sedSchedule(vs)
    case 'nq':
      return nqSchedule(vs)
    case 'fo':
      return foSchedule(vs)
    case 'ovf':
      return ovfSchedule(vs)
    case 'twos':
      return twosSchedule(vs, rng)
    case 'dh':
      return state.kind === 'dh' ? dhSchedule(vs, state.table, packet) : broken(vs)
    case 'sh':
      return state.kind === 'sh' ? shSchedule(vs, state.table, packet) : broken(vs)
    case 'mh':
      return state.kind === 'mh' ? mhSchedule(vs, state.mh, packet) : broken(vs)
    case 'lblc':
      return state.kind === 'lblc' ? lblcSchedule(vs, state.cache, packet, now) : broken(vs)
    case 'lblcr':
      return state.kind === 'lblcr' ? lblcrSchedule(vs, state.cache, packet, now) : broken(vs)
  }
}

function broken(vs: VirtualService): Pick {
  return { dest: null, explanation: `${vs.scheduler}: scheduler state missing` }
}

/**
 * A new connection entry bound to `dest` (ip_vs_bind_dest): it starts INACTIVE (inactconns++),
 * then the protocol state machine runs on the same first packet. TCP's SYN moves it to SYN_RECV,
 * an active state in tcp_state_active_table, so a TCP connection counts active from its SYN.
 * UDP never becomes active; SCTP (INIT) becomes active only when ESTABLISHED.
 */
export function connectionOpened(_vs: VirtualService, dest: RealServer, protocol: Protocol): void {
  dest.conns++
  if (protocol === 'TCP') dest.activeConns++
  else dest.inactConns++
}

/** SCTP reaching ESTABLISHED turns active (set_sctp_state); TCP already is; UDP never is. */
export function connectionEstablished(
  _vs: VirtualService,
  dest: RealServer,
  protocol: Protocol,
): void {
  if (protocol === 'SCTP' && dest.inactConns > 0) {
    dest.inactConns--
    dest.activeConns++
  }
}

/** FIN/RST (TCP) or SHUTDOWN (SCTP): active → inactive until the entry expires. UDP: no-op. */
export function connectionClosed(_vs: VirtualService, dest: RealServer, protocol: Protocol): void {
  if (protocol === 'UDP') return
  if (dest.activeConns > 0) {
    dest.activeConns--
    dest.inactConns++
  }
}

/** The entry is gone (its timer fired): the counter of its current state drops. */
export function connectionExpired(vs: VirtualService, dest: RealServer, wasActive = false): void {
  if (wasActive) dest.activeConns = Math.max(0, dest.activeConns - 1)
  else dest.inactConns = Math.max(0, dest.inactConns - 1)
  pruneTrash(vs)
}
