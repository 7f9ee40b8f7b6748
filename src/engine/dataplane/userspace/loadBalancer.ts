/**
 * The userspace proxier's `LoadBalancerRR`: per service port, a shuffled list of `ip:port`
 * endpoints walked round-robin, and a ClientIP affinity table keyed by the client's IP.
 *
 * Mirrors kubernetes/kubernetes pkg/proxy/userspace/roundrobin.go @0096f4a4 (`NewService`,
 * `newServiceInternal`, `NextEndpoint`, `OnEndpointsAdd`, `OnEndpointsUpdate`, `resetService`,
 * `removeStaleAffinity`, `removeSessionAffinityByEndpoint`, `CleanupStaleStickySessions`),
 * pkg/proxy/util/utils.go `BuildPortsToEndpointsMap` and `ShuffleStrings`, and
 * k8s.io/apimachinery/pkg/util/rand `Perm` (math/rand's `Perm`, seeded from the clock upstream;
 * here from the engine's seeded `Rng`, so the same seed gives the same order).
 *
 * The userspace proxier never read EndpointSlices ("EndpointSlice support has not been added
 * for this proxier yet", proxier.go `Proxier`), so it balances over v1 Endpoints: ready
 * `addresses` only, ports matched by name.
 * @see reference/kube-proxy-iptables.md §12 "Load balancer"
 */
import type { ClusterState, EndpointsState } from '../../model/cluster'
import type { Rng } from '../../rng'
import { servicePortName } from '../iptables/chainNames'
import { shouldSkipService } from './programUserspace'

/** core/v1 `DefaultClientIPServiceAffinitySeconds`: `newServiceInternal` uses it for ttl 0. */
export const DEFAULT_AFFINITY_SECONDS = 10800

export const ERR_MISSING_SERVICE_ENTRY = 'missing service entry'
export const ERR_MISSING_ENDPOINTS = 'missing endpoints'

export interface AffinityEntry {
  endpoint: string
  /** Seconds on the caller's clock. */
  lastUsed: number
}

export interface BalancerState {
  /** `ip:port` strings in shuffled order. */
  endpoints: string[]
  /** The next position to hand out. */
  index: number
  /** Client IP → the endpoint it sticks to. */
  affinity: Map<string, AffinityEntry>
}

export interface LoadBalancerState {
  /** Keyed by service port name: `ns/svc:port`, or `ns/svc` for an unnamed port. */
  services: Map<string, BalancerState>
  rng: Rng
}

export interface NextEndpointResult {
  endpoint: string | null
  explanation: string
}

/** `BuildPortsToEndpointsMap`: port name → `ip:port` of every ready address, subset order. */
export function portsToEndpoints(endpoints: EndpointsState): Map<string, string[]> {
  const byPort = new Map<string, string[]>()
  for (const subset of endpoints.subsets) {
    for (const port of subset.ports) {
      for (const address of subset.addresses) {
        // isValidEndpoint: host != "" && port > 0.
        if (address.ip === '' || port.port <= 0) continue
        const list = byPort.get(port.name) ?? []
        list.push(
          address.ip.includes(':') ? `[${address.ip}]:${port.port}` : `${address.ip}:${port.port}`,
        )
        byPort.set(port.name, list)
      }
    }
  }
  return byPort
}

/**
 * `ShuffleStrings`: `perm := rand.Perm(n)` then `shuffled[perm[i]] = s[i]`; `Perm` is math/rand's
 * inside-out Fisher-Yates (`j := Intn(i+1); m[i] = m[j]; m[j] = i`).
 */
export function shuffleStrings(items: readonly string[], rng: Rng): string[] {
  const perm: number[] = []
  for (let i = 0; i < items.length; i++) {
    const j = rng.int(0, i)
    perm[i] = perm[j] ?? 0
    perm[j] = i
  }
  const shuffled: string[] = new Array<string>(items.length).fill('')
  items.forEach((item, i) => {
    shuffled[perm[i] ?? i] = item
  })
  return shuffled
}

function newState(): BalancerState {
  return { endpoints: [], index: 0, affinity: new Map() }
}

/**
 * `mergeService` calls `NewService` for every proxied service port, so a Service without
 * endpoints answers ErrMissingEndpoints, not ErrMissingServiceEntry.
 */
function ensureServices(lb: LoadBalancerState, cluster: ClusterState): void {
  for (const service of cluster.services) {
    if (shouldSkipService(service)) continue
    for (const port of service.ports) {
      const key = servicePortName(service.namespace, service.name, port.name)
      if (!lb.services.has(key)) lb.services.set(key, newState())
    }
  }
}

/**
 * The balancer after `OnEndpointsAdd` for every Endpoints object (in the cluster's order; the
 * ports of one object in first-seen order, where upstream ranges over a Go map).
 */
export function createLoadBalancer(cluster: ClusterState, rng: Rng): LoadBalancerState {
  const lb: LoadBalancerState = { services: new Map(), rng }
  for (const endpoints of cluster.endpoints) {
    for (const [port, list] of portsToEndpoints(endpoints)) {
      const key = servicePortName(endpoints.namespace, endpoints.name, port)
      const state = lb.services.get(key) ?? newState()
      state.endpoints = shuffleStrings(list, rng)
      state.index = 0
      lb.services.set(key, state)
    }
  }
  ensureServices(lb, cluster)
  return lb
}

/** `slicesEquiv`: same length and the same strings once both are sorted. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const x = [...a].sort()
  const y = [...b].sort()
  return x.every((v, i) => v === y[i])
}

/** `resetService`: the port stays known but loses its endpoints, index and affinity table. */
function resetService(state: BalancerState): void {
  state.endpoints = []
  state.index = 0
  state.affinity = new Map()
}

/**
 * `OnEndpointsUpdate` / `OnEndpointsDelete` for the whole cluster: a port whose endpoint set
 * changed is reshuffled from index 0 and loses affinity to endpoints that went away; an
 * unchanged set keeps its order, index and table; a port that vanished is reset.
 */
export function updateLoadBalancer(lb: LoadBalancerState, cluster: ClusterState): void {
  const seen = new Set<string>()
  for (const endpoints of cluster.endpoints) {
    for (const [port, list] of portsToEndpoints(endpoints)) {
      const key = servicePortName(endpoints.namespace, endpoints.name, port)
      seen.add(key)
      const state = lb.services.get(key)
      if (state !== undefined && sameSet(state.endpoints, list)) continue
      const next = state ?? newState()
      // removeStaleAffinity → removeSessionAffinityByEndpoint for every endpoint that left.
      const kept = new Set(list)
      for (const [client, entry] of next.affinity) {
        if (!kept.has(entry.endpoint)) next.affinity.delete(client)
      }
      next.endpoints = shuffleStrings(list, lb.rng)
      next.index = 0
      lb.services.set(key, next)
    }
  }
  for (const [key, state] of lb.services) if (!seen.has(key)) resetService(state)
  ensureServices(lb, cluster)
}

/** `ttlSeconds` as `newServiceInternal` stores it: 0 means the 3-hour default. */
function ttlOf(affinity: { timeoutSeconds: number }): number {
  return affinity.timeoutSeconds === 0 ? DEFAULT_AFFINITY_SECONDS : affinity.timeoutSeconds
}

/** Go's `int(d.Seconds())`: truncation toward zero. */
function wholeSeconds(seconds: number): number {
  return Math.trunc(seconds)
}

/**
 * `NextEndpoint(svcPort, srcAddr, sessionAffinityReset)`. `affinity` null is
 * `sessionAffinity: None`. `sessionAffinityReset` is set by the connect loop after a failed dial,
 * so the retry skips the sticky entry, takes the next round-robin endpoint and re-pins the client.
 */
export function nextEndpointWithReset(
  lb: LoadBalancerState,
  servicePort: string,
  clientIP: string,
  now: number,
  affinity: { timeoutSeconds: number } | null,
  sessionAffinityReset: boolean,
): NextEndpointResult {
  const state = lb.services.get(servicePort)
  if (state === undefined) {
    return {
      endpoint: null,
      explanation: `no balancer entry for ${servicePort} (ErrMissingServiceEntry: "${ERR_MISSING_SERVICE_ENTRY}")`,
    }
  }
  const n = state.endpoints.length
  if (n === 0) {
    return {
      endpoint: null,
      explanation: `${servicePort} has no ready endpoints (ErrMissingEndpoints: "${ERR_MISSING_ENDPOINTS}")`,
    }
  }
  if (affinity !== null && !sessionAffinityReset) {
    const ttl = ttlOf(affinity)
    const sticky = state.affinity.get(clientIP)
    if (sticky !== undefined) {
      const age = wholeSeconds(now - sticky.lastUsed)
      if (age < ttl) {
        sticky.lastUsed = now
        return {
          endpoint: sticky.endpoint,
          explanation: `ClientIP affinity: ${clientIP} last used ${sticky.endpoint} ${age} s ago (< ${ttl} s), so it goes there again and the entry is refreshed`,
        }
      }
    }
  }
  const index = state.index
  const endpoint = state.endpoints[index] ?? ''
  state.index = (index + 1) % n
  let explanation = `round robin over [${state.endpoints.join(', ')}]: position ${index} → ${endpoint}, next position ${state.index}`
  if (affinity !== null) {
    const previous = state.affinity.get(clientIP)
    if (sessionAffinityReset) {
      explanation += `; the last dial failed, so affinity was skipped (sessionAffinityReset) and ${clientIP} is re-pinned to ${endpoint}`
    } else if (previous !== undefined) {
      explanation += `; ${clientIP}'s affinity to ${previous.endpoint} had expired (${wholeSeconds(now - previous.lastUsed)} s ≥ ${ttlOf(affinity)} s), now pinned to ${endpoint}`
    } else {
      explanation += `; ${clientIP} is now pinned to ${endpoint} for ${ttlOf(affinity)} s`
    }
    state.affinity.set(clientIP, { endpoint, lastUsed: now })
  }
  return { endpoint, explanation }
}

/** `NextEndpoint` as a new connection asks it (no affinity reset). */
export function nextEndpoint(
  lb: LoadBalancerState,
  servicePort: string,
  clientIP: string,
  now: number,
  affinity: { timeoutSeconds: number } | null,
): NextEndpointResult {
  return nextEndpointWithReset(lb, servicePort, clientIP, now, affinity, false)
}

/** `CleanupStaleStickySessions`, run on every sync: entries idle for ≥ ttl whole seconds go. */
export function cleanupStaleStickySessions(
  lb: LoadBalancerState,
  servicePort: string,
  now: number,
  affinity: { timeoutSeconds: number },
): string[] {
  const state = lb.services.get(servicePort)
  if (state === undefined) return []
  const removed: string[] = []
  for (const [client, entry] of state.affinity) {
    if (wholeSeconds(now - entry.lastUsed) >= ttlOf(affinity)) {
      state.affinity.delete(client)
      removed.push(client)
    }
  }
  return removed
}

/**
 * The affinity argument for a service port, from its Service (`mergeService` passes
 * `sessionAffinity` and `sessionAffinityConfig.clientIP.timeoutSeconds` to `NewService`).
 */
export function affinityOf(
  cluster: ClusterState,
  servicePort: string,
): { timeoutSeconds: number } | null {
  for (const service of cluster.services) {
    for (const port of service.ports) {
      if (servicePortName(service.namespace, service.name, port.name) !== servicePort) continue
      return service.sessionAffinity === 'ClientIP'
        ? { timeoutSeconds: service.affinityTimeoutSeconds }
        : null
    }
  }
  return null
}
