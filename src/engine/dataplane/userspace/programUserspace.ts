/**
 * Userspace mode (removed from kube-proxy in v1.26): the proxy port kube-proxy opens per service
 * port and the nat/filter rules that steer service traffic into those ports.
 *
 * Mirrors kubernetes/kubernetes pkg/proxy/userspace/proxier.go @0096f4a4 (`iptablesInit`,
 * `mergeService`, `openPortal`, `openOnePortal`, `openNodePort`, `claimNodePort`,
 * `iptablesCommonPortalArgs`, `iptablesContainerPortalArgs`, `iptablesHostPortalArgs`,
 * `iptablesHostNodePortArgs`, `iptablesNonLocalNodePortArgs`) and port_allocator.go
 * (`newPortAllocator`, `rangeAllocator.nextFreePort`). The proxy port of the default, empty
 * `--proxy-port-range` is the one the kernel gives `listen(":0")`: Linux
 * net/ipv4/inet_connection_sock.c `inet_csk_find_open_port` (TCP) and net/ipv4/udp.c
 * `udp_lib_get_port` (UDP), with the default ip_local_port_range 32768-60999.
 *
 * Upstream installs each rule with its own `iptables -A/-I` (`EnsureRule`), not an
 * iptables-restore payload. The text here is that rule's argument list in the order the proxier
 * builds it, after `-A CHAIN`. Services come in the cluster's order (upstream: Go map order).
 * @see reference/kube-proxy-iptables.md §12
 */
import type { ClusterState, NodeState, Protocol, ServiceState } from '../../model/cluster'
import type { Rng } from '../../rng'
import { servicePortName } from '../iptables/chainNames'
import type { IptablesTables } from '../iptables/programIptables'
import { makeRule, quoteComment } from '../iptables/rules'
import type { Match, Provenance, Rule, Target } from '../iptables/rules'

export const CONTAINER_PORTAL_CHAIN = 'KUBE-PORTALS-CONTAINER'
export const HOST_PORTAL_CHAIN = 'KUBE-PORTALS-HOST'
export const CONTAINER_NODEPORT_CHAIN = 'KUBE-NODEPORT-CONTAINER'
export const HOST_NODEPORT_CHAIN = 'KUBE-NODEPORT-HOST'
export const NON_LOCAL_NODEPORT_CHAIN = 'KUBE-NODEPORT-NON-LOCAL'

const PORTALS_COMMENT = 'handle ClusterIPs; NOTE: this must be before the NodePort rules'
const NODEPORTS_COMMENT = 'handle service NodePorts; NOTE: this must be the last rule in the chain'
const NON_LOCAL_COMMENT = 'Ensure that non-local NodePort traffic can flow'

/** Linux's default net.ipv4.ip_local_port_range, where `listen(":0")` ports come from. */
export const EPHEMERAL_PORT_RANGE = { low: 32768, high: 60999 } as const

export interface UserspaceOptions {
  /**
   * `--bind-address` (KubeProxyConfiguration.bindAddress), default 0.0.0.0. With 0.0.0.0 the
   * container rules REDIRECT; with a specific address every rule DNATs to it.
   */
  listenIP?: string
  /** `--proxy-port-range` as base and size; absent means the kernel picks (randomAllocator). */
  proxyPortRange?: { base: number; size: number }
}

/**
 * What one rule does, as data a packet walk can evaluate. The shared `Rule` type has no
 * REDIRECT target and no physdev/state match, so the full meaning lives here and `Rule.text`.
 */
export interface PortalRule {
  table: 'nat' | 'filter'
  chain: string
  servicePort: string
  protocol: Protocol
  /** `-d IP/32`, or null for the NodePort rules (any local address via the hook's addrtype). */
  destination: string | null
  dport: number
  /** `-m physdev ! --physdev-is-in`: the packet did not come in over a bridge port. */
  notFromBridge: boolean
  /** `-m addrtype --dst-type LOCAL`. */
  dstLocal: boolean
  /** filter rule only: `-m state --state NEW`. */
  stateNew: boolean
  target: { kind: 'REDIRECT'; toPort: number } | { kind: 'DNAT'; to: string } | { kind: 'ACCEPT' }
  text: string
  provenance: Provenance[]
}

/** A port kube-proxy holds open only to reserve it (`claimNodePort`). */
export interface ClaimedPort {
  ip: string | null
  port: number
  protocol: Protocol
  owner: string
}

export interface UserspaceNode {
  node: string
  /** Service port name (`ns/svc:port`, or `ns/svc` for an unnamed port) → proxy port. */
  proxyPorts: Map<string, number>
  /** Where the proxy listens and where host rules DNAT to. */
  listenIP: string
  hostIP: string
  portalRules: PortalRule[]
  claimedPorts: ClaimedPort[]
  /** The same rules plus the hooks `iptablesInit` ensures, for `renderIptablesSave`. */
  iptables: IptablesTables
  /**
   * The Services and v1 Endpoints this sync saw: the load balancer's endpoints follow them
   * (`OnEndpointsUpdate`), so they lag behind the API by the same sync delay as the rules.
   */
  synced: Pick<ClusterState, 'services' | 'endpoints'>
}

function isZero(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::'
}

/** `net.JoinHostPort`. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** `utilproxy.ToCIDR`. */
function toCIDR(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`
}

/** `utilproxy.ShouldSkipService`: no cluster IP (headless) or ExternalName is not proxied. */
export function shouldSkipService(service: ServiceState): boolean {
  return service.clusterIP === '' || service.clusterIP === 'None' || service.type === 'ExternalName'
}

interface PortAllocator {
  used: Set<number>
  next(protocol: Protocol): number
}

/**
 * port_allocator.go. A range: `rangeAllocator.nextFreePort` draws `rand.Intn(size)` and scans
 * upward, then from the base. No range: `randomAllocator` returns 0 and the kernel chooses.
 */
function portAllocator(rng: Rng, range: UserspaceOptions['proxyPortRange']): PortAllocator {
  const used = new Set<number>()
  const take = (port: number) => {
    used.add(port)
    return port
  }
  if (range !== undefined && range.base !== 0 && range.size > 0) {
    return {
      used,
      next: () => {
        const j = rng.int(0, range.size - 1)
        for (let k = 0; k < range.size; k++) {
          const port = range.base + ((j + k) % range.size)
          if (!used.has(port)) return take(port)
        }
        // Upstream AllocateNext times out with errPortRangeNoPortsRemaining; the service port
        // then gets no proxy and no rules (mergeService `continue`).
        return -1
      },
    }
  }
  const { low, high } = EPHEMERAL_PORT_RANGE
  return {
    used,
    next: (protocol) => {
      if (protocol === 'TCP') {
        // inet_csk_find_open_port: Go listeners set SO_REUSEADDR, so the kernel first tries the
        // lower half of the range, odd ports only (even ones are left to connect()).
        const top = high + 1
        const half = low + (((top - low) >> 2) << 1)
        const remaining = (half - low) & ~1
        const offset = rng.int(0, remaining - 1) | 1
        for (let i = 0; i < remaining; i += 2) {
          let port = low + offset + i
          if (port >= half) port -= remaining
          if (!used.has(port)) return take(port)
        }
        return -1
      }
      // udp_lib_get_port: a uniform first guess in the whole range. Its collision walk (odd
      // multiples of the hash size) is simplified to a linear scan.
      const size = high - low + 1
      const first = rng.int(0, size - 1)
      for (let k = 0; k < size; k++) {
        const port = low + ((first + k) % size)
        if (!used.has(port)) return take(port)
      }
      return -1
    },
  }
}

interface RuleArgs {
  chain: string
  servicePort: string
  protocol: Protocol
  destination: string | null
  dport: number
  notFromBridge: boolean
  dstLocal: boolean
  stateNew: boolean
  target: PortalRule['target']
  provenance: Provenance[]
}

/** `iptablesCommonPortalArgs` + the target, in the proxier's argument order. */
function portalRule(args: RuleArgs): PortalRule {
  const p = args.protocol.toLowerCase()
  const parts = [
    `-A ${args.chain}`,
    `-m comment --comment ${quoteComment(args.servicePort)}`,
    `-p ${p} -m ${p}`,
    `--dport ${args.dport}`,
  ]
  if (args.destination !== null) parts.push(`-d ${toCIDR(args.destination)}`)
  if (args.notFromBridge) parts.push('-m physdev ! --physdev-is-in')
  if (args.dstLocal) parts.push('-m addrtype --dst-type LOCAL')
  if (args.stateNew) parts.push('-m state --state NEW')
  switch (args.target.kind) {
    case 'REDIRECT':
      parts.push(`-j REDIRECT --to-ports ${args.target.toPort}`)
      break
    case 'DNAT':
      parts.push(`-j DNAT --to-destination ${args.target.to}`)
      break
    case 'ACCEPT':
      parts.push('-j ACCEPT')
  }
  return {
    table: args.chain === NON_LOCAL_NODEPORT_CHAIN ? 'filter' : 'nat',
    chain: args.chain,
    servicePort: args.servicePort,
    protocol: args.protocol,
    destination: args.destination,
    dport: args.dport,
    notFromBridge: args.notFromBridge,
    dstLocal: args.dstLocal,
    stateNew: args.stateNew,
    target: args.target,
    text: parts.join(' '),
    provenance: args.provenance,
  }
}

/** The shared `Rule` view, for printing and for the packet walk; the text is the proxier's. */
function toSharedRule(rule: PortalRule): Rule {
  const matches: Match[] = [
    { kind: 'comment', text: rule.servicePort },
    { kind: 'protocol', protocol: rule.protocol },
    { kind: 'dport', port: rule.dport },
  ]
  if (rule.destination !== null) {
    matches.push({ kind: 'destination', cidr: toCIDR(rule.destination), negated: false })
  }
  if (rule.notFromBridge) matches.push({ kind: 'physdev-not-in' })
  if (rule.dstLocal) matches.push({ kind: 'addrtype-dst-local' })
  if (rule.stateNew) matches.push({ kind: 'ctstate', states: ['NEW'], negated: false })
  const target: Target =
    rule.target.kind === 'DNAT'
      ? { kind: 'DNAT', to: rule.target.to, protocol: rule.protocol }
      : rule.target.kind === 'ACCEPT'
        ? { kind: 'ACCEPT' }
        : { kind: 'REDIRECT', toPorts: rule.target.toPort }
  return {
    table: rule.table,
    chain: rule.chain,
    matches,
    target,
    text: rule.text,
    provenance: rule.provenance,
  }
}

/** `iptablesInit`: the chains and the hooks into PREROUTING, OUTPUT and filter INPUT. */
function hookRules(): Rule[] {
  const portals: Match = { kind: 'comment', text: PORTALS_COMMENT }
  const nodePorts: Match[] = [
    { kind: 'addrtype-dst-local' },
    { kind: 'comment', text: NODEPORTS_COMMENT },
  ]
  return [
    // Prepended: ahead of anything else in PREROUTING/OUTPUT/INPUT.
    makeRule('filter', 'INPUT', [{ kind: 'comment', text: NON_LOCAL_COMMENT }], {
      kind: 'jump',
      chain: NON_LOCAL_NODEPORT_CHAIN,
    }),
    makeRule('nat', 'PREROUTING', [portals], { kind: 'jump', chain: CONTAINER_PORTAL_CHAIN }),
    // Appended: NodePort rules match any local address, so portal rules must win first.
    makeRule('nat', 'PREROUTING', nodePorts, { kind: 'jump', chain: CONTAINER_NODEPORT_CHAIN }),
    makeRule('nat', 'OUTPUT', [portals], { kind: 'jump', chain: HOST_PORTAL_CHAIN }),
    makeRule('nat', 'OUTPUT', nodePorts, { kind: 'jump', chain: HOST_NODEPORT_CHAIN }),
  ]
}

function provenanceOf(service: ServiceState, portIndex: number, field: string): Provenance[] {
  return [{ ref: service.ref, path: `spec.ports[${portIndex}].${field}` }]
}

/**
 * The proxier's state on `node` after every Service was merged (`mergeService`) and its portals
 * opened (`openPortal`). `rng` draws the proxy ports, one per proxied service port.
 */
export function programUserspace(
  cluster: ClusterState,
  node: NodeState,
  rng: Rng,
  options: UserspaceOptions = {},
): UserspaceNode {
  const listenIP = options.listenIP ?? '0.0.0.0'
  // NewCustomProxier: with 0.0.0.0, `utilnet.ChooseHostInterface` picks the default-route
  // interface's address: the node's InternalIP here.
  const hostIP = isZero(listenIP) ? node.internalIP : listenIP
  const allocator = portAllocator(rng, options.proxyPortRange)
  const proxyPorts = new Map<string, number>()
  const portalRules: PortalRule[] = []
  const claimedPorts: ClaimedPort[] = []
  const localAddrs = new Set([node.internalIP])

  for (const service of cluster.services) {
    if (shouldSkipService(service)) continue
    service.ports.forEach((port, portIndex) => {
      const name = servicePortName(service.namespace, service.name, port.name)
      const proxyPort = allocator.next(port.protocol)
      if (proxyPort < 0) return
      proxyPorts.set(name, proxyPort)
      const base = { servicePort: name, protocol: port.protocol, stateNew: false }
      const containerTarget: PortalRule['target'] = isZero(listenIP)
        ? { kind: 'REDIRECT', toPort: proxyPort }
        : { kind: 'DNAT', to: joinHostPort(listenIP, proxyPort) }
      const hostTarget: PortalRule['target'] = {
        kind: 'DNAT',
        to: joinHostPort(hostIP, proxyPort),
      }
      const provenance = provenanceOf(service, portIndex, 'port')

      // openOnePortal: a portal IP that is local to the node is also bound, to reserve it.
      const openOnePortal = (ip: string, isExternal: boolean, prov: Provenance[]) => {
        if (localAddrs.has(ip)) {
          claimedPorts.push({ ip, port: port.port, protocol: port.protocol, owner: name })
        }
        const common = { ...base, destination: ip, dport: port.port, provenance: prov }
        portalRules.push(
          portalRule({
            ...common,
            chain: CONTAINER_PORTAL_CHAIN,
            notFromBridge: isExternal,
            dstLocal: false,
            target: containerTarget,
          }),
        )
        if (isExternal) {
          // External IPs: from a bridge (a local pod) only when the IP is this node's own, and
          // from the host likewise; other traffic to it was routed here from outside.
          portalRules.push(
            portalRule({
              ...common,
              chain: CONTAINER_PORTAL_CHAIN,
              notFromBridge: false,
              dstLocal: true,
              target: containerTarget,
            }),
            portalRule({
              ...common,
              chain: HOST_PORTAL_CHAIN,
              notFromBridge: false,
              dstLocal: true,
              target: hostTarget,
            }),
          )
          return
        }
        portalRules.push(
          portalRule({
            ...common,
            chain: HOST_PORTAL_CHAIN,
            notFromBridge: false,
            dstLocal: false,
            target: hostTarget,
          }),
        )
      }

      openOnePortal(service.clusterIP, false, provenance)
      service.externalIPs.forEach((ip, i) => {
        openOnePortal(ip, true, [{ ref: service.ref, path: `spec.externalIPs[${i}]` }])
      })
      service.loadBalancerIngress.forEach((ip, i) => {
        if (ip === '') return
        openOnePortal(ip, false, [
          { ref: service.ref, path: `status.loadBalancer.ingress[${i}].ip` },
        ])
      })
      if (port.nodePort !== 0) {
        // openNodePort: the node port is bound on every address (ip nil) to reserve it.
        claimedPorts.push({ ip: null, port: port.nodePort, protocol: port.protocol, owner: name })
        const common = {
          ...base,
          destination: null,
          dport: port.nodePort,
          notFromBridge: false,
          dstLocal: false,
          provenance: provenanceOf(service, portIndex, 'nodePort'),
        }
        portalRules.push(
          portalRule({ ...common, chain: CONTAINER_NODEPORT_CHAIN, target: containerTarget }),
          portalRule({ ...common, chain: HOST_NODEPORT_CHAIN, target: hostTarget }),
          // iptablesNonLocalNodePortArgs matches the *proxy* port: after PREROUTING rewrote
          // the node port, INPUT sees the proxy port, which a default-deny INPUT would drop.
          portalRule({
            ...common,
            chain: NON_LOCAL_NODEPORT_CHAIN,
            dport: proxyPort,
            stateNew: true,
            target: { kind: 'ACCEPT' },
          }),
        )
      }
    })
  }

  const rules = [
    ...hookRules().filter((r) => r.table === 'filter'),
    ...portalRules.filter((r) => r.table === 'filter').map(toSharedRule),
    ...hookRules().filter((r) => r.table === 'nat'),
    ...portalRules.filter((r) => r.table === 'nat').map(toSharedRule),
  ]
  return {
    node: node.name,
    proxyPorts,
    listenIP,
    hostIP,
    portalRules,
    claimedPorts,
    iptables: {
      node: node.name,
      chains: {
        filter: [NON_LOCAL_NODEPORT_CHAIN, 'INPUT'],
        nat: [
          CONTAINER_PORTAL_CHAIN,
          HOST_PORTAL_CHAIN,
          CONTAINER_NODEPORT_CHAIN,
          HOST_NODEPORT_CHAIN,
          'PREROUTING',
          'OUTPUT',
        ],
      },
      rules,
      // The userspace proxier marks nothing: the proxy's own socket is the new source.
      masqueradeMark: 0,
    },
    synced: { services: cluster.services, endpoints: cluster.endpoints },
  }
}
