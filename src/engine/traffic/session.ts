/**
 * The state a run of requests shares, as the nodes' kernels keep it: each node's connection
 * tracking table (net/netfilter/nf_conntrack_core.c), each node's `recent` lists
 * (net/netfilter/xt_recent.c, one list per `--name`, source address → last `--set` time), a
 * clock in seconds, and the seeded generator that `statistic --mode random` draws from.
 *
 * Time is data: nothing here reads a wall clock. The session is mutated in place by
 * runRequests, so requests in one call (one `svcsim curl`) see each other's state.
 *
 * Timeouts (seconds), kernel defaults from Documentation/networking/nf_conntrack-sysctl.rst,
 * except where kube-proxy overrides them on start (KubeProxyConfiguration `conntrack`,
 * pkg/proxy/apis/config/v1alpha1/defaults.go):
 * - TCP ESTABLISHED: kernel 432000 (5 days); kube-proxy's `tcpEstablishedTimeout` 24h → 86400.
 * - TCP CLOSE_WAIT: kernel 60; kube-proxy's `tcpCloseWaitTimeout` 1h → 3600.
 * - TCP TIME_WAIT: 120 (a closed curl connection stays here).
 * - UDP: 30, and 120 once a stream is seen (nf_conntrack_udp_timeout_stream, 120 since 4.21).
 * - SCTP ESTABLISHED: 210 (nf_conntrack_sctp_timeout_established in current kernels).
 */
import type { RealServer, VirtualService } from '../dataplane/ipvs/scheduler'
import type { LoadBalancerState } from '../dataplane/userspace/loadBalancer'
import type { UdpProxyState } from '../dataplane/userspace/proxySocket'
import type { Protocol } from '../model/cluster'
import { forkRng } from '../rng'
import type { Rng } from '../rng'
import type { PacketAddresses, Provenance } from './trace'

export const CONNTRACK_TIMEOUTS = {
  tcpEstablished: 86_400,
  tcpCloseWait: 3_600,
  tcpTimeWait: 120,
  udp: 30,
  udpStream: 120,
  sctpEstablished: 210,
} as const

/** One connection as a node's conntrack remembers it, after its first packet was NATed. */
export interface ConntrackEntry {
  node: string
  protocol: Protocol
  /** The original direction as the client sent it. */
  original: PacketAddresses
  /** The addresses the packet had when it reached the endpoint (after DNAT and SNAT). */
  delivered: PacketAddresses
  /** The endpoint Pod, '' for an address outside the cluster. */
  podRef: string
  state: 'ESTABLISHED' | 'TIME_WAIT' | 'UNREPLIED'
  expiresAt: number
  /** The YAML fields of the rules that set the translation up, replayed on reuse. */
  provenance: Provenance[]
  /** What else carries the connection besides conntrack's NAT (IPVS, or kube-proxy's sockets). */
  via?: ConnectionVia
}

/** IPVS's or kube-proxy's share of an open connection, replayed on a kept-alive request. */
export type ConnectionVia =
  | { kind: 'ipvs'; node: string; virtualServer: string; connection: IpvsConnection }
  | { kind: 'proxy'; node: string; port: number; endpoint: string }

/**
 * One IPVS connection entry (struct ip_vs_conn) as its dest's counters see it: active or not,
 * and when its timer fires (ip_vs_conn_expire), which drops the counter it is in.
 */
export interface IpvsConnection {
  dest: RealServer
  protocol: Protocol
  active: boolean
  expiresAt: number
}

/** A node's IPVS virtual server as the kernel holds it: scheduler state, dests, connections. */
export interface IpvsServiceState {
  /** ipvsadm's name: `TCP 10.96.0.10:80`. */
  name: string
  /** `10.96.0.10:80`. */
  address: string
  protocol: Protocol
  /** The scheduler kube-proxy asked for ('' or unknown names run rr). */
  scheduler: string
  persistentSeconds: number | null
  vs: VirtualService
  connections: IpvsConnection[]
}

/** A node's userspace kube-proxy: its `LoadBalancerRR` and its UDP clients. */
export interface UserspaceProxyState {
  lb: LoadBalancerState
  udp: UdpProxyState
}

export interface Session {
  /** Seconds since the session started. */
  clock: number
  rng: Rng
  /** `node protocol src dst` (original direction) → entry. */
  conntrack: Map<string, ConntrackEntry>
  /** `node name` → source IP → last `--set` time in seconds. */
  recent: Map<string, Map<string, number>>
  /** Node → virtual server name (`TCP 10.96.0.10:80`) → the kernel's IPVS state for it. */
  ipvs: Map<string, Map<string, IpvsServiceState>>
  /** Node → the userspace proxier's balancer and UDP sockets. */
  userspace: Map<string, UserspaceProxyState>
}

export function createSession(seed: number): Session {
  return {
    clock: 0,
    rng: forkRng(seed, 'traffic'),
    conntrack: new Map(),
    recent: new Map(),
    ipvs: new Map(),
    userspace: new Map(),
  }
}

export function conntrackKey(node: string, protocol: Protocol, original: PacketAddresses): string {
  return `${node} ${protocol} ${original.src} ${original.dst}`
}

/** The entry for this tuple if it has not expired; expired entries are garbage-collected. */
export function lookupConntrack(
  session: Session,
  node: string,
  protocol: Protocol,
  original: PacketAddresses,
): ConntrackEntry | null {
  const key = conntrackKey(node, protocol, original)
  const entry = session.conntrack.get(key)
  if (!entry) return null
  if (entry.expiresAt < session.clock) {
    session.conntrack.delete(key)
    return null
  }
  return entry
}

/** How long an entry lives in a state (refreshed by every packet of the connection). */
export function timeoutFor(protocol: Protocol, state: ConntrackEntry['state']): number {
  if (protocol === 'UDP') {
    return state === 'ESTABLISHED' ? CONNTRACK_TIMEOUTS.udpStream : CONNTRACK_TIMEOUTS.udp
  }
  if (protocol === 'SCTP') return CONNTRACK_TIMEOUTS.sctpEstablished
  return state === 'TIME_WAIT' ? CONNTRACK_TIMEOUTS.tcpTimeWait : CONNTRACK_TIMEOUTS.tcpEstablished
}

export function storeConntrack(session: Session, entry: Omit<ConntrackEntry, 'expiresAt'>): void {
  session.conntrack.set(conntrackKey(entry.node, entry.protocol, entry.original), {
    ...entry,
    expiresAt: session.clock + timeoutFor(entry.protocol, entry.state),
  })
}

/** The list `name` on `node` (xt_recent keeps one table per name in each network namespace). */
export function recentList(session: Session, node: string, name: string): Map<string, number> {
  const key = `${node} ${name}`
  let list = session.recent.get(key)
  if (!list) {
    list = new Map()
    session.recent.set(key, list)
  }
  return list
}
