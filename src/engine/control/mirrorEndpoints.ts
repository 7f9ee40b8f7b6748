/**
 * The EndpointSlice mirroring controller: kubernetes/kubernetes
 * pkg/controller/endpointslicemirroring (endpointslicemirroring_controller.go syncEndpoints and
 * shouldMirror, reconciler.go) and staging/src/k8s.io/endpointslice
 * (DesiredEndpointSlicesFromEndpoints, addressToEndpoint, getAddressType,
 * LabelsAnnotationsFromEndpoints).
 *
 * It copies a user's Endpoints into EndpointSlices, so that kube-proxy (which reads only
 * slices) sees the endpoints of a Service without a selector.
 * @see reference/discovery.md §3.3
 */
import type { Diagnostic } from '../diagnostics'
import type {
  Endpoint,
  EndpointAddress,
  EndpointPort,
  EndpointsState,
  EndpointSlice,
  ServiceState,
} from '../model/cluster'
import type { Rng } from '../rng'
import { parseIPSloppy, isIPv6String } from './k8sNames'
import { repackSubsets } from './reconcileEndpoints'
import {
  comparePorts,
  endpointSlicePrefix,
  generateName,
  hasSelector,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  portKey,
} from './reconcileEndpointSlices'

export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io'
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror'
/** resourcelock.LeaderElectionRecordAnnotationKey: old leader-election locks are Endpoints. */
const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader'
/** --mirroring-max-endpoints-per-subset default: also the size of one mirrored slice. */
export const MAX_ENDPOINTS_PER_SUBSET = 1000

/** shouldMirror: not with the skip-mirror label set to "true", not a leader-election lock. */
function shouldMirror(endpoints: EndpointsState): boolean {
  if (endpoints.labels[LABEL_SKIP_MIRROR] === 'true') return false
  return !Object.hasOwn(endpoints.annotations, LEADER_ELECTION_ANNOTATION)
}

/** getAddressType: IPv4 when the IP has a 4-byte form (IPv4-mapped IPv6 too), null if no IP. */
function addressType(ip: string): 'IPv4' | 'IPv6' | null {
  if (parseIPSloppy(ip) === null) return null
  return isIPv6String(ip) ? 'IPv6' : 'IPv4'
}

/** addressToEndpoint: serving and terminating stay unset upstream, which reads as serving=ready. */
function addressToEndpoint(address: EndpointAddress, ready: boolean): Endpoint {
  return {
    addresses: [address.ip],
    conditions: { ready, serving: ready, terminating: false },
    hostname: address.hostname,
    nodeName: address.nodeName,
    zone: '',
    targetRef: address.targetRef,
  }
}

/**
 * Slices for every user Endpoints whose Service exists and has no selector. The subsets are
 * repacked first; from each, at most 1000 addresses are mirrored, ready ones first (ready=true),
 * then not-ready ones (ready=false); an address that is not an IP is skipped. Slices are
 * grouped by (address type, sorted ports), one per group, named `<endpoints-name>-xxxxx`.
 * Labels are the Endpoints' own (minus the two reserved keys) plus service-name and managed-by.
 * There is no placeholder slice: an Endpoints with no addresses mirrors to nothing.
 *
 * The real controller reports skipped addresses as Warning events on the Endpoints
 * (InvalidIPAddress, TooManyAddressesToMirror); no diagnostic code covers them yet, so the
 * diagnostics stay empty.
 */
export function mirrorEndpoints(
  services: readonly ServiceState[],
  userEndpoints: readonly EndpointsState[],
  rng: Rng,
): { endpointSlices: EndpointSlice[]; diagnostics: Diagnostic[] } {
  const endpointSlices: EndpointSlice[] = []
  const diagnostics: Diagnostic[] = []

  for (const endpoints of userEndpoints) {
    const service = services.find(
      (s) => s.namespace === endpoints.namespace && s.name === endpoints.name,
    )
    // No Service: the controller deletes mirrored slices. A selector: the Service's own
    // controller owns the endpoints, so nothing is mirrored.
    if (service === undefined || hasSelector(service) || !shouldMirror(endpoints)) continue

    const groups = new Map<
      string,
      { addressType: 'IPv4' | 'IPv6'; ports: EndpointPort[]; endpoints: Endpoint[] }
    >()
    for (const subset of repackSubsets(endpoints.subsets)) {
      const ports = subset.ports.map((p) => ({ ...p })).sort(comparePorts)
      const portsKey = ports.map(portKey).join('\u0001')
      let added = 0
      const candidates: Array<[EndpointAddress, boolean]> = [
        ...subset.addresses.map((a): [EndpointAddress, boolean] => [a, true]),
        ...subset.notReadyAddresses.map((a): [EndpointAddress, boolean] => [a, false]),
      ]
      for (const [address, ready] of candidates) {
        if (added >= MAX_ENDPOINTS_PER_SUBSET) break
        const type = addressType(address.ip)
        if (type === null) continue
        const key = `${type}\u0002${portsKey}`
        const group = groups.get(key) ?? { addressType: type, ports, endpoints: [] }
        groups.set(key, group)
        group.endpoints.push(addressToEndpoint(address, ready))
        added++
      }
    }

    const labels: Record<string, string> = {}
    for (const [key, value] of Object.entries(endpoints.labels)) {
      if (key !== LABEL_MANAGED_BY && key !== LABEL_SERVICE_NAME) labels[key] = value
    }
    labels[LABEL_SERVICE_NAME] = endpoints.name
    labels[LABEL_MANAGED_BY] = MIRRORING_CONTROLLER
    const prefix = endpointSlicePrefix(endpoints.name)
    for (const group of groups.values()) {
      endpointSlices.push({
        name: generateName(prefix, rng),
        namespace: endpoints.namespace,
        serviceName: endpoints.name,
        labels: { ...labels },
        addressType: group.addressType,
        // One slice per group holds at most maxEndpointsPerSubset endpoints; repacked subsets
        // have distinct port sets, so a group is one subset and never exceeds it.
        endpoints: group.endpoints.slice(0, MAX_ENDPOINTS_PER_SUBSET),
        ports: group.ports,
        source: null,
      })
    }
  }
  return { endpointSlices, diagnostics }
}
