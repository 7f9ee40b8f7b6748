/**
 * The endpoints controller (core/v1 Endpoints): kubernetes/kubernetes
 * pkg/controller/endpoint/endpoints_controller.go (syncService, podToEndpointAddressForService,
 * addEndpointSubset, truncateEndpoints) and pkg/api/v1/endpoints/util.go (RepackSubsets,
 * SortSubsets, LessEndpointAddress).
 *
 * The real controller also stamps `endpoints.kubernetes.io/last-change-trigger-time` with the
 * time of the last Pod or Service change. The simulator has no clock (time is data and there is
 * none), so that annotation is left out.
 * @see reference/discovery.md §2.3, §3.1
 */
import type { Diagnostic } from '../diagnostics'
import type {
  EndpointAddress,
  EndpointPort,
  EndpointsState,
  EndpointSubset,
  NodeState,
  PodState,
  ServiceState,
} from '../model/cluster'
import {
  comparePorts,
  endpointPort,
  findPort,
  hasSelector,
  isHeadless,
  LABEL_HEADLESS,
  portKey,
  selectedPods,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './reconcileEndpointSlices'

/** maxCapacity: an Endpoints object holds at most this many addresses, ready and not. */
export const MAX_ENDPOINTS_CAPACITY = 1000
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity'

function addressKey(address: EndpointAddress): string {
  // RepackSubsets de-duplicates by (IP, targetRef UID); the Pod ref stands in for the UID.
  return `${address.ip}\u0000${address.targetRef}`
}

/**
 * LessEndpointAddress: IPs compared as byte strings (so 10.0.0.10 sorts before 10.0.0.2), then
 * targetRef, an address without one first. JS string order equals byte order for ASCII IPs.
 */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1
  if (a.targetRef === b.targetRef) return 0
  return a.targetRef < b.targetRef ? -1 : 1
}

/**
 * Upstream orders subsets by an MD5 hash of each (subsetsByHash): canonical but meaningless.
 * Here: by the first port, then the first address, so the order is canonical and readable.
 */
function compareSubsets(a: EndpointSubset, b: EndpointSubset): number {
  const pa = a.ports[0]
  const pb = b.ports[0]
  if (pa && pb) {
    const c = comparePorts(pa, pb)
    if (c !== 0) return c
  } else if (pa !== pb) {
    return pa ? 1 : -1
  }
  if (a.ports.length !== b.ports.length) return a.ports.length - b.ports.length
  const aa = a.addresses[0] ?? a.notReadyAddresses[0]
  const ab = b.addresses[0] ?? b.notReadyAddresses[0]
  if (aa && ab) return compareAddresses(aa, ab)
  return 0
}

/**
 * RepackSubsets: the canonical form the API stores. Every address is mapped to each port it
 * serves; addresses serving exactly the same set of ports (with the same readiness) share a
 * subset. An address that is not ready for a port in any contribution is not ready for it
 * (not-ready trumps ready). A subset without ports is kept, with no ports.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddresses = new Map<string, EndpointAddress>()
  // Port key → (address key → ready); insertion order keeps the result deterministic.
  const byPort = new Map<string, { port: EndpointPort | null; ready: Map<string, boolean> }>()

  const add = (address: EndpointAddress, port: EndpointPort | null, ready: boolean): void => {
    const key = addressKey(address)
    if (!allAddresses.has(key)) allAddresses.set(key, { ...address })
    // The sentinel for "no ports" is port -1 upstream; here the key cannot clash with a port.
    const pk = port === null ? '' : portKey(port)
    const entry = byPort.get(pk) ?? { port, ready: new Map<string, boolean>() }
    byPort.set(pk, entry)
    const was = entry.ready.get(key)
    if (was === undefined || was) entry.ready.set(key, ready)
  }
  for (const subset of subsets) {
    const ports: Array<EndpointPort | null> = subset.ports.length === 0 ? [null] : subset.ports
    for (const port of ports) {
      for (const address of subset.addresses) add(address, port, true)
      for (const address of subset.notReadyAddresses) add(address, port, false)
    }
  }

  // Group ports by their exact (address, readiness) set.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>()
  for (const { port, ready } of byPort.values()) {
    const setKey = [...ready.entries()]
      .map(([key, isReady]) => `${key}\u0000${isReady ? 1 : 0}`)
      .sort()
      .join('\u0001')
    const group = groups.get(setKey) ?? { ready, ports: [] }
    groups.set(setKey, group)
    if (port !== null) group.ports.push({ ...port })
  }

  const result: EndpointSubset[] = []
  for (const { ready, ports } of groups.values()) {
    const addresses: EndpointAddress[] = []
    const notReadyAddresses: EndpointAddress[] = []
    for (const [key, isReady] of ready) {
      const address = allAddresses.get(key)
      if (address === undefined) continue
      ;(isReady ? addresses : notReadyAddresses).push({ ...address })
    }
    addresses.sort(compareAddresses)
    notReadyAddresses.sort(compareAddresses)
    ports.sort(comparePorts)
    result.push({ addresses, notReadyAddresses, ports })
  }
  return result.sort(compareSubsets)
}

/**
 * truncateEndpoints: above 1000 addresses, keep every ready address if they fit and share the
 * rest among the not-ready ones; otherwise drop all not-ready ones and share 1000 among the
 * ready. Each subset gets ceil(its share), never more than what is left, in subset order.
 * Returns whether it truncated. Upstream tests: TestTruncateEndpoints in
 * pkg/controller/endpoint/endpoints_controller_test.go.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  let totalReady = 0
  let totalNotReady = 0
  for (const subset of subsets) {
    totalReady += subset.addresses.length
    totalNotReady += subset.notReadyAddresses.length
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return false

  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady
  const numTotal = truncateReady ? totalReady : totalNotReady
  let canBeAdded = max
  subsets.forEach((subset, i) => {
    const numInSubset = truncateReady ? subset.addresses.length : subset.notReadyAddresses.length
    // Same float64 arithmetic as Go's math.Ceil((float64(n) / float64(total)) * float64(max)).
    const toBeAdded = Math.min(Math.ceil((numInSubset / numTotal) * max), canBeAdded)
    if (truncateReady) {
      const addresses = subset.addresses.slice(0, toBeAdded)
      subsets[i] = { ...subset, addresses, notReadyAddresses: [] }
      canBeAdded -= addresses.length
    } else {
      const notReadyAddresses = subset.notReadyAddresses.slice(0, toBeAdded)
      subsets[i] = { ...subset, notReadyAddresses }
      canBeAdded -= notReadyAddresses.length
    }
  })
  return true
}

/** The controller's Endpoints for one selector Service (syncService). */
function endpointsFor(
  service: ServiceState,
  pods: readonly PodState[],
  existing: EndpointsState | undefined,
): EndpointsState {
  const contributions: EndpointSubset[] = []
  for (const pod of selectedPods(service, pods)) {
    // Terminating Pods count only with publishNotReadyAddresses ("tolerate unready").
    if (!shouldPodBeInEndpoints(pod, service.publishNotReadyAddresses)) continue
    const address: EndpointAddress = {
      ip: pod.podIP,
      hostname: shouldSetHostname(pod, service) ? pod.hostname : '',
      nodeName: pod.nodeName,
      targetRef: pod.ref,
    }
    const ready = service.publishNotReadyAddresses || pod.ready
    const contribute = (ports: EndpointPort[]): void => {
      contributions.push(
        ready
          ? { addresses: [address], notReadyAddresses: [], ports }
          : { addresses: [], notReadyAddresses: [address], ports },
      )
    }
    if (service.ports.length === 0) {
      // Only a headless Service may have no ports; its Pods are published bare.
      if (isHeadless(service)) contribute([])
      continue
    }
    for (const servicePort of service.ports) {
      const port = findPort(pod, servicePort)
      // A Pod without the named port is left out for that port only.
      if (port !== null) contribute([endpointPort(servicePort, port)])
    }
  }
  const subsets = repackSubsets(contributions)

  const labels: Record<string, string> = { ...service.labels }
  if (isHeadless(service)) labels[LABEL_HEADLESS] = ''
  else delete labels[LABEL_HEADLESS]

  // The controller updates an existing object in place: its annotations survive, the
  // over-capacity one is set or removed to match.
  const annotations: Record<string, string> = { ...(existing?.annotations ?? {}) }
  delete annotations[OVER_CAPACITY_ANNOTATION]
  if (truncateEndpoints(subsets)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated'

  return {
    name: service.name,
    namespace: service.namespace,
    labels,
    annotations,
    subsets,
    source: existing?.source ?? null,
  }
}

/**
 * Endpoints for every Service: the controller's for Services with a selector (not
 * ExternalName); the user's own object, untouched, for the others. A user Endpoints named
 * like a selector Service is overwritten by the controller, as in a real cluster (its YAML
 * source is kept so the editor can still point at it). A user Endpoints with no Service at all
 * is kept too: the running controller only deletes Endpoints when it syncs their Service.
 * Output order: Services in order, then the remaining user Endpoints in theirs.
 *
 * `_nodes` is unused: unlike the EndpointSlice controller, this one does not look Nodes up.
 * Diagnostics stay empty; user-facing warnings come from lintServices.
 */
export function reconcileEndpoints(
  services: readonly ServiceState[],
  pods: readonly PodState[],
  _nodes: readonly NodeState[],
  userEndpoints: readonly EndpointsState[],
): { endpoints: EndpointsState[]; diagnostics: Diagnostic[] } {
  const key = (namespace: string, name: string): string => `${namespace}/${name}`
  const userByKey = new Map(userEndpoints.map((e) => [key(e.namespace, e.name), e]))
  const used = new Set<string>()
  const endpoints: EndpointsState[] = []

  for (const service of services) {
    const k = key(service.namespace, service.name)
    const user = userByKey.get(k)
    if (service.type !== 'ExternalName' && hasSelector(service)) {
      endpoints.push(endpointsFor(service, pods, user))
      used.add(k)
    } else if (user !== undefined && !used.has(k)) {
      endpoints.push(user)
      used.add(k)
    }
  }
  for (const user of userEndpoints) {
    const k = key(user.namespace, user.name)
    if (used.has(k)) continue
    endpoints.push(user)
    used.add(k)
  }
  return { endpoints, diagnostics: [] }
}
