/**
 * What kube-apiserver does on create for each object: defaulting, allocation, validation, in
 * that order for Services (allocation runs in the BeginCreate hook, before validation), and
 * then the stored object as the rest of the engine reads it.
 * @see reference/discovery.md §4.1, §5, §6
 */
import type { Diagnostic } from '../diagnostics'
import type { ContainerPort, PodState, Protocol, ServicePort, ServiceState } from '../model/cluster'
import { isObject, rangeOfField } from '../parse/readManifests'
import type { Manifest } from '../parse/readManifests'
import type { SourceRange } from '../parse/sourceText'
import type { ClusterIPAllocator } from './allocateClusterIP'
import { defaultPod, defaultService, normalizeClusterIPsForCreate } from './defaultService'
import {
  clusterIPAllocationError,
  formatDecodeFailure,
  formatKubectlInvalid,
  formatServerInvalid,
  renderFieldError,
} from './fieldErrors'
import type { FieldError } from './fieldErrors'
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
  reason: 'BadRequest' | 'Invalid'
  errors: FieldError[]
  /** What `kubectl apply` prints when this is the only object that failed. */
  kubectlMessage: string
  /** The API server's Status message, which kubectl prints when several objects failed. */
  serverMessage: string
}

export type Admission<T> =
  | { admitted: true; object: T }
  | { admitted: false; rejected: RejectedObject; diagnostics: Diagnostic[] }

export function admitService(
  manifest: Manifest,
  allocator: ClusterIPAllocator,
): Admission<ServiceState> {
  const created = asCreated(manifest)
  const badRequest = formatDecodeFailure('Service', decodeService(created))
  if (badRequest !== null) return rejectBadRequest(manifest, badRequest)
  const defaulted = defaultService(created)
  // beginCreate checks the clusterIPs fields before it allocates (discovery.md §4.1, step 2).
  const early = validateServiceClusterIPsRelatedFields(normalizeClusterIPsForCreate(defaulted))
  if (early.length > 0) return reject(manifest, early)
  const spec = objectAt(defaulted, 'spec')
  const allocationErrors: FieldError[] = []
  let clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : ''
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP'
  if (type !== 'ExternalName' && clusterIP !== 'None') {
    const result = clusterIP === '' ? allocator.allocateNext() : allocator.allocate(clusterIP)
    if (result.ok) clusterIP = result.ip
    else allocationErrors.push(clusterIPAllocationError([clusterIP], clusterIP, result.reason))
  }
  // Allocation failures return at once: validation does not run (discovery.md §4.1).
  const errors = allocationErrors.length > 0 ? allocationErrors : validateService(defaulted)
  if (errors.length > 0) return reject(manifest, errors)

  return {
    admitted: true,
    object: {
      ref: manifest.ref,
      name: manifest.name,
      namespace: manifest.namespace,
      type: type as ServiceState['type'],
      clusterIP,
      selector: stringMap(spec.selector),
      ports: arrayAt(spec, 'ports').map(readServicePort),
      sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
      affinityTimeoutSeconds: numberAt(
        objectAt(objectAt(spec, 'sessionAffinityConfig'), 'clientIP'),
        'timeoutSeconds',
        10800,
      ),
      source: manifest.source,
    },
  }
}

export function admitPod(manifest: Manifest, placer: PodPlacer): Admission<PodState> {
  const created = asCreated(manifest)
  const badRequest = formatDecodeFailure('Pod', decodePod(created))
  if (badRequest !== null) return rejectBadRequest(manifest, badRequest)
  const defaulted = defaultPod(created)
  const errors = validatePod(defaulted)
  if (errors.length > 0) return reject(manifest, errors)

  const metadata = objectAt(defaulted, 'metadata')
  const spec = objectAt(defaulted, 'spec')
  const status = objectAt(defaulted, 'status')
  const placement = placer.place({
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : null,
    podIP: typeof status.podIP === 'string' && status.podIP !== '' ? status.podIP : null,
  })
  const ports: ContainerPort[] = arrayAt(spec, 'containers').flatMap((container, c) =>
    arrayAt(container, 'ports').map((port, p) => ({
      name: typeof port.name === 'string' ? port.name : '',
      containerPort: numberAt(port, 'containerPort', 0),
      protocol: readProtocol(port.protocol),
      path: `spec.containers[${c}].ports[${p}]`,
    })),
  )
  return {
    admitted: true,
    object: {
      ref: manifest.ref,
      name: manifest.name,
      namespace: manifest.namespace,
      labels: stringMap(metadata.labels) ?? {},
      nodeName: placement.nodeName,
      podIP: placement.podIP,
      ready: isReady(status),
      ports,
      source: manifest.source,
    },
  }
}

/** A Pod is Ready unless its status says otherwise (a pasted `kubectl get -o yaml`). */
function isReady(status: Record<string, unknown>): boolean {
  const ready = arrayAt(status, 'conditions').find((c) => c.type === 'Ready')
  return ready === undefined || ready.status === 'True'
}

/** 422 Invalid: one diagnostic per field error, on that field's line. */
function reject<T>(manifest: Manifest, errors: FieldError[]): Admission<T> {
  return rejection(manifest, {
    reason: 'Invalid',
    errors,
    kubectlMessage: formatKubectlInvalid(manifest.kind, manifest.name, errors),
    // Pod and Service are in the core group, so their GroupKind prints as the bare kind.
    serverMessage: formatServerInvalid(manifest.kind, manifest.name, errors),
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
