/**
 * Stage 3 (IPVS mode): what kube-proxy's IPVS proxier programs on one node — virtual servers and
 * their real servers, the kube-ipvs0 dummy addresses, the ipsets and the iptables rules that
 * match them (kubernetes/kubernetes pkg/proxy/ipvs/proxier.go `syncProxyRules`, `syncService`,
 * `syncEndpoint`, v1.31–v1.33 form; endpoint categorisation from pkg/proxy/topology.go
 * `CategorizeEndpoints`; pkg/proxy/serviceport.go `UsesClusterEndpoints`/`UsesLocalEndpoints`;
 * graceful termination from pkg/proxy/ipvs/graceful_termination.go).
 *
 * Upstream iterates Services in Go map order and adds real servers in Go set order, both random.
 * Here Services keep the cluster's order and real servers are added sorted by their `IP:port`
 * string (DESIGN.md §4), so the kernel's list, head first, is the reverse of `realServers`.
 * The node's only local address is its InternalIP: interfaces such as cni0 or docker0, whose
 * addresses kube-proxy would also use for NodePorts, are not modelled.
 * @see reference/ipvs.md §3, §4
 */
import { compareBytewise } from '../../encoding/goJson'
import type { ClusterState, NodeState, Protocol, ServiceState } from '../../model/cluster'
import { cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../../net/ipv4'
import { clusterEndpoints, endpointsForServicePort } from '../iptables/programIptables'
import type { ServicePortEndpoint } from '../iptables/programIptables'
import type { Provenance } from '../iptables/rules'
import { IPSET_INFO, ipvsIptablesRules } from './ipvsIptables'
import type { Ipset, IpvsIptables, IpvsIptablesInput } from './ipvsIptables'

export interface IpvsRealServer {
  /** `IP:port`. */
  address: string
  /** 1, or 0 for a terminating TCP endpoint kube-proxy is draining. */
  weight: number
  /** kube-proxy always uses NAT, which ipvsadm prints as Masq. */
  forward: 'Masq'
  /** The backing Pod (`Pod/ns/name`), or '' when the endpoint is not a Pod. */
  targetRef: string
}

export interface IpvsVirtualServer {
  protocol: Protocol
  /** `IP:port`. */
  address: string
  /** Which Service address this virtual server stands for. */
  kind: 'clusterIP' | 'externalIP' | 'loadBalancer' | 'nodePort'
  scheduler: string
  /** Scheduler flags as ipvsadm names them: `mh-port` when the scheduler is mh. */
  schedulerFlags: string[]
  /** The persistence timeout (sessionAffinity ClientIP), or null. */
  persistentSeconds: number | null
  /** In kube-proxy's add order; the kernel's list (head first) is the reverse. */
  realServers: IpvsRealServer[]
  provenance: Provenance[]
  /** The Service's ref. */
  service: string
  portIndex: number
}

export interface IpvsNode {
  node: string
  /** Addresses bound to the kube-ipvs0 dummy interface, in bind order. */
  dummyAddresses: string[]
  virtualServers: IpvsVirtualServer[]
  /** Every set kube-proxy creates, in `ipsetInfo` order, empty ones included. */
  ipsets: Ipset[]
  iptables: IpvsIptables
  /** The sysctls kube-proxy sets (NewProxier), name → value. */
  sysctls: Record<string, number>
}

export interface IpvsConfig {
  /** --ipvs-scheduler; '' means rr. */
  scheduler: string
  masqueradeAll: boolean
  /** The ClusterCIDR local-traffic detector; '' means none. */
  clusterCIDR: string
  /** --ipvs-strict-arp: arp_ignore=1, arp_announce=2. */
  strictARP?: boolean
  /** nodePortAddresses: CIDRs or `primary`; empty (or 0.0.0.0/0) means every node address. */
  nodePortAddresses?: readonly string[]
  /** --iptables-masquerade-bit; default 14. */
  masqueradeBit?: number
  /** The host's iptables supports `MASQUERADE --random-fully`; default false. */
  randomFully?: boolean
  /**
   * A terminating TCP endpoint that is no longer wanted still holds connections and stays at
   * weight 0 (graceful termination), rather than being deleted; default true. kube-proxy
   * deletes it once ActiveConn + InActConn is 0, which this static view does not track.
   */
  gracefulTermination?: boolean
}

function ipv4(text: string): string | null {
  const value = parseIPv4(text.trim())
  return value === null ? null : formatIPv4(value)
}

function cidrHolds(cidrText: string, ip: string): boolean {
  const cidr = parseCidr(cidrText)
  const value = parseIPv4(ip)
  return cidr !== null && value !== null && cidrContains(cidr, value)
}

/**
 * pkg/proxy/util/nodeport_addresses.go for IPv4: no IPv4 CIDR, or 0.0.0.0/0, matches every
 * local address; otherwise the addresses inside the CIDRs, minus loopback. `primary` is the
 * node's InternalIP, as kube-proxy's server resolves it.
 */
function nodePortIPs(config: IpvsConfig, node: NodeState): string[] {
  if (node.internalIP === '') return []
  const cidrs: string[] = []
  for (const entry of config.nodePortAddresses ?? []) {
    if (entry === 'primary') {
      cidrs.push(`${node.internalIP}/32`)
      continue
    }
    const cidr = parseCidr(entry)
    if (cidr) cidrs.push(formatCidr(cidr))
  }
  if (cidrs.length === 0 || cidrs.includes('0.0.0.0/0')) return [node.internalIP]
  return cidrs.some((c) => cidrHolds(c, node.internalIP)) && !node.internalIP.startsWith('127.')
    ? [node.internalIP]
    : []
}

/** The ClusterCIDR detector's CIDR (the IPv4 one of a dual-stack list), or '' for none. */
function detectorCidr(text: string): string {
  for (const part of text.split(',')) {
    const cidr = parseCidr(part)
    if (cidr) return formatCidr(cidr)
  }
  return ''
}

/** CategorizeEndpoints, local half: local ready endpoints, else local serving-and-terminating. */
function localEndpoints(endpoints: readonly ServicePortEndpoint[]): ServicePortEndpoint[] {
  const ready = endpoints.filter((e) => e.isLocal && e.ready)
  return ready.length > 0
    ? ready
    : endpoints.filter((e) => e.isLocal && !e.ready && e.serving && e.terminating)
}

interface SyncState {
  cluster: ClusterState
  node: NodeState
  config: IpvsConfig
  scheduler: string
  nodeIPs: string[]
  virtualServers: IpvsVirtualServer[]
  dummy: string[]
  sets: Map<string, Set<string>>
  lbNoNodeAccess: IpvsIptablesInput['lbNoNodeAccess'][number][]
}

/** One port of one Service: the body of syncProxyRules' loop over the service port map. */
function syncServicePort(service: ServiceState, portIndex: number, s: SyncState): void {
  const port = service.ports[portIndex]
  const clusterIP = ipv4(service.clusterIP)
  if (!port || clusterIP === null) return
  const ref = service.ref
  const protocol = port.protocol
  const proto = protocol.toLowerCase()
  const portPath = `spec.ports[${portIndex}]`
  const add = (set: string, entry: string) => s.sets.get(set)?.add(entry)
  const indexed = (values: readonly string[]) =>
    values.flatMap((value, index) => {
      const ip = ipv4(value)
      return ip === null ? [] : [{ ip, index }]
    })
  const externalIPs = indexed(service.externalIPs)
  const lbIPs = indexed(service.loadBalancerIngress)
  const sourceRanges = service.loadBalancerSourceRanges.flatMap((text) => {
    const cidr = parseCidr(text)
    return cidr ? [formatCidr(cidr)] : []
  })

  // pkg/proxy/serviceport.go: only externally reachable Service types honour the policy.
  const externalType =
    service.type === 'NodePort' ||
    service.type === 'LoadBalancer' ||
    (service.type === 'ClusterIP' && service.externalIPs.length > 0)
  const externalPolicyLocal = externalType && service.externalTrafficPolicy === 'Local'
  const internalPolicyLocal = service.internalTrafficPolicy === 'Local'
  const externallyAccessible = port.nodePort !== 0 || lbIPs.length > 0 || externalIPs.length > 0
  const usesCluster = !internalPolicyLocal || externallyAccessible
  const usesLocal = internalPolicyLocal || (externalPolicyLocal && externallyAccessible)

  const endpoints = endpointsForServicePort(
    service,
    portIndex,
    s.cluster.endpointSlices,
    s.node.name,
  )
  const cluster = usesCluster ? clusterEndpoints(endpoints) : []
  const local = usesLocal ? localEndpoints(endpoints) : []

  // Hairpin: a Pod reaching itself through a VIP must be masqueraded, whatever its readiness.
  for (const e of endpoints) {
    if (e.isLocal) add('KUBE-LOOP-BACK', `${e.ip},${proto}:${e.port},${e.ip}`)
  }

  /** syncEndpoint: the real servers of one virtual server. */
  const realServers = (onlyNodeLocal: boolean): IpvsRealServer[] => {
    // PR 97081: with no local endpoints IPVS mode falls back to the cluster endpoints, so
    // local Pods can still reach the Service (unlike iptables mode, which drops).
    const wanted = onlyNodeLocal && local.length > 0 ? local : cluster
    const wantedSet = new Set(wanted.map((e) => e.endpoint))
    const draining =
      (s.config.gracefulTermination ?? true) && protocol === 'TCP'
        ? endpoints.filter(
            (e) =>
              e.terminating &&
              !wantedSet.has(e.endpoint) &&
              (!onlyNodeLocal || (local.length === 0 && usesCluster) || e.isLocal),
          )
        : []
    return [...wanted.map((e) => ({ e, weight: 1 })), ...draining.map((e) => ({ e, weight: 0 }))]
      .sort((a, b) => compareBytewise(a.e.endpoint, b.e.endpoint))
      .map(({ e, weight }) => ({
        address: e.endpoint,
        weight,
        forward: 'Masq' as const,
        targetRef: e.targetRef,
      }))
  }

  const affinity = service.sessionAffinity === 'ClientIP'
  const affinityProvenance: Provenance[] = affinity
    ? [
        { ref, path: 'spec.sessionAffinity' },
        { ref, path: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds' },
      ]
    : []
  const addVirtualServer = (
    kind: IpvsVirtualServer['kind'],
    ip: string,
    vport: number,
    onlyNodeLocal: boolean,
    provenance: Provenance[],
  ) => {
    s.virtualServers.push({
      protocol,
      address: `${ip}:${vport}`,
      kind,
      scheduler: s.scheduler,
      // FlagSourceHash: mh hashes source address and port, so one client's connections spread.
      schedulerFlags: s.scheduler === 'mh' ? ['mh-port'] : [],
      persistentSeconds: affinity ? service.affinityTimeoutSeconds : null,
      realServers: realServers(onlyNodeLocal),
      provenance: [...provenance, ...affinityProvenance],
      service: ref,
      portIndex,
    })
  }
  const bind = (ip: string) => {
    if (!s.dummy.includes(ip)) s.dummy.push(ip)
  }
  const etpProvenance: Provenance[] = externalPolicyLocal
    ? [{ ref, path: 'spec.externalTrafficPolicy' }]
    : []

  // ClusterIP: always bound to kube-ipvs0, so the node accepts packets for it.
  add('KUBE-CLUSTER-IP', `${clusterIP},${proto}:${port.port}`)
  addVirtualServer('clusterIP', clusterIP, port.port, internalPolicyLocal, [
    { ref, path: 'spec.clusterIP' },
    { ref, path: `${portPath}.port` },
    ...(internalPolicyLocal ? [{ ref, path: 'spec.internalTrafficPolicy' }] : []),
  ])
  bind(clusterIP)

  // An external or LB address already on another interface must not be bound again.
  const onNode = (ip: string) => ip === s.node.internalIP
  for (const { ip, index } of externalIPs) {
    add(
      externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP',
      `${ip},${proto}:${port.port}`,
    )
    addVirtualServer('externalIP', ip, port.port, externalPolicyLocal, [
      { ref, path: `spec.externalIPs[${index}]` },
      { ref, path: `${portPath}.port` },
      ...etpProvenance,
    ])
    if (!onNode(ip)) bind(ip)
  }

  for (const { ip, index } of lbIPs) {
    const entry = `${ip},${proto}:${port.port}`
    const lbProvenance: Provenance[] = [
      { ref, path: `status.loadBalancer.ingress[${index}].ip` },
      { ref, path: `${portPath}.port` },
    ]
    add('KUBE-LOAD-BALANCER', entry)
    if (externalPolicyLocal) add('KUBE-LOAD-BALANCER-LOCAL', entry)
    if (sourceRanges.length > 0) {
      add('KUBE-LOAD-BALANCER-FW', entry)
      for (const cidr of sourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${entry},${cidr}`)
      // The node's own connections to the LB IP carry the LB IP as source (it is local).
      if (sourceRanges.some((c) => s.node.internalIP !== '' && cidrHolds(c, s.node.internalIP))) {
        add('KUBE-LOAD-BALANCER-SOURCE-IP', `${entry},${ip}`)
      } else {
        s.lbNoNodeAccess.push({
          ip,
          protocol: proto,
          port: port.port,
          provenance: [...lbProvenance, { ref, path: 'spec.loadBalancerSourceRanges' }],
        })
      }
    }
    addVirtualServer('loadBalancer', ip, port.port, externalPolicyLocal, [
      ...lbProvenance,
      ...etpProvenance,
    ])
    if (!onNode(ip)) bind(ip)
  }

  if (port.nodePort !== 0) {
    // proxier.go skips the rest of the port (health check included) when no node IP matched.
    if (s.nodeIPs.length === 0) return
    if (protocol === 'SCTP') {
      // bitmap:port has no protocol, so SCTP NodePorts need IP,port entries per node address.
      for (const ip of s.nodeIPs) {
        add('KUBE-NODE-PORT-SCTP-HASH', `${ip},sctp:${port.nodePort}`)
        if (externalPolicyLocal)
          add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},sctp:${port.nodePort}`)
      }
    } else {
      add(`KUBE-NODE-PORT-${protocol}`, `${port.nodePort}`)
      if (externalPolicyLocal) add(`KUBE-NODE-PORT-LOCAL-${protocol}`, `${port.nodePort}`)
    }
    for (const ip of s.nodeIPs) {
      addVirtualServer('nodePort', ip, port.nodePort, externalPolicyLocal, [
        { ref, path: `${portPath}.nodePort` },
        { ref: s.node.ref, path: 'status.addresses' },
        ...etpProvenance,
      ])
    }
  }

  // apiservice.NeedsHealthCheck: LoadBalancer with the Local policy.
  if (service.type === 'LoadBalancer' && externalPolicyLocal && service.healthCheckNodePort !== 0) {
    add('KUBE-HEALTH-CHECK-NODE-PORT', `${service.healthCheckNodePort}`)
  }
}

/**
 * The virtual servers, kube-ipvs0 addresses, ipsets and iptables rules kube-proxy in IPVS mode
 * programs on `node`, as of one full sync.
 */
export function programIpvs(cluster: ClusterState, node: NodeState, config: IpvsConfig): IpvsNode {
  const s: SyncState = {
    cluster,
    node,
    config,
    scheduler: config.scheduler === '' ? 'rr' : config.scheduler,
    nodeIPs: nodePortIPs(config, node),
    virtualServers: [],
    dummy: [],
    sets: new Map(IPSET_INFO.map((info) => [info.name, new Set<string>()])),
    lbNoNodeAccess: [],
  }
  for (const service of cluster.services) {
    // ShouldSkipService: ExternalName and headless Services get no virtual server.
    if (service.type === 'ExternalName') continue
    if (service.clusterIP === '' || service.clusterIP === 'None') continue
    service.ports.forEach((_, i) => syncServicePort(service, i, s))
  }
  for (const ip of s.dummy) s.sets.get('KUBE-IPVS-IPS')?.add(ip)

  const ipsets: Ipset[] = IPSET_INFO.map((info) => ({
    name: info.name,
    type: info.type,
    entries: [...(s.sets.get(info.name) ?? [])].sort(compareBytewise),
  }))
  const sysctls: Record<string, number> = {
    'net/ipv4/vs/conntrack': 1,
    'net/ipv4/vs/expire_nodest_conn': 1,
    'net/ipv4/vs/expire_quiescent_template': 1,
    'net/ipv4/ip_forward': 1,
  }
  if (config.strictARP ?? false) {
    // Stops the node answering ARP for VIPs on kube-ipvs0 (needed by MetalLB-style L2 LBs).
    sysctls['net/ipv4/conf/all/arp_ignore'] = 1
    sysctls['net/ipv4/conf/all/arp_announce'] = 2
  }
  return {
    node: node.name,
    dummyAddresses: s.dummy,
    virtualServers: s.virtualServers,
    ipsets,
    iptables: ipvsIptablesRules({
      node: node.name,
      ipsets,
      masqueradeAll: config.masqueradeAll,
      clusterCIDR: detectorCidr(config.clusterCIDR),
      lbNoNodeAccess: s.lbNoNodeAccess,
      ...(config.masqueradeBit === undefined ? {} : { masqueradeBit: config.masqueradeBit }),
      ...(config.randomFully === undefined ? {} : { randomFully: config.randomFully }),
    }),
    sysctls,
  }
}
