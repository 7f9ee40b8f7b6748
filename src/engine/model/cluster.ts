/**
 * The cluster after the control plane ran: what kube-apiserver stored and the controllers made.
 * Field names are the Kubernetes API's (core/v1, discovery.k8s.io/v1), so the YAML and the code
 * read the same.
 */
import type { ManifestSource } from '../parse/readManifests'

export type Protocol = 'TCP' | 'UDP' | 'SCTP'

export interface ClusterSettings {
  /** kube-apiserver --service-cluster-ip-range (kubeadm networking.serviceSubnet). */
  serviceSubnet: string
  /** kube-controller-manager --cluster-cidr (kubeadm networking.podSubnet). */
  podSubnet: string
  /** kube-controller-manager --node-cidr-mask-size-ipv4. */
  nodeCidrMaskSize: number
  dnsDomain: string
  seed: number
}

/** kubeadm's defaults (reference/discovery.md §4, DESIGN.md §3). */
export const DEFAULT_SETTINGS: ClusterSettings = {
  serviceSubnet: '10.96.0.0/12',
  podSubnet: '10.244.0.0/16',
  nodeCidrMaskSize: 24,
  dnsDomain: 'cluster.local',
  seed: 1,
}

export interface NodeState {
  name: string
  internalIP: string
  podCIDR: string
}

export interface ContainerPort {
  name: string
  containerPort: number
  protocol: Protocol
  /** Field path in the Pod, e.g. `spec.containers[0].ports[1]`, for highlighting. */
  path: string
}

export interface PodState {
  ref: string
  name: string
  namespace: string
  labels: Readonly<Record<string, string>>
  nodeName: string
  podIP: string
  ready: boolean
  /** Ports of all containers, in declaration order. A Pod listens on these and nothing else. */
  ports: ContainerPort[]
  source: ManifestSource
}

export interface ServicePort {
  name: string
  protocol: Protocol
  port: number
  /** A number, or the name of a container port. */
  targetPort: number | string
  nodePort: number
}

export interface ServiceState {
  ref: string
  name: string
  namespace: string
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
  /** An IPv4 address, or 'None' for a headless Service. */
  clusterIP: string
  selector: Readonly<Record<string, string>> | null
  ports: ServicePort[]
  sessionAffinity: 'None' | 'ClientIP'
  /** sessionAffinityConfig.clientIP.timeoutSeconds when ClientIP. */
  affinityTimeoutSeconds: number
  source: ManifestSource
}

export interface EndpointConditions {
  ready: boolean
  serving: boolean
  terminating: boolean
}

export interface Endpoint {
  addresses: string[]
  conditions: EndpointConditions
  nodeName: string
  /** `Pod/namespace/name` of the backing Pod. */
  targetRef: string
}

export interface EndpointPort {
  name: string
  protocol: Protocol
  port: number
}

export interface EndpointSlice {
  name: string
  namespace: string
  /** The `kubernetes.io/service-name` label. */
  serviceName: string
  addressType: 'IPv4'
  endpoints: Endpoint[]
  ports: EndpointPort[]
}

export interface ClusterState {
  settings: ClusterSettings
  nodes: NodeState[]
  pods: PodState[]
  services: ServiceState[]
  endpointSlices: EndpointSlice[]
}
