/**
 * The trace of one request: every hop the packet takes, with the rule or decision that moved
 * it, its addresses before and after, and the YAML fields that caused it. Shared by every proxy
 * mode: a mode only decides which hops appear.
 *
 * Failures are reported in curl 8's words. curl's lib/connect.c (`is_connected`, curl 8.x)
 * prints every failed connect as `Failed to connect to <host> port <port> after <ms> ms: ` plus
 * `curl_easy_strerror(CURLE_COULDNT_CONNECT)` ("Couldn't connect to server") whatever the socket
 * error was, with <host> the name from the URL; only when the socket error is ETIMEDOUT does it
 * then return CURLE_OPERATION_TIMEDOUT, exit code 28, instead of 7.
 */
import type { Provenance } from '../dataplane/iptables/rules'

export type { Provenance }

/** `ip:port` of the packet's source and destination. */
export interface PacketAddresses {
  src: string
  dst: string
}

/** Where on the canvas a hop happens. */
export type Anchor =
  | { kind: 'client' }
  | { kind: 'service'; ref: string; portIndex: number }
  | { kind: 'chain'; table: 'filter' | 'nat'; chain: string }
  | { kind: 'pod'; ref: string }
  | { kind: 'external'; ip: string }
  /** An IPVS virtual server on a node, as ipvsadm names it: `TCP 10.96.0.10:80`. */
  | { kind: 'ipvs'; node: string; virtualServer: string }
  /** The kube-proxy process in user space on a node, listening on a proxy port. */
  | { kind: 'proxy'; node: string; port: number }

export interface RuleCheck {
  text: string
  matched: boolean
  /** Why it matched or not, in plain words ("random 0.41 ≥ 0.3333333333"). */
  note: string
}

export interface Hop {
  /**
   * send: the client opens the connection; dns: the name is resolved; conntrack: an existing
   * connection's entry translates the packet without any rule walk; chain: one iptables chain;
   * deliver: a Pod (or a host) accepts; refuse: the destination answers with a reset; drop: the
   * client gives up (no answer, or no neighbour); reply: conntrack un-NATs the answer.
   * ipvs: an IPVS virtual server schedules the connection and DNATs it to a real server (or an
   * existing IPVS connection entry forwards it); proxy: kube-proxy in user space accepts the
   * client, picks an endpoint, copies bytes or closes the client; dial: one of kube-proxy's
   * connection attempts to an endpoint (userspace mode).
   */
  kind:
    | 'send'
    | 'dns'
    | 'conntrack'
    | 'chain'
    | 'postrouting'
    | 'deliver'
    | 'refuse'
    | 'drop'
    | 'reply'
    | 'ipvs'
    | 'proxy'
    | 'dial'
  anchor: Anchor
  title: string
  /** One plain-words line. */
  summary: string
  /** The rules evaluated at this hop, in order. */
  rules: RuleCheck[]
  before: PacketAddresses
  after: PacketAddresses
  provenance: Provenance[]
}

/**
 * refused: RST or ICMP port-unreachable (curl exit 7); unreachable: no neighbour answered ARP
 * for the address (EHOSTUNREACH, curl exit 7); timeout: the SYN was dropped or nothing answered
 * until the kernel gave up (ETIMEDOUT, curl exit 28); dns: the name did not resolve (exit 6);
 * closed: the connection was accepted, then closed without a reply (userspace mode's proxy after
 * every dial failed: curl 52 "Empty reply from server" or 56 "Connection reset by peer").
 */
export type FailureReason = 'refused' | 'unreachable' | 'timeout' | 'dns' | 'closed'

export type Outcome =
  /** podRef is '' when the endpoint is an address outside the cluster. */
  | { kind: 'connected'; podRef: string; endpoint: string }
  /**
   * Every failure, whatever its cause (the UI shows `message`); `reason` and `exitCode` tell
   * them apart.
   */
  | { kind: 'refused'; message: string; reason: FailureReason; exitCode: number }

export interface RequestTrace {
  hops: Hop[]
  outcome: Outcome
  /** The session clock, in seconds, when the request was sent. */
  startedAt: number
  /** How long curl took to connect or to give up, in milliseconds. */
  elapsedMs: number
  /** Whether the request opened a new connection or reused a kept-alive one. */
  connection: 'new' | 'reused'
}

/**
 * Linux gives up on an unanswered SYN after tcp_syn_retries (default 6) retransmissions with an
 * initial RTO of 1 s doubling each time: 1+2+4+8+16+32+64 = 127 s (Documentation/networking/
 * ip-sysctl.rst, tcp_syn_retries; kernels from 6.5 with tcp_syn_linear_timeouts take ~131 s).
 * That is sooner than curl's own default connect timeout (CURLOPT_CONNECTTIMEOUT, 300 s), so
 * the kernel's ETIMEDOUT is what curl reports.
 */
export const SYN_TIMEOUT_MS = 127_000

/**
 * A connect to an on-link address nobody owns fails with EHOSTUNREACH once neighbour discovery
 * gives up: net.ipv4.neigh.default.mcast_solicit (3) probes, retrans_time_ms (1000) apart.
 */
export const ARP_FAILURE_MS = 3_000

function connectFailed(host: string, port: number, ms: number): string {
  return `Failed to connect to ${host} port ${port} after ${ms} ms: Couldn't connect to server`
}

/** What curl prints when the handshake is answered with a reset or port-unreachable (exit 7). */
export function curlRefused(host: string, port: number): string {
  return `curl: (7) ${connectFailed(host, port, 0)}`
}

/** EHOSTUNREACH after neighbour resolution failed (exit 7). */
export function curlUnreachable(host: string, port: number): string {
  return `curl: (7) ${connectFailed(host, port, ARP_FAILURE_MS)}`
}

/** ETIMEDOUT from the kernel: curl keeps the connect wording and exits 28. */
export function curlTimeout(host: string, port: number): string {
  return `curl: (28) ${connectFailed(host, port, SYN_TIMEOUT_MS)}`
}

/** lib/hostip.c `Curl_resolver_error`: "Could not resolve host: <name>" (exit 6). */
export function curlCouldNotResolve(host: string): string {
  return `curl: (6) Could not resolve host: ${host}`
}

export function failure(reason: FailureReason, host: string, port: number): Outcome {
  switch (reason) {
    case 'refused':
      return { kind: 'refused', reason, exitCode: 7, message: curlRefused(host, port) }
    case 'unreachable':
      return { kind: 'refused', reason, exitCode: 7, message: curlUnreachable(host, port) }
    case 'timeout':
      return { kind: 'refused', reason, exitCode: 28, message: curlTimeout(host, port) }
    case 'dns':
      return { kind: 'refused', reason, exitCode: 6, message: curlCouldNotResolve(host) }
    case 'closed':
      return {
        kind: 'refused',
        reason,
        exitCode: 52,
        message: 'curl: (52) Empty reply from server',
      }
  }
}

/** The proxy closed an accepted connection: curl's message as proxySocket.ts derives it. */
export function closedFailure(message: string): Outcome {
  const code = /^curl: \((\d+)\)/.exec(message)?.[1]
  return { kind: 'refused', reason: 'closed', exitCode: Number(code ?? 52), message }
}

export function elapsedFor(outcome: Outcome): number {
  if (outcome.kind === 'connected') return 0
  if (outcome.reason === 'timeout') return SYN_TIMEOUT_MS
  if (outcome.reason === 'unreachable') return ARP_FAILURE_MS
  return 0
}
