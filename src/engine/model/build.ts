/**
 * Builders for the cluster's objects with every field at its API default, so a caller writes
 * only what differs. The cluster's own objects (`default/kubernetes`, its Endpoints and
 * EndpointSlice) and the tests' fixtures share them: one place knows what a defaulted Service,
 * Pod, Node, Endpoints or EndpointSlice looks like.
 *
 * The defaults are what the apiserver stores for an object that sets nothing else
 * (SetDefaults_Service: ClusterIP, sessionAffinity None with the 10800 s timeout,
 * internalTrafficPolicy Cluster), in the `default` namespace, with `ref` derived from kind,
 * namespace and name. Addresses are empty: nothing is allocated or placed.
 */
import type { ManifestSource } from '../parse/readManifests'
import type {
  ContainerPort,
  EndpointSlice,
  EndpointsState,
  NodeState,
  PodState,
  ServicePort,
  ServiceState,
} from './cluster'

/** The source of an object no document wrote: document -1, the range at 1:1, no fields. */
export function emptySource(): ManifestSource {
  return {
    document: -1,
    range: { startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    fields: new Map(),
  }
}

/** A ServicePort: TCP, targetPort defaults to port, no nodePort, no appProtocol. */
export function servicePort(
  overrides: Partial<ServicePort> & Pick<ServicePort, 'port'>,
): ServicePort {
  return {
    name: '',
    protocol: 'TCP',
    targetPort: overrides.port,
    nodePort: 0,
    appProtocol: '',
    ...overrides,
  }
}

/** A container port: TCP, at the first port of the first container unless `path` says else. */
export function containerPort(
  overrides: Partial<ContainerPort> & Pick<ContainerPort, 'containerPort'>,
): ContainerPort {
  return { name: '', protocol: 'TCP', path: 'spec.containers[0].ports[0]', ...overrides }
}

export function serviceState(
  overrides: Partial<ServiceState> & Pick<ServiceState, 'name'>,
): ServiceState {
  const { name, namespace = 'default', ...rest } = overrides
  return {
    ref: `Service/${namespace}/${name}`,
    name,
    namespace,
    labels: {},
    type: 'ClusterIP',
    clusterIP: '',
    selector: null,
    ports: [],
    sessionAffinity: 'None',
    affinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: false,
    externalIPs: [],
    loadBalancerIngress: [],
    loadBalancerSourceRanges: [],
    externalTrafficPolicy: '',
    internalTrafficPolicy: 'Cluster',
    healthCheckNodePort: 0,
    externalName: '',
    createdIndex: 0,
    system: false,
    source: emptySource(),
    ...rest,
  }
}

/** A Pod from the YAML (no owner) not yet placed: Pending, not Ready, no node, no address. */
export function podState(overrides: Partial<PodState> & Pick<PodState, 'name'>): PodState {
  const { name, namespace = 'default', ...rest } = overrides
  return {
    ref: `Pod/${namespace}/${name}`,
    name,
    namespace,
    labels: {},
    nodeName: '',
    podIP: '',
    hostIP: '',
    phase: 'Pending',
    ready: false,
    terminating: false,
    hostname: '',
    subdomain: '',
    ports: [],
    owner: null,
    createdIndex: 0,
    source: emptySource(),
    ...rest,
  }
}

/** A Node (no namespace: `Node//name`) without address, podCIDR, labels or source in the YAML. */
export function nodeState(overrides: Partial<NodeState> & Pick<NodeState, 'name'>): NodeState {
  const { name, ...rest } = overrides
  return {
    ref: `Node//${name}`,
    name,
    internalIP: '',
    podCIDR: '',
    labels: {},
    source: null,
    ...rest,
  }
}

/** Endpoints as a controller writes them: no labels, annotations, subsets or source in the YAML. */
export function endpointsState(
  overrides: Partial<EndpointsState> & Pick<EndpointsState, 'name'>,
): EndpointsState {
  const { name, ...rest } = overrides
  return {
    name,
    namespace: 'default',
    labels: {},
    annotations: {},
    subsets: [],
    source: null,
    ...rest,
  }
}

/** An IPv4 EndpointSlice labelled with its Service's name, empty, made by a controller. */
export function endpointSlice(
  overrides: Partial<EndpointSlice> & Pick<EndpointSlice, 'name' | 'serviceName'>,
): EndpointSlice {
  const { name, serviceName, ...rest } = overrides
  return {
    name,
    namespace: 'default',
    serviceName,
    labels: { 'kubernetes.io/service-name': serviceName },
    addressType: 'IPv4',
    endpoints: [],
    ports: [],
    source: null,
    ...rest,
  }
}
