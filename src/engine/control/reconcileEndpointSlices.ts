/**
 * The EndpointSlice controller for Services with a selector
 * (pkg/controller/endpointslice, staging/src/k8s.io/endpointslice `reconciler.go`).
 *
 * For each Service: the Pods in its namespace that match the selector and have an IP; for each
 * Service port, the targetPort resolved per Pod (`podutil.FindPort`: a number is used as is, a
 * name is looked up among the Pod's container ports with the same protocol). Pods whose ports
 * resolve to the same set share a slice; a Pod that lacks a named port is left out for that port.
 * A slice holds at most 100 endpoints (--max-endpoints-per-slice). Slices are named with the
 * apiserver's generateName: `<service>-` plus 5 random characters.
 * @see reference/discovery.md §3.2
 */
import type { Diagnostic } from '../diagnostics'
import type {
  EndpointPort,
  EndpointSlice,
  PodState,
  ServicePort,
  ServiceState,
} from '../model/cluster'
import { rangeOfField } from '../parse/readManifests'
import type { Rng } from '../rng'
import { matchesSelector } from './matchSelector'

const MAX_ENDPOINTS_PER_SLICE = 100

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits, no vowels, no confusable 0/1/3. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

export function generateName(prefix: string, rng: Rng): string {
  let suffix = ''
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[rng.int(0, NAME_ALPHABET.length - 1)]
  return `${prefix}${suffix}`
}

/** podutil.FindPort: the container port number a Service port's targetPort means for one Pod. */
export function findPort(pod: PodState, servicePort: ServicePort): number | null {
  const target = servicePort.targetPort
  if (typeof target === 'number') return target
  const match = pod.ports.find((p) => p.name === target && p.protocol === servicePort.protocol)
  return match ? match.containerPort : null
}

export function reconcileEndpointSlices(
  services: readonly ServiceState[],
  pods: readonly PodState[],
  rng: Rng,
): { endpointSlices: EndpointSlice[]; diagnostics: Diagnostic[] } {
  const endpointSlices: EndpointSlice[] = []
  const diagnostics: Diagnostic[] = []

  for (const service of services) {
    if (service.selector === null || Object.keys(service.selector).length === 0) continue
    if (service.type === 'ExternalName') continue
    const selected = pods.filter(
      (pod) =>
        pod.namespace === service.namespace &&
        pod.podIP !== '' &&
        matchesSelector(service.selector, pod.labels),
    )
    if (selected.length === 0) {
      diagnostics.push({
        code: 'selector-matches-no-pods',
        severity: 'warning',
        message: `The selector of Service "${service.name}" matches no Pod in namespace "${service.namespace}", so it has no endpoints: a request gets "connection refused".`,
        range: rangeOfField(service.source, 'spec.selector'),
        objectRef: service.ref,
      })
    }

    // Group Pods by the port numbers their targetPorts resolve to.
    const groups = new Map<string, { ports: EndpointPort[]; pods: PodState[] }>()
    for (const pod of selected) {
      const ports: EndpointPort[] = []
      service.ports.forEach((servicePort, index) => {
        const port = findPort(pod, servicePort)
        if (port === null) {
          diagnostics.push({
            code: 'target-port-not-found',
            severity: 'warning',
            message: `Pod "${pod.name}" has no ${servicePort.protocol} container port named "${String(servicePort.targetPort)}", so it is not an endpoint of Service "${service.name}" port ${servicePort.port}.`,
            range: rangeOfField(service.source, `spec.ports[${index}].targetPort`),
            objectRef: service.ref,
          })
          return
        }
        ports.push({ name: servicePort.name, protocol: servicePort.protocol, port })
      })
      if (ports.length === 0) continue
      const key = JSON.stringify(ports)
      const group = groups.get(key) ?? { ports, pods: [] }
      group.pods.push(pod)
      groups.set(key, group)
    }

    for (const group of groups.values()) {
      for (let start = 0; start < group.pods.length; start += MAX_ENDPOINTS_PER_SLICE) {
        endpointSlices.push({
          name: generateName(`${service.name}-`, rng),
          namespace: service.namespace,
          serviceName: service.name,
          addressType: 'IPv4',
          ports: group.ports,
          endpoints: group.pods.slice(start, start + MAX_ENDPOINTS_PER_SLICE).map((pod) => ({
            addresses: [pod.podIP],
            conditions: { ready: pod.ready, serving: pod.ready, terminating: false },
            nodeName: pod.nodeName,
            targetRef: pod.ref,
          })),
        })
      }
    }
  }
  return { endpointSlices, diagnostics }
}
