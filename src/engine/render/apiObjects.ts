// The simulated objects as kube-apiserver returns them (core/v1, discovery.k8s.io/v1), and the
// `kind: List` that `kubectl get -o yaml|json` prints them in (encoded by ../encoding).
//
// Mirrors kubernetes/kubernetes:
// - pkg/apis/core/v1/defaults.go (SetDefaults_Service: sessionAffinity, type, targetPort,
//   externalTrafficPolicy, internalTrafficPolicy, allocateLoadBalancerNodePorts, ingress ipMode VIP)
// - pkg/registry/core/service/storage/alloc.go (initIPFamilyFields: clusterIPs, ipFamilies [IPv4],
//   ipFamilyPolicy SingleStack, RequireDualStack for a headless Service without a selector)
// - pkg/controller/endpointslice (newEndpointSlice: generateName `<service>-`, a controller
//   ownerReference to the Service, port names always set) and pkg/controller/endpointslicemirroring
//   (the owner is the Endpoints)
// - pkg/controller/endpoint (podToEndpointAddressForService: targetRef kind, namespace, name, uid)
// - pkg/controller/replicaset, daemon, statefulset (generateName and controller ownerReferences)
// - staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (printGeneric: a `kind: List`, apiVersion v1,
//   `metadata.resourceVersion: ""`, items as unstructured objects)
//
// What the cluster state cannot know, and is therefore left out rather than invented:
// - Pod spec: container names, images, resources, commands, volumes, and the constant defaults
//   (dnsPolicy, restartPolicy, schedulerName, tolerations, serviceAccountName, ...); each container
//   appears only with its ports. Pod status: containerStatuses, qosClass.
// - Node: capacity, allocatable, images, and the nodeInfo strings other than kubeletVersion (kept
//   as "", which `get nodes -o wide` prints as <unknown>).
// - metadata: managedFields (kubectl hides them by default anyway), generation on Pods and
//   Services, the kubectl.kubernetes.io/last-applied-configuration annotation that `kubectl apply`
//   writes, finalizers.
//
// Identity. uid: the SHA-256 of `Kind/namespace/name`, its first 16 bytes shaped as a UUIDv4
// (version nibble 4, variant 10xx), so the same manifests always give the same uids and owner
// references agree with their owners. resourceVersion: 1, 2, 3, ... in creation order (Nodes, then
// Services and Pods in apply order, then user-written Endpoints and EndpointSlices, then the ones
// the controllers wrote); real servers hand out larger, gappy numbers, and later status writes
// would bump Pods past Services. creationTimestamp: CREATION_TIMESTAMP for every object.

import { sha256 } from '@noble/hashes/sha2.js'
import type { Json } from '../encoding/goJson'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type {
  ClusterState,
  EndpointAddress,
  EndpointPort,
  EndpointSlice,
  EndpointsState,
  NodeState,
  PodState,
  ServiceState,
} from '../model/cluster'

/** The simulation's clock starts here: every object is created at this instant. */
export const CREATION_TIMESTAMP = '2026-01-01T00:00:00Z'

/** status.nodeInfo.kubeletVersion of every simulated Node. */
export const KUBELET_VERSION = 'v1.34.1'

type JsonObject = { [key: string]: Json }

/** A deterministic UUIDv4-shaped uid for the object `kind/namespace/name`. */
export function objectUid(kind: string, namespace: string, name: string): string {
  const hex = bytesToHex(sha256(utf8ToBytes(`${kind}/${namespace}/${name}`))).slice(0, 32)
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    '4' + hex.slice(13, 16),
    variant + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join('-')
}

/** resourceVersion of every object, keyed by `Kind/namespace/name`; see the header for the order. */
export function resourceVersions(cluster: ClusterState): ReadonlyMap<string, string> {
  const keys: string[] = []
  for (const node of cluster.nodes) keys.push(objectKey('Node', '', node.name))
  const applied = [
    ...cluster.services.map((s) => ({
      index: s.createdIndex,
      key: objectKey('Service', s.namespace, s.name),
    })),
    ...cluster.pods.map((p) => ({
      index: p.createdIndex,
      key: objectKey('Pod', p.namespace, p.name),
    })),
  ]
  applied.sort((a, b) => a.index - b.index)
  for (const { key } of applied) keys.push(key)
  const endpoints = (written: boolean) =>
    cluster.endpoints
      .filter((e) => (e.source !== null) === written)
      .map((e) => objectKey('Endpoints', e.namespace, e.name))
  const slices = (written: boolean) =>
    cluster.endpointSlices
      .filter((s) => (s.source !== null) === written)
      .map((s) => objectKey('EndpointSlice', s.namespace, s.name))
  keys.push(...endpoints(true), ...slices(true), ...endpoints(false), ...slices(false))
  return new Map(keys.map((key, i) => [key, String(i + 1)]))
}

export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`
}

/**
 * Containers in the Pod. The state keeps only ports, each with its path
 * (`spec.containers[i].ports[j]`), so a Pod whose containers declare no ports counts as one.
 */
export function containerCount(pod: PodState): number {
  let count = 1
  for (const port of pod.ports) {
    const match = /^spec\.containers\[(\d+)\]/.exec(port.path)
    if (match?.[1] !== undefined) count = Math.max(count, Number(match[1]) + 1)
  }
  return count
}

interface Meta {
  kind: string
  name: string
  namespace: string
  labels: Readonly<Record<string, string>>
  annotations?: Readonly<Record<string, string>>
  generateName?: string
  ownerReferences?: Json[]
}

function metadata(meta: Meta, versions: ReadonlyMap<string, string>): JsonObject {
  const key = objectKey(meta.kind, meta.namespace, meta.name)
  const out: JsonObject = {
    creationTimestamp: CREATION_TIMESTAMP,
    name: meta.name,
    resourceVersion: versions.get(key) ?? '',
    uid: objectUid(meta.kind, meta.namespace, meta.name),
  }
  // ObjectMeta's omitempty fields: absent when empty, as the apiserver's JSON has them.
  if (meta.namespace !== '') out.namespace = meta.namespace
  if (Object.keys(meta.labels).length > 0) out.labels = { ...meta.labels }
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    out.annotations = { ...meta.annotations }
  if (meta.generateName !== undefined) out.generateName = meta.generateName
  if (meta.ownerReferences && meta.ownerReferences.length > 0)
    out.ownerReferences = meta.ownerReferences
  return out
}

/** metav1.NewControllerRef: the reference a controller puts on what it creates. */
function controllerRef(apiVersion: string, kind: string, namespace: string, name: string): Json {
  return {
    apiVersion,
    blockOwnerDeletion: true,
    controller: true,
    kind,
    name,
    uid: objectUid(kind, namespace, name),
  }
}

/** `Kind/namespace/name` → its parts; '' parts when the ref is malformed. */
function splitRef(ref: string): { kind: string; namespace: string; name: string } {
  const [kind = '', namespace = '', ...rest] = ref.split('/')
  return { kind, namespace, name: rest.join('/') }
}

function targetRef(ref: string, withUid: boolean): Json {
  const { kind, namespace, name } = splitRef(ref)
  const out: JsonObject = { kind, name, namespace }
  if (withUid) out.uid = objectUid(kind, namespace, name)
  return out
}

export function serviceObject(
  svc: ServiceState,
  versions: ReadonlyMap<string, string>,
): JsonObject {
  const spec: JsonObject = { sessionAffinity: svc.sessionAffinity, type: svc.type }
  if (svc.type !== 'ExternalName') {
    spec.clusterIP = svc.clusterIP
    spec.clusterIPs = [svc.clusterIP]
    spec.ipFamilies = ['IPv4']
    const selectorless = svc.selector === null || Object.keys(svc.selector).length === 0
    // initIPFamilyFields: a headless Service without a selector may front any family.
    spec.ipFamilyPolicy =
      svc.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack'
    spec.internalTrafficPolicy = svc.internalTrafficPolicy || 'Cluster'
  } else {
    spec.externalName = svc.externalName
    if (svc.internalTrafficPolicy) spec.internalTrafficPolicy = svc.internalTrafficPolicy
  }
  // SetDefaults_Service: externally accessible Services get Cluster (defaultService.ts agrees).
  const externallyAccessible =
    svc.type === 'NodePort' ||
    svc.type === 'LoadBalancer' ||
    (svc.type === 'ClusterIP' && svc.externalIPs.length > 0)
  const etp = svc.externalTrafficPolicy || (externallyAccessible ? 'Cluster' : '')
  if (etp) spec.externalTrafficPolicy = etp
  if (svc.type === 'LoadBalancer') {
    // The state keeps no flag; a LoadBalancer whose ports all got node ports allocated them.
    spec.allocateLoadBalancerNodePorts = svc.ports.every((p) => p.nodePort > 0)
  }
  if (svc.healthCheckNodePort > 0) spec.healthCheckNodePort = svc.healthCheckNodePort
  if (svc.externalIPs.length > 0) spec.externalIPs = [...svc.externalIPs]
  if (svc.loadBalancerSourceRanges.length > 0)
    spec.loadBalancerSourceRanges = [...svc.loadBalancerSourceRanges]
  if (svc.publishNotReadyAddresses) spec.publishNotReadyAddresses = true
  if (svc.selector && Object.keys(svc.selector).length > 0) spec.selector = { ...svc.selector }
  if (svc.sessionAffinity === 'ClientIP')
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: svc.affinityTimeoutSeconds } }
  if (svc.ports.length > 0) {
    spec.ports = svc.ports.map((p) => {
      const port: JsonObject = { port: p.port, protocol: p.protocol, targetPort: p.targetPort }
      if (p.name) port.name = p.name
      if (p.nodePort > 0) port.nodePort = p.nodePort
      if (p.appProtocol) port.appProtocol = p.appProtocol
      return port
    })
  }
  const loadBalancer: JsonObject =
    svc.loadBalancerIngress.length > 0
      ? { ingress: svc.loadBalancerIngress.map((ip) => ({ ip, ipMode: 'VIP' })) }
      : {}
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(
      { kind: 'Service', name: svc.name, namespace: svc.namespace, labels: svc.labels },
      versions,
    ),
    spec,
    status: { loadBalancer },
  }
}

/** The owner that actually created the Pod: a Deployment's Pods belong to its ReplicaSet. */
function podOwner(pod: PodState): { kind: string; name: string } | null {
  if (pod.owner === null) return null
  const { kind, name } = splitRef(pod.owner)
  const hash = pod.labels['pod-template-hash']
  if (kind === 'Deployment') return hash ? { kind: 'ReplicaSet', name: `${name}-${hash}` } : null
  return { kind, name }
}

function condition(type: string, ready: boolean, reason?: string): JsonObject {
  const out: JsonObject = {
    lastProbeTime: null,
    lastTransitionTime: CREATION_TIMESTAMP,
    status: ready ? 'True' : 'False',
    type,
  }
  if (reason !== undefined) out.reason = reason
  return out
}

export function podObject(pod: PodState, versions: ReadonlyMap<string, string>): JsonObject {
  const owner = podOwner(pod)
  const meta: Meta = { kind: 'Pod', name: pod.name, namespace: pod.namespace, labels: pod.labels }
  if (owner) {
    meta.ownerReferences = [controllerRef('apps/v1', owner.kind, pod.namespace, owner.name)]
    // StatefulSet Pods are named by ordinal; ReplicaSets and DaemonSets use generateName.
    if (owner.kind !== 'StatefulSet') meta.generateName = `${owner.name}-`
  }
  const containers: JsonObject[] = Array.from({ length: containerCount(pod) }, () => ({}))
  for (const port of pod.ports) {
    const index = Number(/^spec\.containers\[(\d+)\]/.exec(port.path)?.[1] ?? 0)
    const container = containers[index]
    if (!container) continue
    const entry: JsonObject = { containerPort: port.containerPort, protocol: port.protocol }
    if (port.name) entry.name = port.name
    const list = container.ports
    if (Array.isArray(list)) list.push(entry)
    else container.ports = [entry]
  }
  const spec: JsonObject = { containers }
  if (pod.nodeName) spec.nodeName = pod.nodeName
  if (pod.hostname) spec.hostname = pod.hostname
  if (pod.subdomain) spec.subdomain = pod.subdomain

  const status: JsonObject = { phase: pod.phase }
  const conditions: JsonObject[] = []
  if (pod.nodeName) {
    const reason = pod.ready ? undefined : 'ContainersNotReady'
    conditions.push(condition('Ready', pod.ready, reason))
    conditions.push(condition('ContainersReady', pod.ready, reason))
    conditions.push(condition('PodScheduled', true))
    status.startTime = CREATION_TIMESTAMP
  } else {
    conditions.push(condition('PodScheduled', false, 'Unschedulable'))
  }
  status.conditions = conditions
  if (pod.hostIP) {
    status.hostIP = pod.hostIP
    status.hostIPs = [{ ip: pod.hostIP }]
  }
  if (pod.podIP) {
    status.podIP = pod.podIP
    status.podIPs = [{ ip: pod.podIP }]
  }
  const podMeta = metadata(meta, versions)
  // The state knows only that the Pod is shutting down, not since when: the clock's start, with
  // the default 30-second grace period.
  if (pod.terminating) {
    podMeta.deletionTimestamp = CREATION_TIMESTAMP
    podMeta.deletionGracePeriodSeconds = 30
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: podMeta, spec, status }
}

export function nodeObject(node: NodeState, versions: ReadonlyMap<string, string>): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: metadata(
      { kind: 'Node', name: node.name, namespace: '', labels: node.labels },
      versions,
    ),
    spec: node.podCIDR ? { podCIDR: node.podCIDR, podCIDRs: [node.podCIDR] } : {},
    status: {
      addresses: [
        { address: node.internalIP, type: 'InternalIP' },
        { address: node.name, type: 'Hostname' },
      ],
      conditions: [
        {
          lastHeartbeatTime: CREATION_TIMESTAMP,
          lastTransitionTime: CREATION_TIMESTAMP,
          message: 'kubelet is posting ready status',
          reason: 'KubeletReady',
          status: 'True',
          type: 'Ready',
        },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      // NodeSystemInfo's fields are not omitempty: unknown ones are empty strings.
      nodeInfo: {
        architecture: '',
        bootID: '',
        containerRuntimeVersion: '',
        kernelVersion: '',
        kubeProxyVersion: '',
        kubeletVersion: KUBELET_VERSION,
        machineID: '',
        operatingSystem: '',
        osImage: '',
        systemUUID: '',
      },
    },
  }
}

function endpointPort(port: EndpointPort, alwaysName: boolean): JsonObject {
  const out: JsonObject = { port: port.port, protocol: port.protocol }
  if (port.name || alwaysName) out.name = port.name
  if (port.appProtocol) out.appProtocol = port.appProtocol
  return out
}

function endpointAddress(address: EndpointAddress, controllerMade: boolean): JsonObject {
  const out: JsonObject = { ip: address.ip }
  if (address.hostname) out.hostname = address.hostname
  if (address.nodeName) out.nodeName = address.nodeName
  if (address.targetRef) out.targetRef = targetRef(address.targetRef, controllerMade)
  return out
}

export function endpointsObject(
  ep: EndpointsState,
  versions: ReadonlyMap<string, string>,
): JsonObject {
  const controllerMade = ep.source === null
  const out: JsonObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: metadata(
      {
        kind: 'Endpoints',
        name: ep.name,
        namespace: ep.namespace,
        labels: ep.labels,
        annotations: ep.annotations,
      },
      versions,
    ),
  }
  // `subsets` is omitempty: an Endpoints without addresses has none.
  if (ep.subsets.length > 0) {
    out.subsets = ep.subsets.map((subset) => {
      const s: JsonObject = {}
      if (subset.addresses.length > 0)
        s.addresses = subset.addresses.map((a) => endpointAddress(a, controllerMade))
      if (subset.notReadyAddresses.length > 0)
        s.notReadyAddresses = subset.notReadyAddresses.map((a) =>
          endpointAddress(a, controllerMade),
        )
      if (subset.ports.length > 0) s.ports = subset.ports.map((p) => endpointPort(p, false))
      return s
    })
  }
  return out
}

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by'

export function endpointSliceObject(
  slice: EndpointSlice,
  versions: ReadonlyMap<string, string>,
): JsonObject {
  const managedBy = slice.labels[MANAGED_BY]
  const meta: Meta = {
    kind: 'EndpointSlice',
    name: slice.name,
    namespace: slice.namespace,
    labels: slice.labels,
  }
  const controllerMade = slice.source === null
  if (controllerMade && managedBy === 'endpointslice-controller.k8s.io') {
    meta.generateName = `${slice.serviceName}-`
    meta.ownerReferences = [controllerRef('v1', 'Service', slice.namespace, slice.serviceName)]
  } else if (controllerMade && managedBy === 'endpointslicemirroring-controller.k8s.io') {
    meta.generateName = `${slice.serviceName}-`
    meta.ownerReferences = [controllerRef('v1', 'Endpoints', slice.namespace, slice.serviceName)]
  }
  // pkg/registry/discovery/endpointslice strategy.go PrepareForCreate starts generation at 1.
  const sliceMeta = metadata(meta, versions)
  sliceMeta.generation = 1
  // `endpoints` and `ports` are not omitempty: an empty slice reads back as null from storage.
  return {
    addressType: slice.addressType,
    apiVersion: 'discovery.k8s.io/v1',
    endpoints:
      slice.endpoints.length > 0
        ? slice.endpoints.map((e) => {
            const out: JsonObject = {
              addresses: [...e.addresses],
              conditions: {
                ready: e.conditions.ready,
                serving: e.conditions.serving,
                terminating: e.conditions.terminating,
              },
            }
            if (e.hostname) out.hostname = e.hostname
            if (e.nodeName) out.nodeName = e.nodeName
            if (e.targetRef) out.targetRef = targetRef(e.targetRef, controllerMade)
            if (e.zone) out.zone = e.zone
            return out
          })
        : null,
    kind: 'EndpointSlice',
    metadata: sliceMeta,
    // The controllers always set the port name, "" included.
    ports: slice.ports.length > 0 ? slice.ports.map((p) => endpointPort(p, controllerMade)) : null,
  }
}

/** get.go printGeneric: the items wrapped in a v1 List with an empty resourceVersion. */
export function listObject(items: Json[]): JsonObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }
}
