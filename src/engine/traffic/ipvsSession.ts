/**
 * The kernel's IPVS state on each node during a run of requests: every virtual server's
 * scheduler state (rr cursor, wrr weights, sh/dh/mh tables, lblc caches, persistence templates),
 * its dests with their ActiveConn/InActConn counters, and the connection entries whose timers
 * move those counters. It lives in the Session, so it evolves with the clock and with keep-alive.
 *
 * kube-proxy's syncs reach the kernel as edits, not a rebuild: before each request the virtual
 * server kube-proxy has programmed by then (`proxyStateAt`, so after the sync delay) is compared
 * with the kernel's and the difference applied with add_dest / del_dest / edit_dest, which is
 * what keeps the rr cursor, the counters and the templates across a Pod's deletion.
 *
 * Connection timeouts (seconds) are the kernel's defaults (net/netfilter/ipvs/ip_vs_proto_tcp.c
 * `tcp_timeouts`, ip_vs_proto_udp.c `udp_timeouts`; `ipvsadm -l --timeout` prints
 * "900 120 300"): TCP ESTABLISHED 900, FIN_WAIT/TIME_WAIT 120, SYN_RECV 60, CLOSE 10, UDP 300.
 * kube-proxy changes the first three only when `ipvs.tcpTimeout`, `ipvs.tcpFinTimeout` and
 * `ipvs.udpTimeout` are configured (pkg/proxy/ipvs/proxier.go `NewProxier`, `SetTimeout`), which
 * the playground does not read. reference/ipvs.md §1.2.
 */
import type { IpvsNode, IpvsVirtualServer } from '../dataplane/ipvs/programIpvs'
import type { IpvsCounters } from '../dataplane/ipvs/renderIpvsadm'
import {
  SCHEDULER_NAMES,
  addDest,
  connectionClosed,
  connectionEstablished,
  connectionExpired,
  connectionOpened,
  createVirtualService,
  removeDest,
  setWeight,
} from '../dataplane/ipvs/scheduler'
import type { RealServer, SchedulerName } from '../dataplane/ipvs/scheduler'
import type { IpvsConnection, IpvsServiceState, Session } from './session'
import type { FailureReason } from './trace'

export const IPVS_TIMEOUTS = {
  tcpEstablished: 900,
  tcpFin: 120,
  tcpSynRecv: 60,
  tcpClose: 10,
  udp: 300,
} as const

/** ipvsadm's name of a virtual server: `TCP 10.96.0.10:80`. */
export function virtualServerName(vs: Pick<IpvsVirtualServer, 'protocol' | 'address'>): string {
  return `${vs.protocol} ${vs.address}`
}

/** The scheduler the kernel runs: kube-proxy's name when the kernel has it, else rr. */
export function schedulerOf(name: string): SchedulerName {
  return SCHEDULER_NAMES.find((s) => s === name) ?? 'rr'
}

function nodeServices(session: Session, node: string): Map<string, IpvsServiceState> {
  let services = session.ipvs.get(node)
  if (!services) {
    services = new Map()
    session.ipvs.set(node, services)
  }
  return services
}

/** Fires the timers of the connection entries that expired by `now` on `node`. */
export function expireIpvsConnections(session: Session, node: string, now: number): void {
  for (const state of session.ipvs.get(node)?.values() ?? []) {
    const live: IpvsConnection[] = []
    for (const conn of state.connections) {
      if (conn.expiresAt <= now) connectionExpired(state.vs, conn.dest, conn.active)
      else live.push(conn)
    }
    state.connections = live
  }
}

/**
 * The kernel's state for `spec` on `node`, brought up to date with what kube-proxy programmed:
 * created on first use, then edited dest by dest. A changed scheduler or persistence timeout
 * is an edit of the service (ip_vs_edit_service), modelled as a fresh scheduler over the same
 * dests in list order.
 */
export function syncVirtualServer(
  session: Session,
  node: string,
  spec: IpvsVirtualServer,
  now: number,
): IpvsServiceState {
  const services = nodeServices(session, node)
  const name = virtualServerName(spec)
  const scheduler = schedulerOf(spec.scheduler)
  const persistence =
    spec.persistentSeconds === null ? null : { timeoutSeconds: spec.persistentSeconds }
  let state = services.get(name)
  if (
    state &&
    (state.scheduler !== scheduler || state.persistentSeconds !== spec.persistentSeconds)
  ) {
    const fresh = createVirtualService(scheduler, [], {
      persistence,
      createdAt: now,
      schedPort: spec.schedulerFlags.includes('mh-port'),
    })
    // Kernel list head first: re-adding in reverse keeps the list order.
    for (const dest of [...state.vs.dests].reverse()) {
      addDest(fresh, dest.address, dest.weight)
      const copy = fresh.dests[0]
      if (copy) Object.assign(copy, { ...dest })
    }
    state = { ...state, scheduler, persistentSeconds: spec.persistentSeconds, vs: fresh }
    services.set(name, state)
  }
  if (!state) {
    const vs = createVirtualService(scheduler, [], {
      persistence,
      createdAt: now,
      schedPort: spec.schedulerFlags.includes('mh-port'),
    })
    state = {
      name,
      address: spec.address,
      protocol: spec.protocol,
      scheduler,
      persistentSeconds: spec.persistentSeconds,
      vs,
      connections: [],
    }
    services.set(name, state)
  }
  const wanted = new Map(spec.realServers.map((rs) => [rs.address, rs.weight]))
  for (const dest of [...state.vs.dests]) {
    if (!wanted.has(dest.address)) removeDest(state.vs, dest.address)
  }
  for (const rs of spec.realServers) {
    const dest = state.vs.dests.find((d) => d.address === rs.address)
    if (!dest) addDest(state.vs, rs.address, rs.weight)
    else if (dest.weight !== rs.weight) setWeight(state.vs, rs.address, rs.weight)
  }
  return state
}

/** The virtual server of `node` a packet to `ip:port` over `protocol` belongs to, if any. */
export function findVirtualServer(
  node: IpvsNode | undefined,
  protocol: string,
  address: string,
): IpvsVirtualServer | undefined {
  return node?.virtualServers.find((vs) => vs.protocol === protocol && vs.address === address)
}

/** A new connection entry bound to `dest` by its first packet (counted per ip_vs_bind_dest). */
export function openIpvsConnection(
  state: IpvsServiceState,
  dest: RealServer,
  now: number,
): IpvsConnection {
  connectionOpened(state.vs, dest, state.protocol)
  const conn: IpvsConnection = {
    dest,
    protocol: state.protocol,
    active: state.protocol === 'TCP',
    expiresAt: now + (state.protocol === 'UDP' ? IPVS_TIMEOUTS.udp : IPVS_TIMEOUTS.tcpSynRecv),
  }
  state.connections.push(conn)
  return conn
}

/**
 * What the connect's outcome does to the entry: an answered handshake is ESTABLISHED (900 s); a
 * reset moves it to CLOSE (inactive, 10 s); an unanswered SYN leaves it in SYN_RECV (active,
 * 60 s) while the client retransmits.
 */
export function settleIpvsConnection(
  state: IpvsServiceState,
  conn: IpvsConnection,
  outcome: 'connected' | FailureReason,
  now: number,
): void {
  if (conn.protocol === 'UDP') {
    conn.expiresAt = now + IPVS_TIMEOUTS.udp
    return
  }
  if (outcome === 'connected') {
    connectionEstablished(state.vs, conn.dest, conn.protocol)
    conn.active = true
    conn.expiresAt = now + IPVS_TIMEOUTS.tcpEstablished
  } else if (outcome === 'refused' || outcome === 'closed') {
    closeIpvsConnection(state, conn, now, IPVS_TIMEOUTS.tcpClose)
  } else {
    conn.expiresAt = now + IPVS_TIMEOUTS.tcpSynRecv
  }
}

/** The client's FIN: active → inactive, gone after FIN_WAIT/TIME_WAIT (120 s). */
export function closeIpvsConnection(
  state: IpvsServiceState,
  conn: IpvsConnection,
  now: number,
  timeout: number = IPVS_TIMEOUTS.tcpFin,
): void {
  if (conn.protocol === 'UDP') return
  if (conn.active) connectionClosed(state.vs, conn.dest, conn.protocol)
  conn.active = false
  conn.expiresAt = now + timeout
}

/** A kept-alive request's packets refresh the entry's timer. */
export function touchIpvsConnection(conn: IpvsConnection, now: number): void {
  conn.expiresAt =
    now + (conn.protocol === 'UDP' ? IPVS_TIMEOUTS.udp : IPVS_TIMEOUTS.tcpEstablished)
}

/** The state a connection entry belongs to, by its virtual server's name. */
export function ipvsServiceState(
  session: Session,
  node: string,
  name: string,
): IpvsServiceState | undefined {
  return session.ipvs.get(node)?.get(name)
}

/**
 * The live ActiveConn/InActConn of every dest on `node` at the session's clock (expired entries
 * are let go first), keyed with `ipvsCounterKey`: `renderIpvsadm(node, ipvsCountersOf(...))`.
 * Dests kube-proxy already removed, still in the kernel's trash, are included.
 */
export function ipvsCountersOf(session: Session, node: string): Map<string, IpvsCounters> {
  expireIpvsConnections(session, node, session.clock)
  const counters = new Map<string, IpvsCounters>()
  for (const state of session.ipvs.get(node)?.values() ?? []) {
    for (const dest of [...state.vs.dests, ...state.vs.trash]) {
      counters.set(`${state.address}/${state.protocol}|${dest.address}`, {
        active: dest.activeConns,
        inactive: dest.inactConns,
      })
    }
  }
  return counters
}
