/**
 * Stage 3 (iptables mode): the `filter` and `nat` rules kube-proxy writes on one node, in the
 * order `syncProxyRules` writes them into its iptables-restore payload
 * (kubernetes/kubernetes pkg/proxy/iptables/proxier.go @531be812; endpoint categorisation from
 * pkg/proxy/topology.go `CategorizeEndpoints`; local detectors from pkg/proxy/util/localdetector.go;
 * nodePortAddresses from pkg/proxy/util/nodeport_addresses.go).
 *
 * Covered: the fixed chains (KUBE-FIREWALL, KUBE-FORWARD, KUBE-POSTROUTING, KUBE-MARK-MASQ),
 * cluster IPs, external IPs, load-balancer IPs with source ranges (KUBE-FW-, KUBE-PROXY-FIREWALL),
 * NodePorts (KUBE-NODEPORTS, KUBE-EXT-, the localhost nfacct rule), external and internal traffic
 * policy Local (KUBE-SVL-), health-check node ports, ClientIP affinity, terminating-endpoint
 * fallback, large-cluster mode and the nodeports tail rule. The node always gets a full sync.
 *
 * Upstream iterates Services in Go map order (random); this uses the cluster's Service order.
 * The cluster is IPv4 single-stack, so IPv6 addresses, ranges and slices are filtered out as
 * kube-proxy's IPv4 proxier does.
 * @see reference/kube-proxy-iptables.md §1–§7
 */
import { compareBytewise } from '../../encoding/goJson'
import type {
  ClusterState,
  DetectLocalMode,
  EndpointSlice,
  NodeState,
  ServiceState,
} from '../../model/cluster'
import { cidrContains, formatCidr, parseCidr, parseIPv4 } from '../../net/ipv4'
import { endpointChainName, serviceChainName, servicePortName } from './chainNames'
import { makeRule, probability } from './rules'
import type { Match, Provenance, Rule, Target } from './rules'

/** --iptables-masquerade-bit=14. kube-proxy's tests write the mark as 0x4000. */
export const MASQUERADE_MARK = 0x4000

/** proxier.go `largeClusterEndpointsThreshold`: above it, per-endpoint comments are dropped. */
const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000

const LOCALHOST_NODEPORTS_COUNTER = 'localhost_nps_accepted_pkts'
const CT_INVALID_COUNTER = 'ct_state_invalid_dropped_pkts'

/**
 * What kube-proxy was started with. The optional fields default to kube-proxy's defaults and the
 * host of its unit-test fixture (iptables without --random-fully, nfacct counters present,
 * nf_conntrack_tcp_be_liberal=0).
 */
export interface ProxyConfig {
  /** KubeProxyConfiguration.clusterCIDR: the ClusterCIDR detector; '' means no detector. */
  clusterCIDR: string
  masqueradeAll: boolean
  /** detectLocalMode; default ClusterCIDR. NodeCIDR uses the node's podCIDR. */
  detectLocalMode?: DetectLocalMode
  /** detectLocal.bridgeInterface (BridgeInterface mode). */
  bridgeInterface?: string
  /** detectLocal.interfaceNamePrefix (InterfaceNamePrefix mode). */
  interfaceNamePrefix?: string
  /** iptables.masqueradeBit; default 14 (mark 0x4000). */
  masqueradeBit?: number
  /** iptables.localhostNodePorts; default true. */
  localhostNodePorts?: boolean
  /** nodePortAddresses: CIDRs or `primary`; empty means every node address. */
  nodePortAddresses?: readonly string[]
  /** The host's iptables supports `MASQUERADE --random-fully`; default false. */
  randomFully?: boolean
  /** The nfacct counters kube-proxy creates exist; default true. */
  nfacct?: boolean
  /** sysctl net.netfilter.nf_conntrack_tcp_be_liberal=1; default false (INVALID drop rule). */
  tcpBeLiberal?: boolean
}

export interface IptablesTables {
  node: string
  /** Chains in declaration order, per table. */
  chains: { filter: string[]; nat: string[] }
  /** Rules in the order kube-proxy writes them: all filter rules, then all nat rules. */
  rules: Rule[]
  /** The fwmark KUBE-MARK-MASQ sets and KUBE-POSTROUTING tests: 1 << masqueradeBit. */
  masqueradeMark: number
}

/** One endpoint of one service port, as kube-proxy's EndpointSlice cache sees it. */
export interface ServicePortEndpoint {
  /** `IP:port`, the string kube-proxy sorts and hashes. */
  endpoint: string
  ip: string
  port: number
  ready: boolean
  serving: boolean
  terminating: boolean
  isLocal: boolean
  targetRef: string
}

/**
 * The endpoints of a service port, matched to the slice port by (name, protocol), deduplicated
 * and sorted by their `IP:port` string, as kube-proxy orders them. Only IPv4 slices count: the
 * proxier of one family ignores the other family's slices.
 */
export function endpointsForServicePort(
  service: ServiceState,
  portIndex: number,
  slices: readonly EndpointSlice[],
  nodeName: string,
): ServicePortEndpoint[] {
  const servicePort = service.ports[portIndex]
  if (!servicePort) return []
  const byEndpoint = new Map<string, ServicePortEndpoint>()
  for (const slice of slices) {
    if (slice.namespace !== service.namespace || slice.serviceName !== service.name) continue
    if (slice.addressType !== 'IPv4') continue
    const slicePort = slice.ports.find(
      (p) => p.name === servicePort.name && p.protocol === servicePort.protocol,
    )
    if (!slicePort || slicePort.port === 0) continue
    for (const endpoint of slice.endpoints) {
      const address = endpoint.addresses[0]
      const ip = address === undefined ? null : sloppyIPv4(address)
      if (ip === null) continue
      const key = `${ip}:${slicePort.port}`
      const isLocal = endpoint.nodeName !== '' && endpoint.nodeName === nodeName
      if (byEndpoint.has(key) && !isLocal) continue
      byEndpoint.set(key, {
        endpoint: key,
        ip,
        port: slicePort.port,
        ...endpoint.conditions,
        isLocal,
        targetRef: endpoint.targetRef,
      })
    }
  }
  return [...byEndpoint.values()].sort((a, b) => compareBytewise(a.endpoint, b.endpoint))
}

/** CategorizeEndpoints, cluster policy: the ready ones, else the serving-and-terminating ones. */
export function clusterEndpoints(endpoints: readonly ServicePortEndpoint[]): ServicePortEndpoint[] {
  const ready = endpoints.filter((e) => e.ready)
  return ready.length > 0 ? ready : endpoints.filter((e) => e.serving && e.terminating)
}

/**
 * CategorizeEndpoints, local policy: the local ready ones, else the local serving-and-terminating
 * ones. `hasAny` is the pre-scan over all endpoints (ready, or serving and terminating).
 */
function localEndpoints(endpoints: readonly ServicePortEndpoint[]): {
  local: ServicePortEndpoint[]
  hasAny: boolean
} {
  const usable = (e: ServicePortEndpoint) => e.ready || (e.serving && e.terminating)
  const localReady = endpoints.filter((e) => e.isLocal && e.ready)
  const local =
    localReady.length > 0
      ? localReady
      : endpoints.filter((e) => e.isLocal && !e.ready && e.serving && e.terminating)
  return { local, hasAny: endpoints.some(usable) }
}

/**
 * Go's net.ParseIPSloppy for IPv4, printed canonically: kube-proxy accepts leading zeros
 * (decimal), so `172.30.0.041` is 172.30.0.41. null for anything else (IPv6 included).
 */
function sloppyIPv4(text: string): string | null {
  const parts = text.trim().split('.')
  if (parts.length !== 4) return null
  const octets = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN))
  if (octets.some((o) => !(o >= 0 && o <= 255))) return null
  return octets.join('.')
}

/** ParseCIDRSloppy: the network address and prefix, e.g. ` 203.0.113.000/025` → 203.0.113.0/25. */
function sloppyCidr(text: string): string | null {
  const [address = '', prefix = '', extra] = text.trim().split('/')
  const ip = sloppyIPv4(address)
  if (ip === null || extra !== undefined || !/^\d+$/.test(prefix) || Number(prefix) > 32) {
    return null
  }
  const cidr = parseCidr(`${ip}/${Number(prefix)}`)
  return cidr ? formatCidr(cidr) : null
}

function cidrHolds(cidrText: string, ip: string): boolean {
  const cidr = parseCidr(cidrText)
  const value = parseIPv4(ip)
  return cidr !== null && value !== null && cidrContains(cidr, value)
}

/** IfLocal / IfNotLocal of pkg/proxy/util/localdetector.go, or null when no detector works. */
interface LocalDetector {
  ifLocal: Match[]
  ifNotLocal: Match[]
  provenance: Provenance[]
}

function localDetector(config: ProxyConfig, node: NodeState): LocalDetector | null {
  const mode = config.detectLocalMode ?? 'ClusterCIDR'
  const bySource = (cidrs: string): LocalDetector | null => {
    // A dual-stack list names one CIDR per family; the IPv4 proxier takes the IPv4 one.
    const cidr = cidrs
      .split(',')
      .map((c) => sloppyCidr(c))
      .find((c) => c !== null)
    if (cidr === undefined || cidr === null) return null
    return {
      ifLocal: [{ kind: 'source', cidr, negated: false }],
      ifNotLocal: [{ kind: 'source', cidr, negated: true }],
      provenance: [],
    }
  }
  const byInterface = (name: string): LocalDetector | null =>
    name === ''
      ? null
      : {
          ifLocal: [{ kind: 'in-interface', name, negated: false }],
          ifNotLocal: [{ kind: 'in-interface', name, negated: true }],
          provenance: [],
        }
  switch (mode) {
    case 'ClusterCIDR':
      return bySource(config.clusterCIDR)
    case 'NodeCIDR': {
      const detector = bySource(node.podCIDR)
      return detector && { ...detector, provenance: [{ ref: node.ref, path: 'spec.podCIDR' }] }
    }
    case 'BridgeInterface':
      return byInterface(config.bridgeInterface ?? '')
    case 'InterfaceNamePrefix':
      return byInterface(config.interfaceNamePrefix ? `${config.interfaceNamePrefix}+` : '')
  }
}

/**
 * NodePortAddresses for the IPv4 family: null means "match all" (no list, or no IPv4 entry);
 * otherwise the IPv4 CIDRs, with `primary` resolved to the node's InternalIP as kube-proxy's
 * server does before building the proxier.
 */
function nodePortCidrs(config: ProxyConfig, node: NodeState): string[] | null {
  const cidrs: string[] = []
  for (const entry of config.nodePortAddresses ?? []) {
    if (entry === 'primary') {
      if (node.internalIP !== '') cidrs.push(`${node.internalIP}/32`)
      continue
    }
    const cidr = sloppyCidr(entry)
    if (cidr !== null) cidrs.push(cidr)
  }
  return cidrs.length > 0 ? cidrs : null
}

interface ServicePortView {
  spn: string
  portIndex: number
  clusterIP: string
  externalIPs: { ip: string; index: number }[]
  loadBalancerIPs: { ip: string; index: number }[]
  sourceRanges: { cidr: string; index: number }[]
  healthCheckNodePort: number
  externalPolicyLocal: boolean
  internalPolicyLocal: boolean
  externallyAccessible: boolean
  endpoints: ServicePortEndpoint[]
}

/** pkg/proxy/serviceport.go `newBaseServiceInfo`, for one port of an IPv4 Service. */
function servicePortView(
  service: ServiceState,
  portIndex: number,
  cluster: ClusterState,
  node: NodeState,
): ServicePortView | null {
  const port = service.ports[portIndex]
  const clusterIP = sloppyIPv4(service.clusterIP)
  if (!port || clusterIP === null) return null
  const indexed = <T>(values: readonly string[], parse: (v: string) => T | null) =>
    values.flatMap((value, index) => {
      const parsed = parse(value)
      return parsed === null ? [] : [{ value: parsed, index }]
    })
  const externalIPs = indexed(service.externalIPs, sloppyIPv4).map((e) => ({
    ip: e.value,
    index: e.index,
  }))
  const loadBalancerIPs = indexed(service.loadBalancerIngress, sloppyIPv4).map((e) => ({
    ip: e.value,
    index: e.index,
  }))
  const sourceRanges = indexed(service.loadBalancerSourceRanges, sloppyCidr).map((e) => ({
    cidr: e.value,
    index: e.index,
  }))
  // apiservice.ExternallyAccessible: NodePort and LoadBalancer, and (recent versions) ClusterIP
  // Services with external IPs; only those honour externalTrafficPolicy.
  const externalType =
    service.type === 'NodePort' ||
    service.type === 'LoadBalancer' ||
    (service.type === 'ClusterIP' && service.externalIPs.length > 0)
  const externalPolicyLocal = externalType && service.externalTrafficPolicy === 'Local'
  return {
    spn: servicePortName(service.namespace, service.name, port.name),
    portIndex,
    clusterIP,
    externalIPs,
    loadBalancerIPs,
    sourceRanges,
    // apiservice.NeedsHealthCheck: only LoadBalancer Services with the Local policy get one.
    healthCheckNodePort:
      service.type === 'LoadBalancer' && service.externalTrafficPolicy === 'Local'
        ? service.healthCheckNodePort
        : 0,
    externalPolicyLocal,
    internalPolicyLocal: service.internalTrafficPolicy === 'Local',
    // ServicePort.ExternallyAccessible is about this port's addresses, not the Service type.
    externallyAccessible:
      port.nodePort !== 0 || loadBalancerIPs.length > 0 || externalIPs.length > 0,
    endpoints: endpointsForServicePort(service, portIndex, cluster.endpointSlices, node.name),
  }
}

export function programIptables(
  cluster: ClusterState,
  node: NodeState,
  config: ProxyConfig,
): IptablesTables {
  const mark = 1 << (config.masqueradeBit ?? 14)
  const nfacct = config.nfacct ?? true
  const detector = localDetector(config, node)
  const matchAllNodePorts = nodePortCidrs(config, node)
  // NewProxier turns localhostNodePorts off when nodePortAddresses excludes 127.0.0.1.
  const localhostNodePorts =
    (config.localhostNodePorts ?? true) &&
    (matchAllNodePorts === null || matchAllNodePorts.some((c) => cidrHolds(c, '127.0.0.1')))

  const filterChains = [
    'KUBE-SERVICES',
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-FORWARD',
    'KUBE-NODEPORTS',
    'KUBE-PROXY-FIREWALL',
  ]
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']
  const filter: Rule[] = []
  const nat: Rule[] = [
    makeRule('nat', 'KUBE-POSTROUTING', [{ kind: 'mark', mark, negated: true }], {
      kind: 'RETURN',
    }),
    makeRule('nat', 'KUBE-POSTROUTING', [], { kind: 'MARK-xor', mark }),
    makeRule(
      'nat',
      'KUBE-POSTROUTING',
      [{ kind: 'comment', text: 'kubernetes service traffic requiring SNAT' }],
      { kind: 'MASQUERADE', randomFully: config.randomFully ?? false },
    ),
    makeRule('nat', 'KUBE-MARK-MASQ', [], { kind: 'MARK-or', mark }),
  ]
  if (localhostNodePorts) {
    // route_localnet lets 127.0.0.1:<nodePort> reach Pods; KUBE-FIREWALL keeps other localnet
    // traffic from being accepted through it.
    filterChains.push('KUBE-FIREWALL')
    filter.push(
      makeRule(
        'filter',
        'KUBE-FIREWALL',
        [
          { kind: 'comment', text: 'block incoming localnet connections' },
          { kind: 'destination', cidr: '127.0.0.0/8', negated: false },
          { kind: 'source', cidr: '127.0.0.0/8', negated: true },
          { kind: 'ctstate', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negated: true },
        ],
        { kind: 'DROP' },
      ),
    )
  }

  const views = cluster.services.flatMap((service) => {
    if (service.type === 'ExternalName') return []
    if (service.clusterIP === '' || service.clusterIP === 'None') return []
    return service.ports.flatMap((_, i) => {
      const view = servicePortView(service, i, cluster, node)
      return view ? [{ service, view }] : []
    })
  })
  const totalEndpoints = views.reduce((n, { view }) => n + view.endpoints.length, 0)
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD

  for (const { service, view } of views) {
    writeServicePort(service, view, {
      cluster,
      node,
      config,
      detector,
      nfacct,
      localhostNodePorts,
      largeCluster,
      filter,
      nat,
      natChains,
    })
  }

  const tailComment: Match = {
    kind: 'comment',
    text: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
  }
  const nodePortsJump: Target = { kind: 'jump', chain: 'KUBE-NODEPORTS' }
  if (matchAllNodePorts === null) {
    nat.push(
      makeRule(
        'nat',
        'KUBE-SERVICES',
        [
          tailComment,
          { kind: 'addrtype-dst-local' },
          ...(localhostNodePorts
            ? []
            : [{ kind: 'destination', cidr: '127.0.0.0/8', negated: true } as const]),
        ],
        nodePortsJump,
      ),
    )
  } else {
    // One rule per node address inside nodePortAddresses (upstream: map order; here lo, then
    // the InternalIP). Loopback only counts while localhostNodePorts is on.
    const nodeIPs = ['127.0.0.1', node.internalIP].filter((ip) => ip !== '')
    for (const ip of nodeIPs) {
      if (!matchAllNodePorts.some((c) => cidrHolds(c, ip))) continue
      if (ip.startsWith('127.') && !localhostNodePorts) continue
      nat.push(
        makeRule(
          'nat',
          'KUBE-SERVICES',
          [tailComment, { kind: 'destination', cidr: ip, negated: false }],
          nodePortsJump,
        ),
      )
    }
  }

  if (!(config.tcpBeLiberal ?? false)) {
    // Out-of-window TCP packets are INVALID to conntrack and would otherwise be forwarded
    // un-NATed to the Pod's real address.
    filter.push(
      makeRule(
        'filter',
        'KUBE-FORWARD',
        [
          { kind: 'ctstate', states: ['INVALID'], negated: false },
          ...(nfacct ? [{ kind: 'nfacct', name: CT_INVALID_COUNTER } as const] : []),
        ],
        { kind: 'DROP' },
      ),
    )
  }
  filter.push(
    makeRule(
      'filter',
      'KUBE-FORWARD',
      [
        { kind: 'comment', text: 'kubernetes forwarding rules' },
        { kind: 'mark', mark, negated: false },
      ],
      { kind: 'ACCEPT' },
    ),
    makeRule(
      'filter',
      'KUBE-FORWARD',
      [
        { kind: 'comment', text: 'kubernetes forwarding conntrack rule' },
        { kind: 'ctstate', states: ['RELATED', 'ESTABLISHED'], negated: false },
      ],
      { kind: 'ACCEPT' },
    ),
  )

  return {
    node: node.name,
    chains: { filter: filterChains, nat: natChains },
    rules: [...filter, ...nat],
    masqueradeMark: mark,
  }
}

interface SyncState {
  cluster: ClusterState
  node: NodeState
  config: ProxyConfig
  detector: LocalDetector | null
  nfacct: boolean
  localhostNodePorts: boolean
  largeCluster: boolean
  filter: Rule[]
  nat: Rule[]
  natChains: string[]
}

/** The per-service-port part of syncProxyRules, steps 1–11 of reference §5.2. */
function writeServicePort(service: ServiceState, view: ServicePortView, s: SyncState): void {
  const { spn, portIndex } = view
  const port = service.ports[portIndex]
  if (!port) return
  const protocol = port.protocol
  const ref = service.ref
  const portPath = `spec.ports[${portIndex}]`
  const portProvenance: Provenance = { ref, path: `${portPath}.port` }
  const etpProvenance: Provenance[] = view.externalPolicyLocal
    ? [{ ref, path: 'spec.externalTrafficPolicy' }]
    : []
  const itpProvenance: Provenance[] = view.internalPolicyLocal
    ? [{ ref, path: 'spec.internalTrafficPolicy' }]
    : []
  const proto: Match = { kind: 'protocol', protocol }
  const dport: Match = { kind: 'dport', port: port.port }
  const to = (cidr: string): Match => ({ kind: 'destination', cidr, negated: false })
  const comment = (text: string): Match => ({ kind: 'comment', text })
  const jump = (chain: string): Target => ({ kind: 'jump', chain })

  // §3: CategorizeEndpoints.
  const usesLocal =
    view.internalPolicyLocal || (view.externalPolicyLocal && view.externallyAccessible)
  const usesCluster = !view.internalPolicyLocal || view.externallyAccessible
  const cluster = usesCluster ? clusterEndpoints(view.endpoints) : []
  const localScan = usesLocal ? localEndpoints(view.endpoints) : { local: [], hasAny: false }
  const local = localScan.local
  const hasEndpoints = cluster.length > 0 || localScan.hasAny
  const reachable = [...new Map([...cluster, ...local].map((e) => [e.endpoint, e])).values()].sort(
    (a, b) => compareBytewise(a.endpoint, b.endpoint),
  )

  // §4: the decisions.
  const svcChain = serviceChainName('KUBE-SVC-', spn, protocol)
  const svlChain = serviceChainName('KUBE-SVL-', spn, protocol)
  const extChain = serviceChainName('KUBE-EXT-', spn, protocol)
  const fwChain = serviceChainName('KUBE-FW-', spn, protocol)
  const usesSVC = cluster.length > 0 && usesCluster
  const usesSVL = local.length > 0 && usesLocal
  const internalChain = view.internalPolicyLocal ? svlChain : svcChain
  const hasInternal = hasEndpoints && !(view.internalPolicyLocal && local.length === 0)
  const externalPolicyChain = view.externalPolicyLocal ? svlChain : svcChain
  const hasExternal = hasEndpoints && !(view.externalPolicyLocal && local.length === 0)
  const usesEXT = hasEndpoints && view.externallyAccessible
  const usesFW = hasEndpoints && view.loadBalancerIPs.length > 0 && view.sourceRanges.length > 0
  const lbTarget = usesFW ? fwChain : extChain
  const noEndpoints: Target = { kind: hasEndpoints ? 'DROP' : 'REJECT' }
  const noEndpointsComment = comment(
    hasEndpoints ? `${spn} has no local endpoints` : `${spn} has no endpoints`,
  )
  const noEndpointsProvenance: Provenance[] = hasEndpoints
    ? [...etpProvenance, ...itpProvenance]
    : [{ ref, path: 'spec.selector' }]

  // 1. Cluster IP.
  const clusterIPProvenance: Provenance[] = [portProvenance, { ref, path: 'spec.clusterIP' }]
  const clusterIPMatches: Match[] = [proto, to(view.clusterIP), dport]
  if (hasInternal) {
    s.nat.push(
      makeRule(
        'nat',
        'KUBE-SERVICES',
        [comment(`${spn} cluster IP`), ...clusterIPMatches],
        jump(internalChain),
        [...clusterIPProvenance, ...itpProvenance],
      ),
    )
  } else {
    s.filter.push(
      makeRule(
        'filter',
        'KUBE-SERVICES',
        [noEndpointsComment, ...clusterIPMatches],
        noEndpoints,
        hasEndpoints
          ? [...clusterIPProvenance, ...itpProvenance]
          : [...clusterIPProvenance, ...noEndpointsProvenance],
      ),
    )
  }

  // 2. External IPs.
  for (const { ip, index } of view.externalIPs) {
    const provenance: Provenance[] = [portProvenance, { ref, path: `spec.externalIPs[${index}]` }]
    if (hasEndpoints) {
      s.nat.push(
        makeRule(
          'nat',
          'KUBE-SERVICES',
          [comment(`${spn} external IP`), proto, to(ip), dport],
          jump(extChain),
          provenance,
        ),
      )
    }
    if (!hasExternal) {
      s.filter.push(
        makeRule(
          'filter',
          'KUBE-EXTERNAL-SERVICES',
          [noEndpointsComment, proto, to(ip), dport],
          noEndpoints,
          [...provenance, ...noEndpointsProvenance],
        ),
      )
    }
  }

  // 3. Load-balancer IPs.
  const lbProvenance = (index: number): Provenance[] => [
    portProvenance,
    { ref, path: `status.loadBalancer.ingress[${index}].ip` },
  ]
  for (const { ip, index } of view.loadBalancerIPs) {
    if (hasEndpoints) {
      s.nat.push(
        makeRule(
          'nat',
          'KUBE-SERVICES',
          [comment(`${spn} loadbalancer IP`), proto, to(ip), dport],
          jump(lbTarget),
          lbProvenance(index),
        ),
      )
    }
    if (usesFW) {
      s.filter.push(
        makeRule(
          'filter',
          'KUBE-PROXY-FIREWALL',
          [comment(`${spn} traffic not accepted by ${fwChain}`), proto, to(ip), dport],
          { kind: 'DROP' },
          [...lbProvenance(index), { ref, path: 'spec.loadBalancerSourceRanges' }],
        ),
      )
    }
  }
  if (!hasExternal) {
    for (const { ip, index } of view.loadBalancerIPs) {
      s.filter.push(
        makeRule(
          'filter',
          'KUBE-EXTERNAL-SERVICES',
          [noEndpointsComment, proto, to(ip), dport],
          noEndpoints,
          [...lbProvenance(index), ...noEndpointsProvenance],
        ),
      )
    }
  }

  // 4. NodePort.
  if (port.nodePort !== 0) {
    const nodePortProvenance: Provenance[] = [{ ref, path: `${portPath}.nodePort` }]
    const nodePort: Match = { kind: 'dport', port: port.nodePort }
    if (hasEndpoints) {
      if (s.localhostNodePorts && s.nfacct) {
        // Counts NodePort connections accepted on 127.0.0.0/8 (route_localnet).
        s.nat.push(
          makeRule(
            'nat',
            'KUBE-NODEPORTS',
            [
              comment(spn),
              proto,
              to('127.0.0.0/8'),
              nodePort,
              { kind: 'nfacct', name: LOCALHOST_NODEPORTS_COUNTER },
            ],
            jump(extChain),
            nodePortProvenance,
          ),
        )
      }
      s.nat.push(
        makeRule(
          'nat',
          'KUBE-NODEPORTS',
          [comment(spn), proto, nodePort],
          jump(extChain),
          nodePortProvenance,
        ),
      )
    }
    if (!hasExternal) {
      s.filter.push(
        makeRule(
          'filter',
          'KUBE-EXTERNAL-SERVICES',
          [noEndpointsComment, { kind: 'addrtype-dst-local' }, proto, nodePort],
          noEndpoints,
          [...nodePortProvenance, ...noEndpointsProvenance],
        ),
      )
    }
  }

  // 5. Health-check node port: kube-proxy answers it itself, so the filter table lets it in.
  if (view.healthCheckNodePort !== 0) {
    s.filter.push(
      makeRule(
        'filter',
        'KUBE-NODEPORTS',
        [
          comment(`${spn} health check node port`),
          { kind: 'protocol', protocol: 'TCP' },
          { kind: 'dport', port: view.healthCheckNodePort },
        ],
        { kind: 'ACCEPT' },
        [{ ref, path: 'spec.healthCheckNodePort' }],
      ),
    )
  }

  // 6. Masquerade cluster-IP traffic that does not come from a Pod.
  if (hasInternal && (s.config.masqueradeAll || s.detector !== null)) {
    const masqueradeProvenance: Provenance[] = [...clusterIPProvenance, ...itpProvenance]
    s.nat.push(
      makeRule(
        'nat',
        internalChain,
        [
          comment(`${spn} cluster IP`),
          ...clusterIPMatches,
          ...(s.config.masqueradeAll ? [] : (s.detector?.ifNotLocal ?? [])),
        ],
        jump('KUBE-MARK-MASQ'),
        s.config.masqueradeAll
          ? masqueradeProvenance
          : [...masqueradeProvenance, ...(s.detector?.provenance ?? [])],
      ),
    )
  }

  // 7. The external-traffic chain.
  if (usesEXT) {
    s.natChains.push(extChain)
    if (!view.externalPolicyLocal) {
      s.nat.push(
        makeRule(
          'nat',
          extChain,
          [comment(`masquerade traffic for ${spn} external destinations`)],
          jump('KUBE-MARK-MASQ'),
        ),
      )
    } else {
      if (s.detector) {
        // Pods reaching an external address of the Service get every endpoint, unmasqueraded.
        s.nat.push(
          makeRule(
            'nat',
            extChain,
            [comment(`pod traffic for ${spn} external destinations`), ...s.detector.ifLocal],
            jump(svcChain),
            [...etpProvenance, ...s.detector.provenance],
          ),
        )
      }
      s.nat.push(
        makeRule(
          'nat',
          extChain,
          [
            comment(`masquerade LOCAL traffic for ${spn} external destinations`),
            { kind: 'addrtype-src-local' },
          ],
          jump('KUBE-MARK-MASQ'),
          etpProvenance,
        ),
        makeRule(
          'nat',
          extChain,
          [
            comment(`route LOCAL traffic for ${spn} external destinations`),
            { kind: 'addrtype-src-local' },
          ],
          jump(svcChain),
          etpProvenance,
        ),
      )
    }
    if (hasExternal) {
      s.nat.push(makeRule('nat', extChain, [], jump(externalPolicyChain), etpProvenance))
    }
  }

  // 8. The load-balancer source-range firewall.
  if (usesFW) {
    s.natChains.push(fwChain)
    const lbComment = comment(`${spn} loadbalancer IP`)
    for (const { cidr, index } of view.sourceRanges) {
      s.nat.push(
        makeRule(
          'nat',
          fwChain,
          [lbComment, { kind: 'source', cidr, negated: false }],
          jump(extChain),
          [{ ref, path: `spec.loadBalancerSourceRanges[${index}]` }],
        ),
      )
    }
    // The node's own connections to a LB IP are assumed to be SNATed to that LB IP, so when the
    // node may connect, the LB IPs may too.
    const allowNode = view.sourceRanges.some(
      (r) => s.node.internalIP !== '' && cidrHolds(r.cidr, s.node.internalIP),
    )
    if (allowNode) {
      for (const { ip, index } of view.loadBalancerIPs) {
        s.nat.push(
          makeRule(
            'nat',
            fwChain,
            [lbComment, { kind: 'source', cidr: ip, negated: false }],
            jump(extChain),
            lbProvenance(index),
          ),
        )
      }
    }
    s.nat.push(
      makeRule(
        'nat',
        fwChain,
        [comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`)],
        { kind: 'none' },
        [{ ref, path: 'spec.loadBalancerSourceRanges' }],
      ),
    )
  }

  // 9.–10. Service → endpoint chains.
  const sepOf = (e: ServicePortEndpoint) => endpointChainName(spn, protocol, e.endpoint)
  const affinity = service.sessionAffinity === 'ClientIP'
  // Large clusters drop the per-endpoint comments to keep the payload small.
  const endpointComment = (text: string): Match[] => (s.largeCluster ? [] : [comment(text)])
  const writeEndpointRules = (chain: string, endpoints: readonly ServicePortEndpoint[]) => {
    s.natChains.push(chain)
    if (affinity) {
      for (const e of endpoints) {
        s.nat.push(
          makeRule(
            'nat',
            chain,
            [
              ...endpointComment(`${spn} -> ${e.endpoint}`),
              { kind: 'recent-check', name: sepOf(e), seconds: service.affinityTimeoutSeconds },
            ],
            jump(sepOf(e)),
            [
              { ref, path: 'spec.sessionAffinity' },
              { ref, path: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds' },
            ],
          ),
        )
      }
    }
    endpoints.forEach((e, i) => {
      const matches = endpointComment(`${spn} -> ${e.endpoint}`)
      if (i < endpoints.length - 1) {
        matches.push({ kind: 'statistic', probability: probability(endpoints.length - i) })
      }
      s.nat.push(makeRule('nat', chain, matches, jump(sepOf(e)), [{ ref, path: 'spec.selector' }]))
    })
  }
  if (usesSVC) writeEndpointRules(svcChain, cluster)
  if (usesSVL) writeEndpointRules(svlChain, local)

  // 11. One chain per endpoint: hairpin masquerade, then DNAT.
  for (const e of reachable) {
    const sep = sepOf(e)
    s.natChains.push(sep)
    s.nat.push(
      makeRule(
        'nat',
        sep,
        [...endpointComment(spn), { kind: 'source', cidr: e.ip, negated: false }],
        jump('KUBE-MARK-MASQ'),
      ),
      makeRule(
        'nat',
        sep,
        [
          ...endpointComment(spn),
          ...(affinity ? [{ kind: 'recent-set', name: sep } as const] : []),
        ],
        { kind: 'DNAT', to: e.endpoint, protocol },
        [{ ref, path: `${portPath}.targetPort` }, ...containerPortProvenance(s.cluster, e)],
      ),
    )
  }
}

/** The Pod's containerPort line that the endpoint's port came from, for highlighting. */
function containerPortProvenance(cluster: ClusterState, e: ServicePortEndpoint): Provenance[] {
  const pod = cluster.pods.find((p) => p.ref === e.targetRef)
  if (!pod) return []
  const port = pod.ports.find((p) => p.containerPort === e.port)
  return [{ ref: pod.ref, path: port ? port.path : 'metadata.name' }]
}
