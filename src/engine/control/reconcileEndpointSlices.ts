/**
 * The EndpointSlice controller for Services with a selector: kubernetes/kubernetes
 * staging/src/k8s.io/endpointslice `reconciler.go` (reconcile, reconcileByAddressType,
 * placeholder slice) and `utils.go` (podToEndpoint, getEndpointPorts, setEndpointSliceLabels,
 * getEndpointSlicePrefix), pkg/controller/util/endpoint (ShouldPodBeInEndpoints,
 * ShouldSetHostname) and pkg/api/v1/pod (FindPort). The apiserver's generateName is
 * k8s.io/apiserver/pkg/storage/names (SimpleNameGenerator).
 *
 * The simulator builds every slice from scratch, as the controller does for a Service it has
 * never seen: it never edits slices in place, so the update path (fullest slice first) does not
 * apply. Endpoint order inside a slice is Pod creation order (`createdIndex`); upstream pops
 * them from a set in no particular order, so any order is faithful and this one reads well.
 * @see reference/discovery.md §2.3, §3.2
 */
import type { Diagnostic } from '../diagnostics'
import type {
  Endpoint,
  EndpointPort,
  EndpointSlice,
  NodeState,
  PodState,
  ServicePort,
  ServiceState,
} from '../model/cluster'
import type { Rng } from '../rng'
import { nameIsDNSSubdomain } from './k8sNames'
import { matchesSelector } from './matchSelector'

/** kube-controller-manager --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name'
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by'
export const LABEL_HEADLESS = 'service.kubernetes.io/headless'
export const LABEL_ZONE = 'topology.kubernetes.io/zone'
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io'

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits, no vowels, no confusable 0/1/3. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** names.SimpleNameGenerator: a base longer than 63 - 5 characters is cut so the name stays a label. */
const MAX_GENERATED_NAME_BASE = 58

/** The apiserver's generateName: the prefix (cut to 58 characters) plus 5 random characters. */
export function generateName(prefix: string, rng: Rng): string {
  let suffix = ''
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[rng.int(0, NAME_ALPHABET.length - 1)]
  return `${prefix.slice(0, MAX_GENERATED_NAME_BASE)}${suffix}`
}

/** getEndpointSlicePrefix: `<name>-` reads better, but only if it is a valid generateName. */
export function endpointSlicePrefix(name: string): string {
  const prefix = `${name}-`
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : name
}

/**
 * podutil.FindPort: the container port number a Service port's targetPort means for one Pod.
 * A number is used as is (nothing checks that a container declares it); a name must match a
 * container port with the same name and protocol, else the Pod has no such port (null).
 */
export function findPort(pod: PodState, servicePort: ServicePort): number | null {
  const target = servicePort.targetPort
  if (typeof target === 'number') return target
  const match = pod.ports.find((p) => p.name === target && p.protocol === servicePort.protocol)
  return match ? match.containerPort : null
}

/**
 * The controllers skip Services with no selector: the user owns their endpoints. `selector: {}`
 * is treated the same, as matchesSelector explains (it does not survive protobuf storage).
 */
export function hasSelector(
  service: ServiceState,
): service is ServiceState & { selector: Readonly<Record<string, string>> } {
  return service.selector !== null && Object.keys(service.selector).length > 0
}

/** ClusterIP None; helper.IsServiceIPSet is false for it, which is what the headless label keys on. */
export function isHeadless(service: ServiceState): boolean {
  return service.clusterIP === 'None'
}

/**
 * endpointutil.ShouldPodBeInEndpoints: not Succeeded/Failed, has an IP, and (unless terminating
 * Pods are wanted) no deletionTimestamp. The EndpointSlice controller always wants them; the
 * endpoints controller only with publishNotReadyAddresses.
 */
export function shouldPodBeInEndpoints(pod: PodState, includeTerminating: boolean): boolean {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return false
  if (pod.podIP === '') return false
  if (!includeTerminating && pod.terminating) return false
  return true
}

/** endpointutil.ShouldSetHostname: only a Pod whose subdomain names this very Service. */
export function shouldSetHostname(pod: PodState, service: ServiceState): boolean {
  return (
    pod.hostname !== '' && pod.subdomain === service.name && pod.namespace === service.namespace
  )
}

/** The Pods a selector Service picks in its namespace, in creation order. */
export function selectedPods(service: ServiceState, pods: readonly PodState[]): PodState[] {
  return pods
    .filter(
      (pod) => pod.namespace === service.namespace && matchesSelector(service.selector, pod.labels),
    )
    .sort((a, b) => a.createdIndex - b.createdIndex)
}

function isIPv4(ip: string): boolean {
  return ip !== '' && !ip.includes(':')
}

/**
 * Upstream sorts ports by the hash of each port (portsInOrder), an order with no meaning. This
 * one is readable and just as canonical: name, then number, then protocol.
 */
export function comparePorts(a: EndpointPort, b: EndpointPort): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  if (a.port !== b.port) return a.port - b.port
  if (a.protocol !== b.protocol) return a.protocol < b.protocol ? -1 : 1
  const pa = a.appProtocol ?? ''
  const pb = b.appProtocol ?? ''
  return pa === pb ? 0 : pa < pb ? -1 : 1
}

export function portKey(port: EndpointPort): string {
  return `${port.name}\u0000${port.port}\u0000${port.protocol}\u0000${port.appProtocol ?? ''}`
}

/** endpointPortFromServicePort: name, resolved number, protocol and appProtocol of a Service port. */
export function endpointPort(servicePort: ServicePort, port: number): EndpointPort {
  const out: EndpointPort = { name: servicePort.name, protocol: servicePort.protocol, port }
  if (servicePort.appProtocol !== '') out.appProtocol = servicePort.appProtocol
  return out
}

/**
 * getEndpointPorts: every Service port the Pod resolves, sorted (NewPortMapKey sorts in place).
 * A headless Service may have no ports at all; then every Pod has the empty port list.
 */
function getEndpointPorts(service: ServiceState, pod: PodState): EndpointPort[] {
  const ports: EndpointPort[] = []
  for (const servicePort of service.ports) {
    const port = findPort(pod, servicePort)
    if (port !== null) ports.push(endpointPort(servicePort, port))
  }
  return ports.sort(comparePorts)
}

/** podToEndpoint: conditions, zone from the Node, hostname by the subdomain rule. */
function podToEndpoint(
  pod: PodState,
  node: NodeState | undefined,
  service: ServiceState,
): Endpoint {
  const serving = pod.ready
  const terminating = pod.terminating
  // For compatibility, ready is never true for a terminating Pod unless publishNotReadyAddresses.
  const ready = service.publishNotReadyAddresses || (serving && !terminating)
  return {
    // getEndpointAddresses: the Pod IPs of the slice's family; the cluster is IPv4 single-stack.
    addresses: isIPv4(pod.podIP) ? [pod.podIP] : [],
    conditions: { ready, serving, terminating },
    hostname: shouldSetHostname(pod, service) ? pod.hostname : '',
    nodeName: pod.nodeName,
    zone: node?.labels[LABEL_ZONE] ?? '',
    targetRef: pod.ref,
  }
}

/**
 * setEndpointSliceLabels: the Service's labels minus the reserved keys, then the service-name
 * and managed-by labels, and the headless label exactly when the Service has no ClusterIP.
 */
function sliceLabels(service: ServiceState): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const [key, value] of Object.entries(service.labels)) {
    if (key === LABEL_SERVICE_NAME || key === LABEL_MANAGED_BY || key === LABEL_HEADLESS) continue
    labels[key] = value
  }
  if (isHeadless(service)) labels[LABEL_HEADLESS] = ''
  labels[LABEL_SERVICE_NAME] = service.name
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER
  return labels
}

/**
 * Every selector Service gets its slices; a Service with no endpoint at all gets one
 * placeholder slice with no endpoints and no ports, so consumers can tell "synced, empty"
 * from "not synced yet". Slice names are drawn from `rng` in Service order, then port-group
 * order (the group of the earliest-created Pod first).
 *
 * Diagnostics stay empty: the user-facing warnings (selector matching nothing, missing named
 * ports) come from lintServices, so they are not reported twice.
 */
export function reconcileEndpointSlices(
  services: readonly ServiceState[],
  pods: readonly PodState[],
  nodes: readonly NodeState[],
  rng: Rng,
): { endpointSlices: EndpointSlice[]; diagnostics: Diagnostic[] } {
  const endpointSlices: EndpointSlice[] = []
  const diagnostics: Diagnostic[] = []
  const nodeByName = new Map(nodes.map((node) => [node.name, node]))

  for (const service of services) {
    if (service.type === 'ExternalName' || !hasSelector(service)) continue
    const labels = sliceLabels(service)
    const prefix = endpointSlicePrefix(service.name)
    const newSlice = (ports: EndpointPort[], endpoints: Endpoint[]): EndpointSlice => ({
      name: generateName(prefix, rng),
      namespace: service.namespace,
      serviceName: service.name,
      labels: { ...labels },
      addressType: 'IPv4',
      endpoints,
      ports: [...ports],
      source: null,
    })

    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>()
    for (const pod of selectedPods(service, pods)) {
      if (!shouldPodBeInEndpoints(pod, true)) continue
      const node = nodeByName.get(pod.nodeName)
      // A Pod bound to a Node that does not exist is left out (the Service is retried later),
      // unless publishNotReadyAddresses says to publish it anyway.
      if (node === undefined && !service.publishNotReadyAddresses) continue
      const ports = getEndpointPorts(service, pod)
      const key = ports.map(portKey).join('\u0001')
      const group = groups.get(key) ?? { ports, endpoints: [] }
      groups.set(key, group)
      const endpoint = podToEndpoint(pod, node, service)
      if (endpoint.addresses.length > 0) group.endpoints.push(endpoint)
    }

    let made = 0
    for (const group of groups.values()) {
      for (let start = 0; start < group.endpoints.length; start += MAX_ENDPOINTS_PER_SLICE) {
        endpointSlices.push(
          newSlice(group.ports, group.endpoints.slice(start, start + MAX_ENDPOINTS_PER_SLICE)),
        )
        made++
      }
    }
    if (made === 0) endpointSlices.push(newSlice([], []))
  }
  return { endpointSlices, diagnostics }
}
