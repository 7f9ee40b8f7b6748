/**
 * What the userspace proxier's sockets do with a connection once iptables has steered it to the
 * proxy port: the TCP connect-and-retry loop, the per-client UDP sockets, and the kernel↔user
 * crossings each costs.
 *
 * Mirrors kubernetes/kubernetes pkg/proxy/userspace/proxysocket.go (`EndpointDialTimeouts`,
 * `TryConnectEndpoints`, `tcpProxySocket.ProxyLoop`, `ProxyTCP`/`copyBytes`,
 * `udpProxySocket.ProxyLoop`, `getBackendConn`, `proxyClient`; the same loop is `tryConnect`
 * with `endpointDialTimeout` @051f8e4e), and the default `--udp-timeout` of 250 ms from
 * pkg/proxy/apis/config/v1alpha1/defaults.go `SetDefaults_KubeProxyConfiguration`.
 *
 * What the client sees when every dial fails is derived, not observed on a node: the proxy has
 * already accepted the connection and just closes it (`inConn.Close()`). Linux sends a FIN when
 * nothing was left unread, and a RST when the client's request sits unread in the socket
 * (net/ipv4/tcp.c `__tcp_close`: "As outlined in RFC 2525, section 2.17, we send a RST here
 * because data was lost"). curl reports the first as CURLE_GOT_NOTHING (52) and the second as
 * CURLE_RECV_ERROR (56).
 * @see reference/kube-proxy-iptables.md §12 "Connect and retry", "UDP"
 */
import type { Protocol } from '../../model/cluster'
import { nextEndpointWithReset } from './loadBalancer'
import type { LoadBalancerState } from './loadBalancer'

/** `EndpointDialTimeouts`: one dial per entry, so at most four tries. */
export const ENDPOINT_DIAL_TIMEOUTS_SECONDS = [0.25, 0.5, 1, 2] as const

/** KubeProxyConfiguration.udpIdleTimeout default (`--udp-timeout`). */
export const DEFAULT_UDP_IDLE_TIMEOUT_SECONDS = 0.25

export type DialResult = 'ok' | 'refused' | 'timeout'

export interface DialAttempt {
  endpoint: string
  result: DialResult
  /** Seconds after kube-proxy accepted the client when this dial started. */
  at: number
  /** The dial's timeout from `EndpointDialTimeouts`. */
  timeoutSeconds: number
  /** Why the balancer chose this endpoint. */
  explanation: string
}

export interface ConnectResult {
  attempts: DialAttempt[]
  outcome: 'connected' | 'failed'
  endpoint: string | null
  /** Seconds from accept to a backend connection, or to giving up. */
  elapsedSeconds: number
  /** Set when the balancer had nothing to offer (no entry or no endpoints). */
  noEndpointsReason: string | null
  /** What curl prints for an HTTP request when the proxy gives up; null when connected. */
  curlError: string | null
  explanation: string
}

export const CURL_EMPTY_REPLY = 'curl: (52) Empty reply from server'
export const CURL_CONNECTION_RESET = 'curl: (56) Recv failure: Connection reset by peer'

/**
 * `TryConnectEndpoints` for one accepted client connection. A refused dial fails at once (the
 * backend's RST); a dial that times out costs its whole timeout. After the first failure every
 * pick passes `sessionAffinityReset`, so the round robin moves on even for a sticky client; with
 * fewer endpoints than tries the same endpoint comes round again.
 */
export function connectWithRetries(
  lb: LoadBalancerState,
  servicePort: string,
  clientIP: string,
  now: number,
  affinity: { timeoutSeconds: number } | null,
  dial: (endpoint: string) => DialResult,
): ConnectResult {
  const attempts: DialAttempt[] = []
  let elapsed = 0
  let sessionAffinityReset = false
  for (const timeoutSeconds of ENDPOINT_DIAL_TIMEOUTS_SECONDS) {
    const pick = nextEndpointWithReset(
      lb,
      servicePort,
      clientIP,
      now + elapsed,
      affinity,
      sessionAffinityReset,
    )
    if (pick.endpoint === null) {
      // "Couldn't find an endpoint": no more tries; ProxyLoop closes the accepted connection.
      return failed(attempts, elapsed, pick.explanation)
    }
    const result = dial(pick.endpoint)
    attempts.push({
      endpoint: pick.endpoint,
      result,
      at: elapsed,
      timeoutSeconds,
      explanation: pick.explanation,
    })
    if (result === 'ok') {
      return {
        attempts,
        outcome: 'connected',
        endpoint: pick.endpoint,
        elapsedSeconds: elapsed,
        noEndpointsReason: null,
        curlError: null,
        explanation:
          attempts.length === 1
            ? `kube-proxy connected to ${pick.endpoint} and now copies bytes both ways`
            : `kube-proxy connected to ${pick.endpoint} on try ${attempts.length} of ${ENDPOINT_DIAL_TIMEOUTS_SECONDS.length}, ${elapsed} s after accepting the client, which saw only the delay`,
      }
    }
    if (result === 'timeout') elapsed += timeoutSeconds
    sessionAffinityReset = true
  }
  return failed(attempts, elapsed, null)
}

function failed(
  attempts: DialAttempt[],
  elapsed: number,
  noEndpoints: string | null,
): ConnectResult {
  // With a dial that timed out, the client's request has long been waiting unread in the
  // accepted socket, so close() resets. Otherwise the close usually beats the request: FIN.
  const reset = elapsed > 0
  const why =
    noEndpoints ??
    `all ${attempts.length} dials failed (${attempts.map((a) => `${a.endpoint} ${a.result}`).join(', ')}): "failed to connect to an endpoint"`
  return {
    attempts,
    outcome: 'failed',
    endpoint: null,
    elapsedSeconds: elapsed,
    noEndpointsReason: noEndpoints,
    curlError: reset ? CURL_CONNECTION_RESET : CURL_EMPTY_REPLY,
    explanation: reset
      ? `${why}. kube-proxy had already accepted the client and now closes it with the request unread, so the kernel sends a RST`
      : `${why}. kube-proxy had already accepted the client and now closes it: the client's connect succeeded, then it reads end-of-file with no reply (not the ICMP port-unreachable of iptables mode)`,
  }
}

/** One UDP client's backend socket (`getBackendConn`), keyed by the client's `ip:port`. */
export interface UdpClient {
  endpoint: string
  /** The read deadline: `SetDeadline(now + timeout)`, renewed by traffic either way. */
  deadline: number
}

export interface UdpProxyState {
  /** Per service port: client `ip:port` → its backend socket (`ServiceInfo.ActiveClients`). */
  clients: Map<string, Map<string, UdpClient>>
}

export function createUdpProxyState(): UdpProxyState {
  return { clients: new Map() }
}

export interface UdpSendResult {
  endpoint: string | null
  /** The client already had a live backend socket, so no balancing happened. */
  reused: boolean
  explanation: string
}

/**
 * One datagram from `clientAddr` (`ip:port`) at `now`. A client with a live socket reuses it; an
 * expired one was closed by `proxyClient` when its read deadline passed, so the next datagram
 * balances afresh (ClientIP affinity, keyed by IP alone, may still pin it). Dialling UDP sends
 * nothing, so the first pick always "connects": there is no failover, and a dead backend just
 * swallows datagrams until the idle timeout.
 */
export function sendUdpDatagram(
  lb: LoadBalancerState,
  udp: UdpProxyState,
  servicePort: string,
  clientAddr: string,
  now: number,
  affinity: { timeoutSeconds: number } | null,
  idleTimeoutSeconds: number = DEFAULT_UDP_IDLE_TIMEOUT_SECONDS,
): UdpSendResult {
  const table = udp.clients.get(servicePort) ?? new Map<string, UdpClient>()
  udp.clients.set(servicePort, table)
  const existing = table.get(clientAddr)
  if (existing !== undefined && now < existing.deadline) {
    existing.deadline = now + idleTimeoutSeconds
    return {
      endpoint: existing.endpoint,
      reused: true,
      explanation: `${clientAddr} already has a socket to ${existing.endpoint}; the datagram is written to it and the idle deadline moves to ${existing.deadline} s`,
    }
  }
  if (existing !== undefined) table.delete(clientAddr)
  const clientIP = clientAddr.startsWith('[')
    ? clientAddr.slice(1, clientAddr.indexOf(']'))
    : (clientAddr.split(':')[0] ?? clientAddr)
  const pick = nextEndpointWithReset(lb, servicePort, clientIP, now, affinity, false)
  if (pick.endpoint === null) {
    return {
      endpoint: null,
      reused: false,
      explanation: `${pick.explanation}; the datagram is dropped`,
    }
  }
  table.set(clientAddr, { endpoint: pick.endpoint, deadline: now + idleTimeoutSeconds })
  const expired =
    existing !== undefined
      ? `${clientAddr}'s previous socket to ${existing.endpoint} timed out after ${idleTimeoutSeconds} s idle; `
      : ''
  return {
    endpoint: pick.endpoint,
    reused: false,
    explanation: `${expired}new client: ${pick.explanation}; kube-proxy opens a socket to it with a ${idleTimeoutSeconds} s idle timeout`,
  }
}

export interface CrossingStep {
  step: string
  where: 'kernel' | 'kube-proxy'
  /** System calls kube-proxy makes in the step: each is one trip user → kernel → user. */
  syscalls: string[]
  /** Times the payload is copied between kernel and user memory. */
  copies: number
}

export interface Crossings {
  steps: CrossingStep[]
  totalSyscalls: number
  totalCopies: number
  /** The same request in iptables or IPVS mode never leaves the kernel. */
  comparison: string
}

/**
 * The kernel↔user crossings one request costs in userspace mode: the minimum system calls Go's
 * net package makes on non-blocking sockets (netpoller waits not counted) and the payload copies
 * of `io.Copy` in `copyBytes` (read into a user buffer, write back out). `attempts` is what
 * `connectWithRetries` returned (every failed dial costs a socket, connect, the error and close).
 */
export function describeCrossings(
  protocol: Protocol,
  attempts: readonly Pick<DialAttempt, 'endpoint' | 'result'>[],
): Crossings {
  const steps: CrossingStep[] = []
  if (protocol === 'UDP') {
    steps.push(
      {
        step: 'the datagram to the service address is REDIRECTed/DNATed to the proxy port',
        where: 'kernel',
        syscalls: [],
        copies: 0,
      },
      {
        step: 'kube-proxy reads the datagram on the proxy port (ReadFrom, 4 KiB buffer)',
        where: 'kube-proxy',
        syscalls: ['recvfrom'],
        copies: 1,
      },
    )
    if (attempts.length > 0) {
      steps.push({
        step: 'new client: a connected UDP socket to the chosen endpoint (nothing is sent)',
        where: 'kube-proxy',
        syscalls: ['socket', 'connect'],
        copies: 0,
      })
    }
    steps.push(
      {
        step: 'kube-proxy writes the datagram to the backend socket',
        where: 'kube-proxy',
        syscalls: ['write'],
        copies: 1,
      },
      {
        step: 'the reply: proxyClient reads it and sends it from the proxy port back to the client',
        where: 'kube-proxy',
        syscalls: ['read', 'sendto'],
        copies: 2,
      },
    )
  } else {
    steps.push(
      {
        step: "the SYN to the service address is REDIRECTed/DNATed to the proxy port; the kernel completes the handshake on kube-proxy's listening socket",
        where: 'kernel',
        syscalls: [],
        copies: 0,
      },
      {
        step: 'kube-proxy accepts the client connection (ProxyLoop: Accept)',
        where: 'kube-proxy',
        syscalls: ['accept4'],
        copies: 0,
      },
      {
        step: 'kube-proxy picks an endpoint (LoadBalancerRR.NextEndpoint), entirely in user space',
        where: 'kube-proxy',
        syscalls: [],
        copies: 0,
      },
    )
    for (const attempt of attempts) {
      const ok = attempt.result === 'ok'
      steps.push({
        step: ok
          ? `kube-proxy dials ${attempt.endpoint}: a second TCP handshake, from the node to the pod`
          : `kube-proxy dials ${attempt.endpoint}: ${attempt.result}, so the socket is closed and the next endpoint is tried`,
        where: 'kube-proxy',
        syscalls: ok
          ? ['socket', 'connect', 'getsockopt(SO_ERROR)']
          : ['socket', 'connect', 'getsockopt(SO_ERROR)', 'close'],
        copies: 0,
      })
    }
    const connected = attempts.some((a) => a.result === 'ok')
    if (connected) {
      steps.push(
        {
          step: 'request: copyBytes reads it from the client socket and writes it to the backend socket',
          where: 'kube-proxy',
          syscalls: ['read', 'write'],
          copies: 2,
        },
        {
          step: 'response: copyBytes reads it from the backend socket and writes it to the client socket',
          where: 'kube-proxy',
          syscalls: ['read', 'write'],
          copies: 2,
        },
        {
          step: 'one side closes; copyBytes closes both sockets',
          where: 'kube-proxy',
          syscalls: ['close', 'close'],
          copies: 0,
        },
      )
    } else {
      steps.push({
        step: 'no backend: kube-proxy closes the accepted client connection',
        where: 'kube-proxy',
        syscalls: ['close'],
        copies: 0,
      })
    }
  }
  return {
    steps,
    totalSyscalls: steps.reduce((n, s) => n + s.syscalls.length, 0),
    totalCopies: steps.reduce((n, s) => n + s.copies, 0),
    comparison:
      'in iptables or IPVS mode the kernel DNATs the packet itself: no system call, no copy, one TCP connection instead of two',
  }
}
