/**
 * Requests from a client to an address, through the nodes' kernels, to a Pod: the traffic
 * model every proxy mode shares (DESIGN.md §5 `curl`, §7).
 *
 * A new connection's first packet goes the way Linux sends it (net/ipv4/ip_output.c,
 * ip_forward.c, netfilter hooks in include/uapi/linux/netfilter_ipv4.h): a packet the node
 * itself sends passes nat OUTPUT, one arriving from a Pod or from outside nat PREROUTING; then
 * routing picks the way out (the node itself: filter INPUT; otherwise filter FORWARD, or filter
 * OUTPUT for the node's own packets) and nat POSTROUTING masquerades marked packets to the
 * address of the interface they leave by. Interfaces are a flannel (vxlan) node's: `cni0`, the
 * bridge of the node's Pods, holding the .1 of the node's podCIDR; `flannel.1`, the vxlan device
 * toward other nodes' podCIDRs, holding the .0; `eth0`, the node's InternalIP, toward everything
 * else. A packet routed to another node enters that node's PREROUTING as a new connection there.
 *
 * Only the first packet of a connection sees the nat table (nf_nat_inet_fn skips packets whose
 * conntrack entry already has its NAT set up): a kept-alive connection's later requests are
 * translated by the conntrack entry and reach the same endpoint without any rule walk.
 *
 * Ends: the destination Pod answers only on a port a container declares, else it resets the
 * connection (refused); REJECT answers icmp port-unreachable (refused); DROP, or an address
 * nothing owns, leaves the SYN unanswered until the kernel gives up (timeout); a DNAT to a pod
 * address on this node that no Pod holds fails neighbour resolution (EHOSTUNREACH); an address
 * outside the cluster is routed off the node and assumed to accept.
 */
import { MASQUERADE_MARK } from '../dataplane/iptables/programIptables'
import type { IptablesTables } from '../dataplane/iptables/programIptables'
import { isLocalAddress, traverseHook } from '../dataplane/iptables/walkIptables'
import type { Hook, Packet, WalkContext } from '../dataplane/iptables/walkIptables'
import type { ClusterState, NodeState, Protocol } from '../model/cluster'
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from '../net/ipv4'
import { isTraceError, podWithIP, resolveClient, resolveTarget } from './resolve'
import type { ClientSpec, ResolvedClient, ResolvedTarget, TargetSpec, TraceError } from './resolve'
import { lookupConntrack, recentList, storeConntrack } from './session'
import type { ConntrackEntry, Session } from './session'
import { elapsedFor, failure } from './trace'
import type {
  FailureReason,
  Hop,
  Outcome,
  PacketAddresses,
  Provenance,
  RequestTrace,
} from './trace'

/** What runRequests needs of a simulation (a `Simulation` from simulate.ts is one). */
export interface TrafficSimulation {
  cluster: ClusterState
  /** Node name → the rules kube-proxy programs there. */
  iptables: ReadonlyMap<string, IptablesTables>
}

export interface Request {
  client: ClientSpec
  target: TargetSpec
  /** curl speaks TCP; the UI may send a Service port's own protocol. Default TCP. */
  protocol?: Protocol
}

export interface RunOptions {
  /** How many requests (curl's URL repeated, or `-n`). */
  count: number
  /** Reuse one connection for all requests (HTTP keep-alive), else one connection each. */
  keepAlive: boolean
  /**
   * Seconds between the starts of consecutive requests. A request that takes longer (a
   * timeout) pushes the next one back: it starts when the previous one ended.
   */
  intervalSeconds: number
}

/** Linux's default net.ipv4.ip_local_port_range. */
export const EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const

const addr = (ip: string, port: number) => `${ip}:${port}`
const addresses = (p: Packet): PacketAddresses => ({
  src: addr(p.srcIP, p.srcPort),
  dst: addr(p.dstIP, p.dstPort),
})

function inCidr(ip: string, cidrText: string): boolean {
  const cidr = parseCidr(cidrText)
  const value = parseIPv4(ip)
  return cidr !== null && value !== null && cidrContains(cidr, value)
}

/** The address of a node's interface: cni0 holds the .1 of its podCIDR, flannel.1 the .0. */
export function interfaceAddress(node: NodeState, iface: string): string {
  const cidr = parseCidr(node.podCIDR)
  if (iface === 'cni0' && cidr) return formatIPv4(cidr.base + 1)
  if (iface === 'flannel.1' && cidr) return formatIPv4(cidr.base)
  return node.internalIP
}

type Route =
  | { kind: 'local' }
  | { kind: 'pod'; iface: 'cni0' }
  | { kind: 'node'; iface: 'flannel.1' | 'eth0'; next: NodeState }
  /** Off the node by the default route; `answers`: whether anything there owns the address. */
  | { kind: 'away'; iface: 'eth0'; answers: boolean; why: string }

/** The node's routing table as flannel and kubeadm leave it. */
function routeFrom(cluster: ClusterState, node: NodeState, ip: string): Route {
  if (isLocalAddress(ip, [node.internalIP])) return { kind: 'local' }
  if (inCidr(ip, node.podCIDR)) return { kind: 'pod', iface: 'cni0' }
  const byPodCIDR = cluster.nodes.find((n) => n !== node && inCidr(ip, n.podCIDR))
  if (byPodCIDR) return { kind: 'node', iface: 'flannel.1', next: byPodCIDR }
  const byIP = cluster.nodes.find((n) => n !== node && n.internalIP === ip)
  if (byIP) return { kind: 'node', iface: 'eth0', next: byIP }
  if (inCidr(ip, cluster.settings.serviceSubnet)) {
    return {
      kind: 'away',
      iface: 'eth0',
      answers: false,
      why: `${ip} is a service address no rule translated, and no host owns it`,
    }
  }
  if (inCidr(ip, cluster.settings.podSubnet)) {
    return {
      kind: 'away',
      iface: 'eth0',
      answers: false,
      why: `${ip} is in the pod network but in no node's podCIDR`,
    }
  }
  return { kind: 'away', iface: 'eth0', answers: true, why: `${ip} is outside the cluster` }
}

interface Attempt {
  hops: Hop[]
  outcome: Outcome
  /** The translation to remember when the connection was established. */
  entry: Omit<ConntrackEntry, 'expiresAt' | 'state'> | null
}

interface Context {
  sim: TrafficSimulation
  session: Session
  client: ResolvedClient
  target: ResolvedTarget
  protocol: Protocol
}

function tablesFor(sim: TrafficSimulation, node: NodeState): IptablesTables {
  return (
    sim.iptables.get(node.name) ?? {
      node: node.name,
      chains: { filter: [], nat: [] },
      rules: [],
      masqueradeMark: MASQUERADE_MARK,
    }
  )
}

/** Opens a new connection: the first packet, every hook on every node it crosses. */
function connect(ctx: Context, srcPort: number): Attempt {
  const { sim, session, client, target, protocol } = ctx
  const cluster = sim.cluster
  const multiNode = cluster.nodes.length > 1
  const hops: Hop[] = []
  const fail = (reason: FailureReason): Outcome => failure(reason, target.host, target.port)
  let packet: Packet = {
    srcIP: client.ip,
    srcPort,
    dstIP: target.ip,
    dstPort: target.port,
    protocol,
    mark: 0,
    inInterface: client.inInterface,
  }
  const original = addresses(packet)

  if (client.kind === 'pod' && target.ip === client.ip) {
    // Its own address: the Pod's loopback answers without the packet leaving its namespace.
    return deliverToPod(ctx, hops, packet, original, [])
  }
  // The node's own packets take the source address of the interface the route leaves by.
  if (client.kind === 'node') {
    const first = routeFrom(cluster, client.node, target.ip)
    if (first.kind === 'pod' || first.kind === 'node') {
      packet.srcIP = interfaceAddress(client.node, first.iface)
    }
  }

  let node = client.node
  let local = client.kind === 'node'
  let firstChainHop = true
  for (let crossings = 0; crossings <= cluster.nodes.length; crossings++) {
    const tables = tablesFor(sim, node)
    const prefix = multiNode ? `${node.name}: ` : ''
    const context = (ctstates: string[], masqueradeIP: string): WalkContext => ({
      titlePrefix: prefix,
      localIPs: [node.internalIP],
      masqueradeIP,
      ctstates,
      now: session.clock,
      recent: (name) => recentList(session, node.name, name),
      rng: session.rng,
    })
    const natHook: Hook = local ? 'OUTPUT' : 'PREROUTING'
    const nat = traverseHook(tables, 'nat', natHook, packet, context(['NEW'], node.internalIP))
    if (firstChainHop && target.service && nat.hops[0]) {
      nat.hops[0].anchor = { kind: 'service', ...target.service }
    }
    firstChainHop = false
    hops.push(...nat.hops)
    const translated = nat.packet.dstIP !== packet.dstIP || nat.packet.dstPort !== packet.dstPort
    packet = nat.packet
    const states = translated ? ['NEW', 'DNAT'] : ['NEW']
    const route = routeFrom(cluster, node, packet.dstIP)
    const way = describeRoute(route, packet.dstIP)

    const filterHooks: Hook[] = local
      ? route.kind === 'local'
        ? ['OUTPUT', 'INPUT']
        : ['OUTPUT']
      : route.kind === 'local'
        ? ['INPUT']
        : ['FORWARD']
    for (const hook of filterHooks) {
      const filter = traverseHook(tables, 'filter', hook, packet, context(states, node.internalIP))
      const head = filter.hops[0]
      if (head) head.summary = `${way}; ${head.summary}`
      hops.push(...filter.hops)
      if (filter.verdict === 'reject') return { hops, outcome: fail('refused'), entry: null }
      if (filter.verdict === 'drop') {
        hops.push(giveUp(ctx, packet, 'the SYN was dropped: no answer comes back'))
        return { hops, outcome: fail('timeout'), entry: null }
      }
    }

    if (route.kind === 'local') return deliverToNode(ctx, node, hops, packet, original)

    const masqueradeIP = interfaceAddress(node, route.iface)
    const post = traverseHook(tables, 'nat', 'POSTROUTING', packet, context(states, masqueradeIP))
    hops.push(...post.hops)
    packet = post.packet

    if (route.kind === 'pod') {
      return deliverToPod(ctx, hops, packet, original, [])
    }
    if (route.kind === 'away') {
      if (!route.answers) {
        hops.push(giveUp(ctx, packet, `${route.why}: the SYN goes unanswered`))
        return { hops, outcome: fail('timeout'), entry: null }
      }
      const delivered = addresses(packet)
      hops.push({
        kind: 'deliver',
        anchor: { kind: 'external', ip: packet.dstIP },
        title: `${packet.dstIP} (outside the cluster)`,
        summary: `routed off the node by ${route.iface} to ${delivered.dst}, an address outside the cluster (assumed to accept)`,
        rules: [],
        before: delivered,
        after: delivered,
        provenance: [],
      })
      hops.push(replyHop(delivered, original))
      return {
        hops,
        outcome: { kind: 'connected', podRef: '', endpoint: delivered.dst },
        entry: entryFor(node, protocol, original, delivered, '', hops),
      }
    }
    // On to the next node: the mark is skb metadata and does not cross the wire.
    packet = { ...packet, mark: 0, inInterface: route.iface }
    node = route.next
    local = false
  }
  hops.push(giveUp(ctx, packet, 'the packet loops between nodes'))
  return { hops, outcome: fail('timeout'), entry: null }
}

function describeRoute(route: Route, ip: string): string {
  switch (route.kind) {
    case 'local':
      return `routing: ${ip} is this node's own address (INPUT)`
    case 'pod':
      return `routing: ${ip} is in this node's podCIDR, out cni0`
    case 'node':
      return route.iface === 'flannel.1'
        ? `routing: ${ip} is in ${route.next.name}'s podCIDR, out flannel.1 (vxlan)`
        : `routing: ${ip} is ${route.next.name}'s address, out eth0`
    case 'away':
      return `routing: ${route.why}, out eth0 by the default route`
  }
}

function giveUp(ctx: Context, packet: Packet, why: string): Hop {
  const at = addresses(packet)
  return {
    kind: 'drop',
    anchor: { kind: 'client' },
    title: 'no answer',
    summary: `${why}; ${ctx.client.label} retransmits the SYN until the kernel gives up (ETIMEDOUT)`,
    rules: [],
    before: at,
    after: at,
    provenance: [],
  }
}

function replyHop(delivered: PacketAddresses, original: PacketAddresses): Hop {
  return {
    kind: 'reply',
    anchor: { kind: 'client' },
    title: 'reply un-NATed',
    summary: `conntrack reverses the NAT on the reply: ${delivered.dst} → ${delivered.src} is seen by the client as ${original.dst} → ${original.src}`,
    rules: [],
    before: { src: delivered.dst, dst: delivered.src },
    after: { src: original.dst, dst: original.src },
    provenance: [],
  }
}

function entryFor(
  node: NodeState,
  protocol: Protocol,
  original: PacketAddresses,
  delivered: PacketAddresses,
  podRef: string,
  hops: readonly Hop[],
): Omit<ConntrackEntry, 'expiresAt' | 'state'> {
  const provenance: Provenance[] = hops.flatMap((h) => h.provenance)
  return { node: node.name, protocol, original, delivered, podRef, provenance }
}

/** The packet reaches a Pod's address on this node (the bridge forwards it to the veth). */
function deliverToPod(
  ctx: Context,
  hops: Hop[],
  packet: Packet,
  original: PacketAddresses,
  extra: Provenance[],
): Attempt {
  const { client, target } = ctx
  const cluster = ctx.sim.cluster
  const delivered = addresses(packet)
  const fail = (reason: FailureReason): Outcome => failure(reason, target.host, target.port)
  const pod = podWithIP(cluster, packet.dstIP)
  if (!pod) {
    hops.push({
      kind: 'drop',
      anchor: { kind: 'client' },
      title: `nobody has ${packet.dstIP}`,
      summary: `No Pod holds ${packet.dstIP} (deleted, yet still an endpoint in the rules): ARP for it on cni0 goes unanswered and the connect fails with EHOSTUNREACH ("No route to host")`,
      rules: [],
      before: delivered,
      after: delivered,
      provenance: [],
    })
    return { hops, outcome: fail('unreachable'), entry: null }
  }
  const node = cluster.nodes.find((n) => n.name === pod.nodeName) ?? client.node
  const listening = pod.ports.find(
    (p) => p.containerPort === packet.dstPort && p.protocol === packet.protocol,
  )
  if (!listening) {
    hops.push({
      kind: 'refuse',
      anchor: { kind: 'pod', ref: pod.ref },
      title: `${pod.name} refuses`,
      summary: `Nothing in ${pod.name} listens on ${packet.protocol} port ${packet.dstPort}: the kernel answers RST`,
      rules: [],
      before: delivered,
      after: delivered,
      provenance: [
        ...(target.service
          ? [
              {
                ref: target.service.ref,
                path: `spec.ports[${target.service.portIndex}].targetPort`,
              },
            ]
          : []),
        { ref: pod.ref, path: 'spec.containers' },
      ],
    })
    return { hops, outcome: fail('refused'), entry: null }
  }
  hops.push({
    kind: 'deliver',
    anchor: { kind: 'pod', ref: pod.ref },
    title: `${pod.name} accepts`,
    summary: `${pod.name} accepts on ${delivered.dst} (containerPort ${listening.name ? `${listening.name} ` : ''}${listening.containerPort})${pod.terminating ? '; it is terminating but still running' : ''}`,
    rules: [],
    before: delivered,
    after: delivered,
    provenance: [{ ref: pod.ref, path: listening.path }, ...extra],
  })
  hops.push(replyHop(delivered, original))
  return {
    hops,
    outcome: { kind: 'connected', podRef: pod.ref, endpoint: delivered.dst },
    entry: entryFor(node, packet.protocol, original, delivered, pod.ref, hops),
  }
}

/**
 * The node itself is the destination. kube-proxy listens on each Service's healthCheckNodePort
 * (pkg/proxy/healthcheck); nothing else the playground models listens on a node.
 */
function deliverToNode(
  ctx: Context,
  node: NodeState,
  hops: Hop[],
  packet: Packet,
  original: PacketAddresses,
): Attempt {
  const at = addresses(packet)
  const health = ctx.sim.cluster.services.find(
    (s) => s.healthCheckNodePort !== 0 && s.healthCheckNodePort === packet.dstPort,
  )
  if (health && packet.protocol === 'TCP') {
    hops.push({
      kind: 'deliver',
      anchor: { kind: 'external', ip: packet.dstIP },
      title: `kube-proxy on ${node.name} accepts`,
      summary: `kube-proxy's health check server for ${health.namespace}/${health.name} listens on ${at.dst}`,
      rules: [],
      before: at,
      after: at,
      provenance: [{ ref: health.ref, path: 'spec.healthCheckNodePort' }],
    })
    hops.push(replyHop(at, original))
    return {
      hops,
      outcome: { kind: 'connected', podRef: '', endpoint: at.dst },
      entry: entryFor(node, packet.protocol, original, at, '', hops),
    }
  }
  hops.push({
    kind: 'refuse',
    anchor: { kind: 'external', ip: packet.dstIP },
    title: `${node.name} refuses`,
    summary: `Nothing on ${node.name} listens on ${packet.protocol} port ${packet.dstPort} and no rule translated the packet: the kernel answers RST`,
    rules: [],
    before: at,
    after: at,
    provenance: [],
  })
  return { hops, outcome: failure('refused', ctx.target.host, ctx.target.port), entry: null }
}

/** A request on a connection that is already open: conntrack translates it, no rule walk. */
function reuse(ctx: Context, entry: ConntrackEntry): Hop[] {
  const hops: Hop[] = []
  hops.push({
    kind: 'conntrack',
    anchor: ctx.target.service ? { kind: 'service', ...ctx.target.service } : { kind: 'client' },
    title: `conntrack: ESTABLISHED on ${entry.node}`,
    summary: `the connection is already open: conntrack translates ${entry.original.src} → ${entry.original.dst} to ${entry.delivered.src} → ${entry.delivered.dst}; the nat table is not consulted (only a connection's first packet sees it), and the filter jumps match only NEW`,
    rules: [],
    before: entry.original,
    after: entry.delivered,
    provenance: entry.provenance,
  })
  hops.push({
    kind: 'deliver',
    anchor: entry.podRef ? { kind: 'pod', ref: entry.podRef } : { kind: 'external', ip: '' },
    title: `${entry.podRef ? (entry.podRef.split('/')[2] ?? '') : entry.delivered.dst} answers`,
    summary: `the request arrives on the open connection at ${entry.delivered.dst}`,
    rules: [],
    before: entry.delivered,
    after: entry.delivered,
    provenance: [],
  })
  hops.push(replyHop(entry.delivered, entry.original))
  return hops
}

function sendHop(ctx: Context, original: PacketAddresses, reused: boolean): Hop {
  const { client, target, protocol } = ctx
  const where =
    target.service !== null
      ? `${original.dst} (${target.service.ref.split('/').slice(1).join('/')})`
      : original.dst
  return {
    kind: 'send',
    anchor: { kind: 'client' },
    title: `${client.label} ${reused ? 'sends' : 'connects'}`,
    summary: reused
      ? `${client.label} sends the next request on its open connection ${original.src} → ${where}`
      : `${client.label} opens a ${protocol} connection from ${original.src} to ${where}`,
    rules: [],
    before: original,
    after: original,
    provenance: target.sendProvenance,
  }
}

/** A fresh ephemeral port with no live connection to the same destination. */
function drawPort(ctx: Context): number {
  const { session, client, target, protocol } = ctx
  for (let attempt = 0; ; attempt++) {
    const port = session.rng.int(EPHEMERAL_PORTS.first, EPHEMERAL_PORTS.last)
    const original = { src: addr(client.ip, port), dst: addr(target.ip, target.port) }
    if (attempt > 64 || !lookupConntrack(session, client.node.name, protocol, original)) {
      return port
    }
  }
}

/**
 * Sends `count` requests from the client to the target, sharing the session's clock,
 * conntrack tables and recent lists (the session is updated in place).
 */
export function runRequests(
  sim: TrafficSimulation,
  session: Session,
  request: Request,
  options: RunOptions,
): RequestTrace[] | TraceError {
  const protocol = request.protocol ?? 'TCP'
  const client = resolveClient(sim.cluster, request.client)
  if (isTraceError(client)) return client
  const target = resolveTarget(sim.cluster, client, request.target, protocol)
  if (isTraceError(target)) return target
  const ctx: Context = { sim, session, client, target, protocol }
  const traces: RequestTrace[] = []
  let open: ConntrackEntry | null = null

  for (let i = 0; i < Math.max(0, options.count); i++) {
    const startedAt = session.clock
    const hops: Hop[] = target.dns ? [target.dns] : []
    let outcome: Outcome
    let connection: RequestTrace['connection'] = 'new'
    if (target.unresolved) {
      outcome = failure('dns', target.host, target.port)
    } else {
      const live = open && lookupConntrack(session, open.node, open.protocol, open.original)
      if (options.keepAlive && live) {
        connection = 'reused'
        hops.push(sendHop(ctx, live.original, true), ...reuse(ctx, live))
        outcome = { kind: 'connected', podRef: live.podRef, endpoint: live.delivered.dst }
        storeConntrack(session, { ...live, state: 'ESTABLISHED' })
      } else {
        const srcPort = drawPort(ctx)
        const original = { src: addr(client.ip, srcPort), dst: addr(target.ip, target.port) }
        hops.push(sendHop(ctx, original, false))
        const attempt = connect(ctx, srcPort)
        hops.push(...attempt.hops)
        outcome = attempt.outcome
        if (attempt.entry) {
          // The entry lives on the node the client's packets enter first; it is the one a
          // kept-alive request is looked up in.
          const entry = { ...attempt.entry, node: client.node.name, state: 'ESTABLISHED' as const }
          storeConntrack(session, entry)
          open = lookupConntrack(session, entry.node, entry.protocol, entry.original)
          if (!options.keepAlive) {
            // curl closes the connection after its request: the entry lingers in TIME_WAIT.
            storeConntrack(session, { ...entry, state: 'TIME_WAIT' })
            open = null
          }
        }
      }
    }
    const elapsedMs = elapsedFor(outcome)
    traces.push({ hops, outcome, startedAt, elapsedMs, connection })
    session.clock = startedAt + Math.max(options.intervalSeconds, elapsedMs / 1000)
  }
  if (open && options.keepAlive) storeConntrack(session, { ...open, state: 'TIME_WAIT' })
  return traces
}
