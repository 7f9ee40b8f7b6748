/**
 * The cluster after the control plane ran: what kube-apiserver stored and the controllers made.
 * Field names are the Kubernetes API's (core/v1, discovery.k8s.io/v1), so the YAML and the code
 * read the same.
 */
import type { ManifestSource } from '../parse/readManifests'

export type Protocol = 'TCP' | 'UDP' | 'SCTP'

/** kube-proxy's --proxy-mode; userspace was removed in v1.26 and is shown for how it worked. */
export type ProxyMode = 'iptables' | 'ipvs' | 'userspace'

/** KubeProxyConfiguration.detectLocalMode: how kube-proxy tells Pod traffic from other traffic. */
export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix'

export interface ClusterSettings {
  /** kube-apiserver --service-cluster-ip-range (kubeadm networking.serviceSubnet). */
  serviceSubnet: string
  /** kube-controller-manager --cluster-cidr (kubeadm networking.podSubnet). */
  podSubnet: string
  /** kube-controller-manager --node-cidr-mask-size-ipv4. */
  nodeCidrMaskSize: number
  /** kubeadm networking.dnsDomain, kubelet clusterDomain. */
  dnsDomain: string
  /** kube-apiserver --service-node-port-range, `base-max` inclusive. */
  nodePortRange: string
  seed: number
}

/** What KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) sets. */
export interface ProxySettings {
  proxyMode: ProxyMode
  /** clusterCIDR: the local-traffic detector; kubeadm copies networking.podSubnet here. */
  clusterCIDR: string
  masqueradeAll: boolean
  /** nodePortAddresses: CIDRs whose node addresses accept NodePorts; empty means all. */
  nodePortAddresses: string[]
  /** iptables.masqueradeBit: the fwmark bit KUBE-MARK-MASQ sets (mark = 1 << bit). */
  masqueradeBit: number
  /** iptables.localhostNodePorts: NodePorts also answer on 127.0.0.0/8. */
  localhostNodePorts: boolean
  detectLocalMode: DetectLocalMode
  /** detectLocal.bridgeInterface, used when detectLocalMode is BridgeInterface. */
  bridgeInterface: string
  /** detectLocal.interfaceNamePrefix, used when detectLocalMode is InterfaceNamePrefix. */
  interfaceNamePrefix: string
  /** ipvs.scheduler (IPVS mode): '' means rr. */
  ipvsScheduler: string
  /** ipvs.strictARP. */
  ipvsStrictARP: boolean
}

/** kubeadm's defaults (reference/discovery.md §4, DESIGN.md §3). */
export const DEFAULT_SETTINGS: ClusterSettings = {
  serviceSubnet: '10.96.0.0/12',
  podSubnet: '10.244.0.0/16',
  nodeCidrMaskSize: 24,
  dnsDomain: 'cluster.local',
  nodePortRange: '30000-32767',
  seed: 1,
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  proxyMode: 'iptables',
  clusterCIDR: '10.244.0.0/16',
  masqueradeAll: false,
  nodePortAddresses: [],
  masqueradeBit: 14,
  localhostNodePorts: true,
  detectLocalMode: 'ClusterCIDR',
  bridgeInterface: '',
  interfaceNamePrefix: '',
  ipvsScheduler: '',
  ipvsStrictARP: false,
}

export interface NodeState {
  /** `Node//name`: Nodes have no namespace. */
  ref: string
  name: string
  internalIP: string
  podCIDR: string
  labels: Readonly<Record<string, string>>
  /** null for the default node of a cluster whose YAML names none. */
  source: ManifestSource | null
}

export interface ContainerPort {
  name: string
  containerPort: number
  protocol: Protocol
  /** Field path in the Pod, e.g. `spec.containers[0].ports[1]`, for highlighting. */
  path: string
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'

export interface PodState {
  ref: string
  name: string
  namespace: string
  labels: Readonly<Record<string, string>>
  nodeName: string
  /** Empty while a Pod has no address (no node to run on). */
  podIP: string
  hostIP: string
  phase: PodPhase
  ready: boolean
  /** metadata.deletionTimestamp is set: the Pod is shutting down. */
  terminating: boolean
  /** spec.hostname and spec.subdomain (StatefulSet Pods get both). */
  hostname: string
  subdomain: string
  /** Ports of all containers, in declaration order. A Pod listens on these and nothing else. */
  ports: ContainerPort[]
  /** The workload that created it (`Deployment/ns/name`), or null for a Pod from the YAML. */
  owner: string | null
  /** Position in creation order; env-var discovery depends on it. */
  createdIndex: number
  source: ManifestSource
}

export interface ServicePort {
  name: string
  protocol: Protocol
  port: number
  /** A number, or the name of a container port. */
  targetPort: number | string
  nodePort: number
  appProtocol: string
}

export interface ServiceState {
  ref: string
  name: string
  namespace: string
  labels: Readonly<Record<string, string>>
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
  /** An IPv4 address, 'None' for a headless Service, '' for ExternalName. */
  clusterIP: string
  /** null: no selector (the user manages the endpoints). */
  selector: Readonly<Record<string, string>> | null
  ports: ServicePort[]
  sessionAffinity: 'None' | 'ClientIP'
  /** sessionAffinityConfig.clientIP.timeoutSeconds when ClientIP. */
  affinityTimeoutSeconds: number
  publishNotReadyAddresses: boolean
  externalIPs: string[]
  /** status.loadBalancer.ingress[].ip. */
  loadBalancerIngress: string[]
  loadBalancerSourceRanges: string[]
  externalTrafficPolicy: '' | 'Cluster' | 'Local'
  internalTrafficPolicy: '' | 'Cluster' | 'Local'
  healthCheckNodePort: number
  externalName: string
  createdIndex: number
  /** Made by the cluster itself (`default/kubernetes`), not by the YAML. */
  system: boolean
  source: ManifestSource
}

export interface EndpointPort {
  name: string
  protocol: Protocol
  port: number
  appProtocol?: string
}

/** core/v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string
  hostname: string
  nodeName: string
  /** `Pod/namespace/name`, or '' when the address is not a Pod. */
  targetRef: string
}

export interface EndpointSubset {
  addresses: EndpointAddress[]
  notReadyAddresses: EndpointAddress[]
  ports: EndpointPort[]
}

/** core/v1 Endpoints: written by the endpoints controller, or by the user for a Service without a selector. */
export interface EndpointsState {
  name: string
  namespace: string
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  subsets: EndpointSubset[]
  /** null when the endpoints controller made it. */
  source: ManifestSource | null
}

export interface EndpointConditions {
  ready: boolean
  serving: boolean
  terminating: boolean
}

export interface Endpoint {
  addresses: string[]
  conditions: EndpointConditions
  hostname: string
  nodeName: string
  zone: string
  /** `Pod/namespace/name` of the backing Pod, or '' when it is not a Pod. */
  targetRef: string
}

export interface EndpointSlice {
  name: string
  namespace: string
  /** The `kubernetes.io/service-name` label. */
  serviceName: string
  labels: Readonly<Record<string, string>>
  addressType: 'IPv4' | 'IPv6' | 'FQDN'
  endpoints: Endpoint[]
  ports: EndpointPort[]
  /** null when a controller made it (endpointslice or endpointslicemirroring). */
  source: ManifestSource | null
}

export interface ClusterState {
  settings: ClusterSettings & ProxySettings
  nodes: NodeState[]
  namespaces: string[]
  pods: PodState[]
  services: ServiceState[]
  endpoints: EndpointsState[]
  endpointSlices: EndpointSlice[]
}
