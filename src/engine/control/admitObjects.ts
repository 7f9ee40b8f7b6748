/**
 * What kube-apiserver does on create for each object: defaulting, allocation, validation, in
 * that order for Services (allocation runs in the BeginCreate hook, before validation), and
 * then the stored object as the rest of the engine reads it.
 * @see reference/discovery.md §4.1, §5, §6
 */
import type { Diagnostic } from '../diagnostics'
import type {
  ContainerPort,
  EndpointAddress,
  EndpointPort,
  EndpointSlice,
  EndpointsState,
  PodPhase,
  PodState,
  Protocol,
  ServicePort,
  ServiceState,
} from '../model/cluster'
import { isObject, rangeOfField } from '../parse/readManifests'
import type { Manifest } from '../parse/readManifests'
import type { SourceRange } from '../parse/sourceText'
import type { ClusterIPAllocator } from './allocateClusterIP'
import type { NodePortAllocator } from './allocateNodePorts'
import { validateWorkload } from './validateWorkload'
import type { WorkloadInput } from './defaultWorkload'
import {
  defaultEndpoints,
  defaultPod,
  defaultService,
  normalizeClusterIPsForCreate,
} from './defaultService'
import { decodeEndpoints, validateEndpoints } from './validateEndpoints'
import { validateEndpointSlice } from './validateEndpointSlice'
import {
  clusterIPAllocationError,
  formatKubectlInvalid,
  formatServerInvalid,
  renderFieldError,
} from './fieldErrors'
import type { FieldError } from './fieldErrors'
import { formatDecodeFailure } from './decodeCheck'
import type { DecodeResult } from './decodeCheck'
import type { PodPlacer } from './placePods'
import { decodePod, validatePod } from './validatePod'
import {
  decodeService,
  validateService,
  validateServiceClusterIPsRelatedFields,
} from './validateService'

export interface RejectedObject {
  ref: string
  kind: string
  name: string
  /** The API server's reason: 400 BadRequest when the object does not decode, else 422 Invalid. */
  reason: 'BadRequest' | 'Invalid' | 'InternalError' | 'NotFound'
  errors: FieldError[]
  /** What `kubectl apply` prints when this is the only object that failed. */
  kubectlMessage: string
  /** The API server's Status message, which kubectl prints when several objects failed. */
  serverMessage: string
}

export type Admission<T> =
  | { admitted: true; object: T }
  | { admitted: false; rejected: RejectedObject; diagnostics: Diagnostic[] }

/** An object pasted from `kubectl get -o yaml` was already stored by a real API server. */
function isStoredObject(raw: Record<string, unknown>): boolean {
  const metadata = isObject(raw.metadata) ? raw.metadata : {}
  return typeof metadata.uid === 'string' || typeof metadata.resourceVersion === 'string'
}

export interface ServiceAllocators {
  clusterIP: ClusterIPAllocator
  nodePort: NodePortAllocator
}

export function admitService(
  manifest: Manifest,
  allocators: ServiceAllocators,
  createdIndex: number,
): Admission<ServiceState> {
  const decoded = decodeAndDefault(manifest, decodeService, defaultService)
  if (!decoded.ok) return decoded.admission
  const defaulted = decoded.defaulted
  // beginCreate checks the clusterIPs fields before it allocates (discovery.md §4.1, step 2).
  const early = validateServiceClusterIPsRelatedFields(normalizeClusterIPsForCreate(defaulted))
  if (early.length > 0) return reject(manifest, early)
  const spec = objectAt(defaulted, 'spec')
  const metadata = objectAt(defaulted, 'metadata')
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP'
  const stored = isStoredObject(manifest.raw)
  const ports = arrayAt(spec, 'ports').map(readServicePort)

  // Allocation runs before validation and returns at its first failure (discovery.md §4.1).
  let clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : ''
  if (type !== 'ExternalName' && clusterIP !== 'None') {
    const result =
      clusterIP === ''
        ? allocators.clusterIP.allocateNext()
        : allocators.clusterIP.allocate(clusterIP)
    if (result.ok) clusterIP = result.ip
    else if (!(stored && result.reason.includes('not in the valid range'))) {
      const error = clusterIPAllocationError([clusterIP], clusterIP, result.reason)
      return error.type === 'Internal error'
        ? rejectInternal(manifest, error)
        : reject(manifest, [error])
    }
  }
  const externalPolicy =
    spec.externalTrafficPolicy === 'Local'
      ? 'Local'
      : spec.externalTrafficPolicy === 'Cluster'
        ? 'Cluster'
        : ''
  let healthCheckNodePort = numberAt(spec, 'healthCheckNodePort', 0)
  // NodePort Services always get nodePorts; LoadBalancers too unless
  // allocateLoadBalancerNodePorts is false, when only the ones asked for are taken.
  // Other types allocate none, and validation forbids any they set.
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const result = allocators.nodePort.allocateService(
      ports.map((p) => ({ port: p.port, nodePort: p.nodePort })),
      {
        dynamic: type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false,
        healthCheck: type === 'LoadBalancer' && externalPolicy === 'Local',
        requestedHealthCheck: healthCheckNodePort,
      },
    )
    if (!result.ok) {
      return result.error.type === 'Internal error'
        ? rejectInternal(manifest, result.error)
        : reject(manifest, [result.error])
    }
    result.nodePorts.forEach((nodePort, i) => {
      const port = ports[i]
      if (port) port.nodePort = nodePort
    })
    healthCheckNodePort = result.healthCheckNodePort
  }
  // Allocation writes its results into the object, and validation sees them (a LoadBalancer
  // with externalTrafficPolicy Local must have its healthCheckNodePort by then).
  if (type !== 'ExternalName' && clusterIP !== '') {
    spec.clusterIP = clusterIP
    spec.clusterIPs = [clusterIP]
  }
  arrayAt(spec, 'ports').forEach((port, i) => {
    const allocated = ports[i]?.nodePort ?? 0
    if (allocated !== 0) port.nodePort = allocated
  })
  if (healthCheckNodePort !== 0) spec.healthCheckNodePort = healthCheckNodePort
  const errors = validateService(defaulted)
  if (errors.length > 0) return reject(manifest, errors)

  const status = objectAt(manifest.raw, 'status')
  return {
    admitted: true,
    object: {
      ref: manifest.ref,
      name: manifest.name,
      namespace: manifest.namespace,
      labels: stringMap(metadata.labels) ?? {},
      type: type as ServiceState['type'],
      clusterIP: type === 'ExternalName' ? '' : clusterIP,
      selector: readSelector(spec.selector),
      ports,
      sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
      affinityTimeoutSeconds: numberAt(
        objectAt(objectAt(spec, 'sessionAffinityConfig'), 'clientIP'),
        'timeoutSeconds',
        10800,
      ),
      publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
      externalIPs: stringList(spec.externalIPs),
      loadBalancerIngress: arrayAt(objectAt(status, 'loadBalancer'), 'ingress').flatMap((i) =>
        typeof i.ip === 'string' && i.ip !== '' && i.ipMode !== 'Proxy' ? [i.ip] : [],
      ),
      loadBalancerSourceRanges: stringList(spec.loadBalancerSourceRanges),
      externalTrafficPolicy: externalPolicy,
      internalTrafficPolicy:
        spec.internalTrafficPolicy === 'Local'
          ? 'Local'
          : spec.internalTrafficPolicy === 'Cluster'
            ? 'Cluster'
            : '',
      healthCheckNodePort,
      externalName: typeof spec.externalName === 'string' ? spec.externalName : '',
      createdIndex,
      system: false,
      source: manifest.source,
    },
  }
}

export function admitPod(
  manifest: Manifest,
  placer: PodPlacer,
  createdIndex: number,
  owner: string | null,
): Admission<PodState> {
  const decoded = decodeAndDefault(manifest, decodePod, defaultPod)
  if (!decoded.ok) return decoded.admission
  const defaulted = decoded.defaulted
  const errors = validatePod(defaulted)
  if (errors.length > 0) return reject(manifest, errors)

  const metadata = objectAt(defaulted, 'metadata')
  const spec = objectAt(defaulted, 'spec')
  const status = objectAt(defaulted, 'status')
  const placement = placer.place({
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : null,
    podIP: typeof status.podIP === 'string' && status.podIP !== '' ? status.podIP : null,
    hostNetwork: spec.hostNetwork === true,
  })
  const ports: ContainerPort[] = arrayAt(spec, 'containers').flatMap((container, c) =>
    arrayAt(container, 'ports').map((port, p) => ({
      name: typeof port.name === 'string' ? port.name : '',
      containerPort: numberAt(port, 'containerPort', 0),
      protocol: readProtocol(port.protocol),
      path: `spec.containers[${c}].ports[${p}]`,
    })),
  )
  const phase = readPhase(status.phase, placement.podIP)
  return {
    admitted: true,
    object: {
      ref: manifest.ref,
      name: manifest.name,
      namespace: manifest.namespace,
      labels: stringMap(metadata.labels) ?? {},
      nodeName: placement.nodeName,
      podIP: placement.podIP,
      hostIP:
        typeof status.hostIP === 'string' && status.hostIP !== ''
          ? status.hostIP
          : placement.hostIP,
      phase,
      ready:
        (phase === 'Running' || phase === 'Pending') && isReady(status) && placement.podIP !== '',
      terminating: typeof metadata.deletionTimestamp === 'string',
      hostname: typeof spec.hostname === 'string' ? spec.hostname : '',
      subdomain: typeof spec.subdomain === 'string' ? spec.subdomain : '',
      ports,
      owner,
      createdIndex,
      source: manifest.source,
    },
  }
}

/** A Pod pasted with a phase keeps it; otherwise it runs once it has an address. */
function readPhase(value: unknown, podIP: string): PodPhase {
  if (
    value === 'Pending' ||
    value === 'Running' ||
    value === 'Succeeded' ||
    value === 'Failed' ||
    value === 'Unknown'
  ) {
    return value
  }
  return podIP === '' ? 'Pending' : 'Running'
}

/** A Pod is Ready unless its status says otherwise (a pasted `kubectl get -o yaml`). */
function isReady(status: Record<string, unknown>): boolean {
  const ready = arrayAt(status, 'conditions').find((c) => c.type === 'Ready')
  return ready === undefined || ready.status === 'True'
}

/**
 * A selector as the controllers see it after storage: absent, null and `{}` are all "no
 * selector" (protobuf does not keep an empty map), see matchSelector.ts.
 */
function readSelector(value: unknown): Record<string, string> | null {
  const map = stringMap(value)
  return map === null || Object.keys(map).length === 0 ? null : map
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim())
    : []
}

/**
 * The first two steps of a create: decode the JSON into the Go type (a mismatch is a 400 and
 * nothing else is reported), then apply the API's defaults.
 */
function decodeAndDefault(
  manifest: Manifest,
  decode: (raw: unknown) => DecodeResult,
  applyDefaults: (raw: unknown) => unknown,
): { ok: true; defaulted: unknown } | { ok: false; admission: Admission<never> } {
  const created = asCreated(manifest)
  const badRequest = formatDecodeFailure(manifest.kind, decode(created))
  if (badRequest !== null) return { ok: false, admission: rejectBadRequest(manifest, badRequest) }
  return { ok: true, defaulted: applyDefaults(created) }
}

/** 422 Invalid: one diagnostic per field error, on that field's line. */
function reject<T>(
  manifest: Manifest,
  errors: FieldError[],
  /** GroupKind as the server prints it: the bare kind for the core group. */
  groupKind: string = manifest.kind,
): Admission<T> {
  return rejection(manifest, {
    reason: 'Invalid',
    errors,
    kubectlMessage: formatKubectlInvalid(manifest.kind, manifest.name, errors),
    serverMessage: formatServerInvalid(groupKind, manifest.name, errors),
    lines: errors.map((error) => ({
      message: `The ${manifest.kind} "${manifest.name}" is invalid: ${renderFieldError(error)}`,
      range: rangeOfField(manifest.source, error.field),
    })),
  })
}

/** 400 BadRequest: the object did not decode, so nothing else about it is reported. */
function rejectBadRequest<T>(manifest: Manifest, message: string): Admission<T> {
  return rejection(manifest, {
    reason: 'BadRequest',
    errors: [],
    kubectlMessage: `Error from server (BadRequest): ${message}`,
    serverMessage: message,
    lines: [{ message, range: manifest.source.range }],
  })
}

/** 404 NotFound: e.g. the object's namespace does not exist (yet). */
export function rejectNotFound<T>(manifest: Manifest, message: string): Admission<T> {
  return rejection(manifest, {
    reason: 'NotFound',
    errors: [],
    kubectlMessage: `Error from server (NotFound): ${message}`,
    serverMessage: message,
    lines: [{ message, range: rangeOfField(manifest.source, 'metadata.namespace') }],
  })
}

/** 500 InternalError: an allocator ran out of room. */
function rejectInternal<T>(manifest: Manifest, error: FieldError): Admission<T> {
  const message = `Internal error occurred: ${error.detail ?? ''}`
  return rejection(manifest, {
    reason: 'InternalError',
    errors: [error],
    kubectlMessage: `Error from server (InternalError): ${message}`,
    serverMessage: message,
    lines: [{ message, range: manifest.source.range }],
  })
}

function rejection<T>(
  manifest: Manifest,
  outcome: Pick<RejectedObject, 'reason' | 'errors' | 'kubectlMessage' | 'serverMessage'> & {
    lines: { message: string; range: SourceRange }[]
  },
): Admission<T> {
  const { lines, ...rest } = outcome
  return {
    admitted: false,
    rejected: { ref: manifest.ref, kind: manifest.kind, name: manifest.name, ...rest },
    diagnostics: lines.map(({ message, range }) => ({
      code: 'invalid-object',
      severity: 'error',
      message,
      range,
      objectRef: manifest.ref,
    })),
  }
}

/**
 * The object as the API server receives it: kubectl sends it to the namespace's URL, and the
 * server fills `metadata.namespace` from the request (the `default` namespace unless one is
 * given) before anything validates it.
 */
function asCreated(manifest: Manifest): Record<string, unknown> {
  const metadata = isObject(manifest.raw.metadata) ? manifest.raw.metadata : {}
  return { ...manifest.raw, metadata: { ...metadata, namespace: manifest.namespace } }
}

function readServicePort(port: Record<string, unknown>): ServicePort {
  const targetPort = port.targetPort
  return {
    name: typeof port.name === 'string' ? port.name : '',
    protocol: readProtocol(port.protocol),
    port: numberAt(port, 'port', 0),
    targetPort: typeof targetPort === 'string' || typeof targetPort === 'number' ? targetPort : 0,
    nodePort: numberAt(port, 'nodePort', 0),
    appProtocol: typeof port.appProtocol === 'string' ? port.appProtocol : '',
  }
}

function readProtocol(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP'
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  if (!isObject(value)) return {}
  const child = value[key]
  return isObject(child) ? child : {}
}

function arrayAt(value: unknown, key: string): Record<string, unknown>[] {
  if (!isObject(value)) return []
  const child = value[key]
  return Array.isArray(child) ? child.filter(isObject) : []
}

function numberAt(value: Record<string, unknown>, key: string, fallback: number): number {
  const child = value[key]
  return typeof child === 'number' && Number.isFinite(child) ? child : fallback
}

function stringMap(value: unknown): Record<string, string> | null {
  if (!isObject(value)) return null
  // fromEntries defines own properties, so a `__proto__` label stays a label.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]))
}

/** A Deployment, ReplicaSet, StatefulSet or DaemonSet: validated now, expanded into Pods later. */
export function admitWorkload(manifest: Manifest): Admission<WorkloadInput> {
  const input: WorkloadInput = {
    raw: manifest.raw,
    kind: manifest.kind as WorkloadInput['kind'],
    name: manifest.name,
    namespace: manifest.namespace,
    ref: manifest.ref,
  }
  const errors = validateWorkload(input)
  return errors.length > 0
    ? reject(manifest, errors, `${manifest.kind}.apps`)
    : { admitted: true, object: input }
}

/** A user's Endpoints (for a Service without a selector), validated as the API server does. */
export function admitEndpoints(manifest: Manifest): Admission<EndpointsState> {
  const decoded = decodeAndDefault(manifest, decodeEndpoints, defaultEndpoints)
  if (!decoded.ok) return decoded.admission
  const defaulted = decoded.defaulted
  const errors = validateEndpoints(defaulted)
  if (errors.length > 0) return reject(manifest, errors)
  const metadata = objectAt(defaulted, 'metadata')
  const address = (a: Record<string, unknown>): EndpointAddress => ({
    ip: typeof a.ip === 'string' ? a.ip : '',
    hostname: typeof a.hostname === 'string' ? a.hostname : '',
    nodeName: typeof a.nodeName === 'string' ? a.nodeName : '',
    targetRef: targetRefOf(a.targetRef, manifest.namespace),
  })
  return {
    admitted: true,
    object: {
      name: manifest.name,
      namespace: manifest.namespace,
      labels: stringMap(metadata.labels) ?? {},
      annotations: stringMap(metadata.annotations) ?? {},
      subsets: arrayAt(defaulted, 'subsets').map((subset) => ({
        addresses: arrayAt(subset, 'addresses').map(address),
        notReadyAddresses: arrayAt(subset, 'notReadyAddresses').map(address),
        ports: arrayAt(subset, 'ports').map(readEndpointPort),
      })),
      source: manifest.source,
    },
  }
}

/** A user's EndpointSlice (discovery.k8s.io/v1), validated as the API server does. */
export function admitEndpointSlice(manifest: Manifest): Admission<EndpointSlice> {
  const created = asCreated(manifest)
  const errors = validateEndpointSlice(created)
  if (errors.length > 0) return reject(manifest, errors, 'EndpointSlice.discovery.k8s.io')
  const metadata = objectAt(created, 'metadata')
  const labels = stringMap(metadata.labels) ?? {}
  const addressType = created.addressType
  return {
    admitted: true,
    object: {
      name: manifest.name,
      namespace: manifest.namespace,
      serviceName: labels['kubernetes.io/service-name'] ?? '',
      labels,
      addressType: addressType === 'IPv6' || addressType === 'FQDN' ? addressType : 'IPv4',
      endpoints: arrayAt(created, 'endpoints').map((e) => {
        const conditions = objectAt(e, 'conditions')
        // discovery/v1: a nil ready or serving means true, a nil terminating means false.
        return {
          addresses: stringList(e.addresses),
          conditions: {
            ready: conditions.ready !== false,
            serving: conditions.serving !== false,
            terminating: conditions.terminating === true,
          },
          hostname: typeof e.hostname === 'string' ? e.hostname : '',
          nodeName: typeof e.nodeName === 'string' ? e.nodeName : '',
          zone: typeof e.zone === 'string' ? e.zone : '',
          targetRef: targetRefOf(e.targetRef, manifest.namespace),
        }
      }),
      ports: arrayAt(created, 'ports').map(readEndpointPort),
      source: manifest.source,
    },
  }
}

function readEndpointPort(port: Record<string, unknown>): EndpointPort {
  return {
    name: typeof port.name === 'string' ? port.name : '',
    protocol: readProtocol(port.protocol),
    port: numberAt(port, 'port', 0),
    ...(typeof port.appProtocol === 'string' ? { appProtocol: port.appProtocol } : {}),
  }
}

/** `Pod/ns/name` for a targetRef of kind Pod, else ''. */
function targetRefOf(value: unknown, namespace: string): string {
  if (!isObject(value) || value.kind !== 'Pod' || typeof value.name !== 'string') return ''
  const ns =
    typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : namespace
  return `Pod/${ns}/${value.name}`
}
