/**
 * Warnings the API server never gives but a Kubernetes user wants: why a Service has no
 * endpoints or misses some Pods, and why a Pod lacks a Service's environment variables.
 * The rules restate the controllers and the kubelet: podutil.FindPort (a named targetPort must
 * match a container port's name and protocol; a number is used as is), the endpoints and
 * EndpointSlice controllers' selection (pkg/controller/endpoint, staging/src/k8s.io/endpointslice)
 * and the kubelet's getServiceEnvVarMap (pkg/kubelet/kubelet_pods.go), which sees only the
 * Services that exist when a container starts.
 * @see reference/discovery.md §1.1, §1.3, §3.1, §3.2
 */
import type { Diagnostic } from '../diagnostics'
import type { EndpointSlice, PodState, ServicePort, ServiceState } from '../model/cluster'
import { rangeOfField } from '../parse/readManifests'
import { hasSelector, selectedPods } from './reconcileEndpointSlices'

const MAX_NAMED_PODS = 3

/** `"a"`, `"a" and "b"`, `"a", "b", "c" and 2 more`. */
function podList(pods: readonly PodState[]): string {
  const names = pods.slice(0, MAX_NAMED_PODS).map((p) => `"${p.name}"`)
  const more = pods.length - names.length
  if (more > 0) return `${names.join(', ')} and ${more} more`
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`
}

function podWord(pods: readonly PodState[]): string {
  return pods.length === 1 ? 'Pod' : 'Pods'
}

/** The kubelet's variable prefix: upper case, dashes to underscores. */
function envPrefix(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, '_')
}

/** enableServiceLinks defaults to true; PodState may carry the explicit value. */
function usesServiceLinks(pod: PodState): boolean {
  return 'enableServiceLinks' in pod ? pod.enableServiceLinks !== false : true
}

function lintPort(
  service: ServiceState,
  servicePort: ServicePort,
  index: number,
  pods: readonly PodState[],
): Diagnostic[] {
  const out: Diagnostic[] = []
  const target = servicePort.targetPort
  const proto = servicePort.protocol
  const portPath = `spec.ports[${index}]`
  const missing: PodState[] = []
  const otherProtocol: PodState[] = []
  for (const pod of pods) {
    if (typeof target === 'string') {
      if (pod.ports.some((p) => p.name === target && p.protocol === proto)) continue
      if (pod.ports.some((p) => p.name === target)) otherProtocol.push(pod)
      else missing.push(pod)
    } else {
      const same = pod.ports.some((p) => p.containerPort === target && p.protocol === proto)
      const other = pod.ports.some((p) => p.containerPort === target && p.protocol !== proto)
      if (!same && other) otherProtocol.push(pod)
    }
  }

  if (missing.length > 0) {
    const has = missing.length === 1 ? 'has' : 'have'
    out.push({
      code: 'target-port-not-found',
      severity: 'warning',
      message: `${podWord(missing)} ${podList(missing)} ${has} no ${proto} container port named "${String(target)}", so Service "${service.name}" port ${servicePort.port} sends ${missing.length === 1 ? 'it' : 'them'} no traffic.`,
      range: rangeOfField(service.source, `${portPath}.targetPort`),
      objectRef: service.ref,
    })
  }
  if (otherProtocol.length > 0) {
    const named = typeof target === 'string'
    const message = named
      ? `Service "${service.name}" port ${servicePort.port} is ${proto}, but container port "${target}" of ${podWord(otherProtocol)} ${podList(otherProtocol)} is not, so ${otherProtocol.length === 1 ? 'that Pod is' : 'those Pods are'} not an endpoint for it.`
      : `Service "${service.name}" port ${servicePort.port} is ${proto}, but ${podWord(otherProtocol)} ${podList(otherProtocol)} ${otherProtocol.length === 1 ? 'declares' : 'declare'} container port ${target} for another protocol only.`
    out.push({
      code: 'protocol-mismatch',
      severity: 'warning',
      message,
      range: rangeOfField(service.source, `${portPath}.protocol`),
      objectRef: service.ref,
    })
  }
  return out
}

/**
 * One info per Pod created before Services with a ClusterIP in its namespace (service links
 * on): it has none of their variables. Headless and ExternalName Services produce none.
 */
function lintPodsBeforeServices(
  services: readonly ServiceState[],
  pods: readonly PodState[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const pod of pods) {
    if (!usesServiceLinks(pod)) continue
    const later = services.filter(
      (s) =>
        !s.system &&
        s.type !== 'ExternalName' &&
        s.clusterIP !== '' &&
        s.clusterIP !== 'None' &&
        s.namespace === pod.namespace &&
        pod.createdIndex < s.createdIndex,
    )
    const first = later[0]
    if (!first) continue
    const prefix = envPrefix(first.name)
    const names = later
      .slice(0, 3)
      .map((s) => `"${s.name}"`)
      .join(', ')
    const more = later.length > 3 ? ` and ${later.length - 3} more` : ''
    const path = pod.source.fields.has('spec.enableServiceLinks')
      ? 'spec.enableServiceLinks'
      : 'metadata.name'
    const what =
      later.length === 1
        ? `Service ${names}, so it has no ${prefix}_SERVICE_HOST or ${prefix}_SERVICE_PORT`
        : `Services ${names}${more}, so it has none of their variables (such as ${prefix}_SERVICE_HOST)`
    diagnostics.push({
      code: 'pod-before-service',
      severity: 'info',
      message: `Pod "${pod.name}" was created before ${what}: the kubelet only injects variables of Services that existed when the Pod started. DNS has no such limit.`,
      range: rangeOfField(pod.source, path),
      objectRef: pod.ref,
    })
  }
  return diagnostics
}

/**
 * One pass over the Services (the cluster's own `default/kubernetes` is skipped):
 * - a selector that matches no Pod in the namespace (selector-matches-no-pods, on spec.selector);
 * - a Service without a selector whose endpoints nobody supplies: no EndpointSlice (mirrored
 *   or written by hand) carries endpoints for it (selector-matches-no-pods, on spec);
 * - a named targetPort some selected Pod lacks (target-port-not-found, naming the Pods);
 * - a port whose protocol differs from the container port it reaches, by name or by number
 *   (protocol-mismatch);
 * - a Pod created before a Service with a ClusterIP in its namespace, with service links on:
 *   it has none of that Service's variables (pod-before-service, info, on the Pod).
 * Pods that have finished (Succeeded, Failed) are never endpoints, so they are not linted.
 */
export function lintServices(
  services: readonly ServiceState[],
  pods: readonly PodState[],
  endpointSlices: readonly EndpointSlice[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const service of services) {
    if (service.system || service.type === 'ExternalName') continue

    if (hasSelector(service)) {
      const selected = selectedPods(service, pods).filter(
        (pod) => pod.phase !== 'Succeeded' && pod.phase !== 'Failed',
      )
      if (selected.length === 0) {
        diagnostics.push({
          code: 'selector-matches-no-pods',
          severity: 'warning',
          message: `The selector of Service "${service.name}" matches no Pod in namespace "${service.namespace}", so the Service has no endpoints.`,
          range: rangeOfField(service.source, 'spec.selector'),
          objectRef: service.ref,
        })
      } else {
        service.ports.forEach((servicePort, index) => {
          diagnostics.push(...lintPort(service, servicePort, index, selected))
        })
      }
    } else {
      const supplied = endpointSlices.some(
        (slice) =>
          slice.namespace === service.namespace &&
          slice.serviceName === service.name &&
          slice.endpoints.length > 0,
      )
      if (!supplied) {
        diagnostics.push({
          code: 'selector-matches-no-pods',
          severity: 'warning',
          message: `Service "${service.name}" has no selector and no Endpoints or EndpointSlice gives it addresses, so it has no endpoints.`,
          range: rangeOfField(service.source, 'spec.selector'),
          objectRef: service.ref,
        })
      }
    }
  }
  diagnostics.push(...lintPodsBeforeServices(services, pods))
  return diagnostics
}
