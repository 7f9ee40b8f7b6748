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
import type { Hook, Packet, WalkContext, WalkTables } from '../dataplane/iptables/walkIptables'
import type { IpvsNode } from '../dataplane/ipvs/programIpvs'
import { compareAddress, destLine, serviceLine } from '../dataplane/ipvs/renderIpvsadm'
import { schedule } from '../dataplane/ipvs/scheduler'
import {
  affinityOf,
  createLoadBalancer,
  updateLoadBalancer,
} from '../dataplane/userspace/loadBalancer'
import type { UserspaceNode } from '../dataplane/userspace/programUserspace'
import {
  connectWithRetries,
  createUdpProxyState,
  describeCrossings,
  sendUdpDatagram,
} from '../dataplane/userspace/proxySocket'
import type { DialAttempt, DialResult } from '../dataplane/userspace/proxySocket'
import type { ClusterState, NodeState, Protocol, ProxyMode } from '../model/cluster'
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from '../net/ipv4'
import {
  closeIpvsConnection,
  expireIpvsConnections,
  findVirtualServer,
  ipvsServiceState,
  openIpvsConnection,
  settleIpvsConnection,
  syncVirtualServer,
  touchIpvsConnection,
  virtualServerName,
} from './ipvsSession'
import { isTraceError, podWithIP, resolveClient, resolveTarget } from './resolve'
import type { ClientSpec, ResolvedClient, ResolvedTarget, TargetSpec, TraceError } from './resolve'
import { lookupConntrack, recentList, storeConntrack } from './session'
import type {
  ConntrackEntry,
  IpvsConnection,
  IpvsServiceState,
  Session,
  UserspaceProxyState,
} from './session'
import { closedFailure, elapsedFor, failure } from './trace'
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
  /** kube-proxy's mode; absent means the cluster's setting. */
  proxyMode?: ProxyMode
  /** Node name → the rules kube-proxy programs there (iptables mode). */
  iptables: ReadonlyMap<string, IptablesTables>
  /** Node name → what the IPVS proxier programs there (IPVS mode). */
  ipvs?: ReadonlyMap<string, IpvsNode>
  /** Node name → the userspace proxier's ports and rules (userspace mode). */
  userspace?: ReadonlyMap<string, UserspaceNode>
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
  /**
   * With keepAlive: the connection stays open after the series (a client that keeps its socket),
   * so IPVS still counts it active; by default curl closes it at the end.
   */
  leaveOpen?: boolean
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

/** The node's routing table as flannel and kubeadm leave it; `localIPs` are its own addresses. */
function routeFrom(
  cluster: ClusterState,
  node: NodeState,
  ip: string,
  localIPs: readonly string[] = [node.internalIP],
): Route {
  if (isLocalAddress(ip, localIPs)) return { kind: 'local' }
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
  /** How long the connect took when the mode decides it (userspace's dials), in ms. */
  elapsedMs?: number
  /** The IPVS connection entry the first packet created, settled once the outcome is known. */
  ipvs?: { node: string; state: IpvsServiceState; connection: IpvsConnection }
}

interface Context {
  sim: TrafficSimulation
  session: Session
  client: ResolvedClient
  target: ResolvedTarget
  protocol: Protocol
}

function modeOf(sim: TrafficSimulation): ProxyMode {
  return sim.proxyMode ?? sim.cluster.settings.proxyMode
}

const EMPTY_TABLES: WalkTables = { chains: { filter: [], nat: [] }, rules: [] }

/** The rules a packet walks on `node` in the simulation's mode. */
function tablesFor(sim: TrafficSimulation, node: NodeState): WalkTables {
  const mode = modeOf(sim)
  if (mode === 'ipvs') {
    const ipvs = sim.ipvs?.get(node.name)
    if (!ipvs) return EMPTY_TABLES
    // kube-proxy ensures each jump with `iptables -I` (prepend): the last one ends up on top.
    return { ...ipvs.iptables, jumps: [...ipvs.iptables.jumps].reverse() }
  }
  if (mode === 'userspace') {
    const userspace = sim.userspace?.get(node.name)
    if (!userspace) return EMPTY_TABLES
    const builtin = new Set(['PREROUTING', 'OUTPUT', 'INPUT', 'FORWARD', 'POSTROUTING'])
    const rules = userspace.iptables.rules
    return {
      chains: userspace.iptables.chains,
      rules: rules.filter((r) => !builtin.has(r.chain)),
      jumps: rules.filter((r) => builtin.has(r.chain)),
    }
  }
  return (
    sim.iptables.get(node.name) ?? {
      node: node.name,
      chains: { filter: [], nat: [] },
      rules: [],
      masqueradeMark: MASQUERADE_MARK,
    }
  )
}

/**
 * The node's own addresses: the InternalIP; in IPVS mode also every address on kube-ipvs0 (the
 * VIPs are local, so the packet is delivered to the node and IPVS takes it at LOCAL_IN); in
 * userspace mode also cni0's and flannel.1's, where REDIRECT sends a Pod's packets.
 */
function localIPsOf(sim: TrafficSimulation, node: NodeState): string[] {
  const mode = modeOf(sim)
  if (mode === 'ipvs') return [node.internalIP, ...(sim.ipvs?.get(node.name)?.dummyAddresses ?? [])]
  if (mode === 'userspace') {
    return [node.internalIP, interfaceAddress(node, 'cni0'), interfaceAddress(node, 'flannel.1')]
  }
  return [node.internalIP]
}

/** Opens a new connection: the first packet, every hook on every node it crosses. */
function connect(ctx: Context, srcPort: number): Attempt {
  const { sim, session, client, target, protocol } = ctx
  const cluster = sim.cluster
  const mode = modeOf(sim)
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
  // The node's own packets take the source address of the interface the route leaves by; to
  // an address of its own (a VIP on kube-ipvs0) the local route's source is that address.
  if (client.kind === 'node') {
    const first = routeFrom(cluster, client.node, target.ip, localIPsOf(sim, client.node))
    if (first.kind === 'pod' || first.kind === 'node') {
      packet.srcIP = interfaceAddress(client.node, first.iface)
    } else if (first.kind === 'local' && mode === 'ipvs' && target.ip !== client.node.internalIP) {
      packet.srcIP = target.ip
    }
  }

  let node = client.node
  let local = client.kind === 'node'
  let firstChainHop = true
  let ipvsAttempt: Attempt['ipvs']
  let ipvsVirtualServer: { vaddr: string; vproto: string; vport: number } | null = null
  for (let crossings = 0; crossings <= cluster.nodes.length; crossings++) {
    const tables = tablesFor(sim, node)
    const localIPs = localIPsOf(sim, node)
    const ipvsNode = mode === 'ipvs' ? sim.ipvs?.get(node.name) : undefined
    const prefix = multiNode ? `${node.name}: ` : ''
    const here = node
    const inInterface = packet.inInterface
    const context = (ctstates: string[], masqueradeIP: string): WalkContext => ({
      titlePrefix: prefix,
      localIPs,
      masqueradeIP,
      ctstates,
      now: session.clock,
      recent: (name) => recentList(session, here.name, name),
      rng: session.rng,
      ipset: (name) => ipvsNode?.ipsets.find((set) => set.name === name),
      ipvsVirtualServer,
      redirectIP: inInterface === '' ? '127.0.0.1' : interfaceAddress(here, inInterface),
    })
    const natHook: Hook = local ? 'OUTPUT' : 'PREROUTING'
    const nat = traverseHook(tables, 'nat', natHook, packet, context(['NEW'], node.internalIP))
    if (firstChainHop && target.service && nat.hops[0]) {
      nat.hops[0].anchor = { kind: 'service', ...target.service }
    }
    firstChainHop = false
    hops.push(...nat.hops)
    let translated = nat.packet.dstIP !== packet.dstIP || nat.packet.dstPort !== packet.dstPort
    packet = nat.packet
    let route = routeFrom(cluster, node, packet.dstIP, localIPs)
    let way = describeRoute(route, packet.dstIP)

    let filterHooks: Hook[] = local
      ? route.kind === 'local'
        ? ['OUTPUT', 'INPUT']
        : ['OUTPUT']
      : route.kind === 'local'
        ? ['INPUT']
        : ['FORWARD']

    const walkFilter = (hook: Hook): Attempt | null => {
      const states = translated ? ['NEW', 'DNAT'] : ['NEW']
      const filter = traverseHook(tables, 'filter', hook, packet, context(states, node.internalIP))
      const head = filter.hops[0]
      if (head) head.summary = `${way}; ${head.summary}`
      hops.push(...filter.hops)
      if (filter.verdict === 'reject') return { hops, outcome: fail('refused'), entry: null }
      if (filter.verdict === 'drop') {
        hops.push(giveUp(ctx, packet, 'the SYN was dropped: no answer comes back'))
        return { hops, outcome: fail('timeout'), entry: null }
      }
      return null
    }

    // IPVS: a packet to a virtual server's address, local on kube-ipvs0, is taken by IPVS at
    // LOCAL_IN (after filter INPUT) or, for the node's own packets, at LOCAL_OUT (right after
    // nat OUTPUT); it is scheduled, DNATed and sent on by the node's stack (filter OUTPUT, nat
    // POSTROUTING) as a packet of the node's own.
    const vs =
      route.kind === 'local'
        ? findVirtualServer(ipvsNode, packet.protocol, addr(packet.dstIP, packet.dstPort))
        : undefined
    if (vs) {
      if (!local) {
        const stop = walkFilter('INPUT')
        if (stop) return stop
      }
      const before = addresses(packet)
      const state = syncVirtualServer(session, node.name, vs, session.clock)
      const pick = schedule(
        state.vs,
        {
          srcIP: packet.srcIP,
          srcPort: packet.srcPort,
          dstIP: packet.dstIP,
          dstPort: packet.dstPort,
          protocol: packet.protocol,
        },
        session.clock,
        session.rng,
      )
      const name = virtualServerName(vs)
      const connection = pick.dest ? openIpvsConnection(state, pick.dest, session.clock) : null
      const counters = (address: string) => {
        const dest = state.vs.dests.find((d) => d.address === address)
        return dest ? { active: dest.activeConns, inactive: dest.inactConns } : undefined
      }
      const rules = [
        {
          text: serviceLine({ ...vs, scheduler: state.scheduler }),
          matched: true,
          note: `virtual server ${name} on ${node.name}`,
        },
        ...[...state.vs.dests]
          .sort((a, b) => compareAddress(a.address, b.address))
          .map((d) => ({
            text: destLine(
              { address: d.address, forward: 'Masq', weight: d.weight },
              counters(d.address),
            ),
            matched: d === pick.dest,
            note: d === pick.dest ? 'chosen' : d.weight === 0 ? 'weight 0: not scheduled' : '',
          })),
      ]
      const hop: Hop = {
        kind: 'ipvs',
        anchor: { kind: 'ipvs', node: node.name, virtualServer: name },
        title: `${prefix}ipvs ${name}`,
        summary: '',
        rules,
        before,
        after: before,
        provenance: [...vs.provenance],
      }
      hops.push(hop)
      if (!pick.dest || !connection) {
        hop.summary = `ipvs: ${name} ${state.scheduler} → no real server (${pick.explanation}): the kernel drops the packet and answers ICMP port-unreachable`
        return { hops, outcome: fail('refused'), entry: null }
      }
      const [ip = '', port = '0'] = pick.dest.address.split(':')
      packet = { ...packet, dstIP: ip, dstPort: Number(port) }
      hop.after = addresses(packet)
      const realServer = vs.realServers.find((rs) => rs.address === pick.dest?.address)
      if (realServer?.targetRef)
        hop.provenance.push({ ref: realServer.targetRef, path: 'status.podIP' })
      hop.summary = `ipvs: ${name} ${state.scheduler} → ${pick.dest.address} (${pick.explanation}); masq: DNAT to ${pick.dest.address}, counted ActiveConn ${pick.dest.activeConns} InActConn ${pick.dest.inactConns}`
      ipvsAttempt = { node: node.name, state, connection }
      const [vaddr = '', vport = '0'] = vs.address.split(':')
      ipvsVirtualServer = { vaddr, vproto: vs.protocol.toLowerCase(), vport: Number(vport) }
      translated = true
      route = routeFrom(cluster, node, packet.dstIP, [node.internalIP])
      way = describeRoute(route, packet.dstIP)
      filterHooks = route.kind === 'local' ? ['OUTPUT', 'INPUT'] : ['OUTPUT']
    }

    for (const hook of filterHooks) {
      const stop = walkFilter(hook)
      if (stop) return withIpvs(stop, ipvsAttempt)
    }

    if (route.kind === 'local') {
      if (mode === 'userspace') {
        const userspace = sim.userspace?.get(node.name)
        const servicePort = userspace
          ? [...userspace.proxyPorts].find(([, p]) => p === packet.dstPort)?.[0]
          : undefined
        if (userspace && servicePort !== undefined) {
          return proxyConnect(ctx, node, userspace, servicePort, hops, packet, original)
        }
      }
      return withIpvs(deliverToNode(ctx, node, hops, packet, original), ipvsAttempt)
    }

    const states = translated ? ['NEW', 'DNAT'] : ['NEW']
    const masqueradeIP = interfaceAddress(node, route.iface)
    const post = traverseHook(tables, 'nat', 'POSTROUTING', packet, context(states, masqueradeIP))
    hops.push(...post.hops)
    packet = post.packet

    if (route.kind === 'pod') {
      return withIpvs(deliverToPod(ctx, hops, packet, original, []), ipvsAttempt)
    }
    if (route.kind === 'away') {
      if (!route.answers) {
        hops.push(giveUp(ctx, packet, `${route.why}: the SYN goes unanswered`))
        return withIpvs({ hops, outcome: fail('timeout'), entry: null }, ipvsAttempt)
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
      return withIpvs(
        {
          hops,
          outcome: { kind: 'connected', podRef: '', endpoint: delivered.dst },
          entry: entryFor(node, protocol, original, delivered, '', hops),
        },
        ipvsAttempt,
      )
    }
    // On to the next node: the mark is skb metadata and does not cross the wire.
    packet = { ...packet, mark: 0, inInterface: route.iface }
    node = route.next
    local = false
  }
  hops.push(giveUp(ctx, packet, 'the packet loops between nodes'))
  return withIpvs({ hops, outcome: fail('timeout'), entry: null }, ipvsAttempt)
}

/** Attaches the IPVS connection entry (if IPVS scheduled the packet) to the attempt. */
function withIpvs(attempt: Attempt, ipvs: Attempt['ipvs']): Attempt {
  if (!ipvs) return attempt
  const via: ConntrackEntry['via'] = {
    kind: 'ipvs',
    node: ipvs.node,
    virtualServer: ipvs.state.name,
    connection: ipvs.connection,
  }
  return {
    ...attempt,
    ipvs,
    entry: attempt.entry ? { ...attempt.entry, via } : null,
  }
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
  const via = entry.via
  if (via?.kind === 'ipvs') {
    touchIpvsConnection(via.connection, ctx.session.clock)
    hops.push({
      kind: 'ipvs',
      anchor: { kind: 'ipvs', node: via.node, virtualServer: via.virtualServer },
      title: `ipvs ${via.virtualServer}: connection entry`,
      summary: `ipvs: ${via.virtualServer} → ${via.connection.dest.address}: the IPVS connection entry forwards the packet, the scheduler is not consulted; its timer restarts (${via.connection.protocol === 'UDP' ? 'UDP 300 s' : 'ESTABLISHED 900 s'})`,
      rules: [],
      before: entry.original,
      after: entry.delivered,
      provenance: [],
    })
  } else if (via?.kind === 'proxy') {
    const at = { src: entry.original.src, dst: `${via.node}:${via.port}` }
    hops.push({
      kind: 'proxy',
      anchor: { kind: 'proxy', node: via.node, port: via.port },
      title: `kube-proxy copies to ${via.endpoint}`,
      summary: `kube-proxy reads the request from the client's socket and writes it to its open connection to ${via.endpoint}, no new pick and no dial (2 kernel↔user crossings: read, write)`,
      rules: [],
      before: at,
      after: at,
      provenance: [],
    })
  }
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

/** The client closes a kept-alive connection: IPVS's entry goes inactive (FIN_WAIT). */
function closeVia(session: Session, entry: ConntrackEntry): void {
  const via = entry.via
  if (via?.kind !== 'ipvs') return
  const state = ipvsServiceState(session, via.node, via.virtualServer)
  if (state) closeIpvsConnection(state, via.connection, session.clock)
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
    let elapsedOverride: number | undefined
    for (const node of session.ipvs.keys()) expireIpvsConnections(session, node, session.clock)
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
        elapsedOverride = attempt.elapsedMs
        if (attempt.ipvs) {
          const { state, connection } = attempt.ipvs
          settleIpvsConnection(
            state,
            connection,
            outcome.kind === 'connected' ? 'connected' : outcome.reason,
            session.clock,
          )
          // curl closes its connection after the request unless it keeps it alive.
          if (outcome.kind === 'connected' && !options.keepAlive) {
            closeIpvsConnection(state, connection, session.clock)
          }
        }
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
    const elapsedMs = elapsedOverride ?? elapsedFor(outcome)
    traces.push({ hops, outcome, startedAt, elapsedMs, connection })
    session.clock = startedAt + Math.max(options.intervalSeconds, elapsedMs / 1000)
  }
  if (open && options.keepAlive && options.leaveOpen !== true) {
    storeConntrack(session, { ...open, state: 'TIME_WAIT' })
    closeVia(session, open)
  }
  return traces
}

/** The node's userspace proxier state in the session, created on first use. */
function userspaceStateOf(
  session: Session,
  node: string,
  synced: ClusterState,
): UserspaceProxyState {
  let state = session.userspace.get(node)
  if (!state) {
    state = { lb: createLoadBalancer(synced, session.rng), udp: createUdpProxyState() }
    session.userspace.set(node, state)
  }
  return state
}

/**
 * What kube-proxy's dial to an endpoint meets, in the API state of now: a Pod listening on the
 * port accepts, a Pod not listening resets (refused), an address no Pod holds any more answers
 * nothing (the dial times out); a node or an address outside the pod network accepts.
 */
function dialEndpoint(
  cluster: ClusterState,
  endpoint: string,
  protocol: Protocol,
): { result: DialResult; podRef: string; why: string } {
  const colon = endpoint.lastIndexOf(':')
  const ip = endpoint.slice(0, colon)
  const port = Number(endpoint.slice(colon + 1))
  const pod = podWithIP(cluster, ip)
  if (!pod) {
    if (inCidr(ip, cluster.settings.podSubnet)) {
      return {
        result: 'timeout',
        podRef: '',
        why: `no Pod holds ${ip} any more (deleted, still an endpoint in kube-proxy's balancer): nothing answers the SYN`,
      }
    }
    return { result: 'ok', podRef: '', why: `${endpoint} is not a Pod; it accepts` }
  }
  const listening = pod.ports.some((p) => p.containerPort === port && p.protocol === protocol)
  return listening
    ? { result: 'ok', podRef: pod.ref, why: `${pod.name} accepts on ${endpoint}` }
    : {
        result: 'refused',
        podRef: pod.ref,
        why: `nothing in ${pod.name} listens on ${protocol} port ${port}: RST`,
      }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/**
 * Userspace mode: iptables steered the connection to kube-proxy's proxy port, where the
 * process accepts it in user space, asks its round robin for an endpoint and dials it as a new
 * connection of its own (from the node's address), retrying per `EndpointDialTimeouts`, then
 * copies bytes both ways; when every dial fails it closes the client's connection.
 * @see reference/kube-proxy-iptables.md §12
 */
function proxyConnect(
  ctx: Context,
  node: NodeState,
  userspace: UserspaceNode,
  servicePort: string,
  hops: Hop[],
  packet: Packet,
  original: PacketAddresses,
): Attempt {
  const { sim, session, protocol } = ctx
  const cluster = sim.cluster
  const synced: ClusterState = { ...cluster, ...userspace.synced }
  const state = userspaceStateOf(session, node.name, synced)
  // OnEndpointsUpdate, as of kube-proxy's last sync.
  updateLoadBalancer(state.lb, synced)
  const affinity = affinityOf(synced, servicePort)
  const port = packet.dstPort
  const anchor = { kind: 'proxy' as const, node: node.name, port }
  const atProxy = addresses(packet)
  const clientIP = packet.srcIP
  const prefix = cluster.nodes.length > 1 ? `${node.name}: ` : ''
  const service = ctx.target.service
  const provenance: Provenance[] = service
    ? [{ ref: service.ref, path: `spec.ports[${service.portIndex}].port` }]
    : []

  const dials = new Map<string, ReturnType<typeof dialEndpoint>>()
  const dial = (endpoint: string): DialResult => {
    const outcome = dialEndpoint(cluster, endpoint, protocol)
    dials.set(endpoint, outcome)
    return outcome.result
  }
  let attempts: DialAttempt[]
  let connected: string | null
  let elapsedSeconds = 0
  let closeWhy = ''
  let curlError = ''
  let udpNote = ''
  if (protocol === 'UDP') {
    const sent = sendUdpDatagram(
      state.lb,
      state.udp,
      servicePort,
      `${packet.srcIP}:${packet.srcPort}`,
      session.clock,
      affinity,
    )
    udpNote = sent.explanation
    attempts = []
    connected = null
    if (sent.endpoint !== null) {
      // Dialling UDP sends nothing and never fails; a datagram to a Pod that is gone is lost.
      const result = dial(sent.endpoint)
      if (!sent.reused) {
        attempts = [
          {
            endpoint: sent.endpoint,
            result: 'ok',
            at: 0,
            timeoutSeconds: 0,
            explanation: sent.explanation,
          },
        ]
      }
      if (result === 'ok') connected = sent.endpoint
      else {
        closeWhy = `${sent.explanation}; ${dials.get(sent.endpoint)?.why ?? ''}: the datagram is lost and no reply comes`
        curlError = ''
      }
    } else {
      closeWhy = sent.explanation
      curlError = ''
    }
  } else {
    const result = connectWithRetries(
      state.lb,
      servicePort,
      clientIP,
      session.clock,
      affinity,
      dial,
    )
    attempts = result.attempts
    connected = result.endpoint
    elapsedSeconds = result.elapsedSeconds
    closeWhy = result.explanation
    curlError = result.curlError ?? ''
  }
  const crossings = describeCrossings(protocol, attempts)
  const costOf = (index: number) => crossings.steps[index]?.syscalls ?? []
  const cost = (calls: readonly string[]) =>
    calls.length === 0
      ? 'no kernel↔user crossing'
      : `${plural(calls.length, 'kernel↔user crossing')}: ${calls.join(', ')}`

  // Steps of describeCrossings: 0 the kernel's redirect, 1 accept (TCP) or recvfrom (UDP), ...
  hops.push({
    kind: 'proxy',
    anchor,
    title: `${prefix}kube-proxy accepts on :${port}`,
    summary:
      protocol === 'UDP'
        ? `kube-proxy reads the datagram in user space on ${atProxy.dst} for ${servicePort} (crossing 1: ${cost(costOf(1))})`
        : `kube-proxy accepts in user space on ${atProxy.dst} for ${servicePort} (crossing 1: the kernel finished the handshake with the client; ${cost(costOf(1))})`,
    rules: [],
    before: atProxy,
    after: atProxy,
    provenance,
  })

  const dialSource = (endpoint: string) => {
    const ip = endpoint.slice(0, endpoint.lastIndexOf(':'))
    const route = routeFrom(cluster, node, ip)
    return route.kind === 'pod' || route.kind === 'node'
      ? interfaceAddress(node, route.iface)
      : node.internalIP
  }
  const firstDialStep = protocol === 'UDP' ? 2 : 3
  let dialSrc = ''
  attempts.forEach((attempt, i) => {
    hops.push({
      kind: 'proxy',
      anchor,
      title: `${prefix}kube-proxy picks ${attempt.endpoint}`,
      summary: `${i === 0 ? 'LoadBalancerRR' : `retry ${i + 1} of 4, LoadBalancerRR`}: ${protocol === 'UDP' ? udpNote : attempt.explanation} (${cost([])}: the choice is made in user space)`,
      rules: [],
      before: atProxy,
      after: atProxy,
      provenance: affinity
        ? [...provenance, ...(service ? [{ ref: service.ref, path: 'spec.sessionAffinity' }] : [])]
        : provenance,
    })
    const source = `${dialSource(attempt.endpoint)}:${session.rng.int(EPHEMERAL_PORTS.first, EPHEMERAL_PORTS.last)}`
    if (attempt.result === 'ok') dialSrc = source
    const outcome = dials.get(attempt.endpoint)
    const dialAddresses = { src: source, dst: attempt.endpoint }
    const timing =
      attempt.result === 'timeout'
        ? `; gave up after its ${attempt.timeoutSeconds * 1000} ms dial timeout`
        : attempt.result === 'refused'
          ? '; fails at once'
          : ''
    hops.push({
      kind: 'dial',
      anchor: outcome?.podRef
        ? { kind: 'pod', ref: outcome.podRef }
        : { kind: 'external', ip: attempt.endpoint.slice(0, attempt.endpoint.lastIndexOf(':')) },
      title: `${prefix}dial ${attempt.endpoint}: ${attempt.result === 'ok' ? 'connected' : attempt.result}`,
      summary: `kube-proxy opens a NEW ${protocol} connection ${source} → ${attempt.endpoint} (try ${i + 1} of 4, at +${attempt.at * 1000} ms${protocol === 'UDP' ? '' : `, timeout ${attempt.timeoutSeconds * 1000} ms`}): ${outcome?.why ?? attempt.result}${timing} (${cost(costOf(firstDialStep + i))})`,
      rules: [],
      before: dialAddresses,
      after: dialAddresses,
      provenance: outcome?.podRef ? [{ ref: outcome.podRef, path: 'status.podIP' }] : [],
    })
  })

  const elapsedMs = Math.round(elapsedSeconds * 1000)
  if (connected === null) {
    const closeStep = crossings.steps.at(-1)
    hops.push({
      kind: 'proxy',
      anchor,
      title: `${prefix}kube-proxy closes the client`,
      summary: `${closeWhy} (${cost(closeStep?.syscalls ?? [])}; ${plural(crossings.totalSyscalls, 'crossing')} in all)`,
      rules: [],
      before: atProxy,
      after: atProxy,
      provenance,
    })
    if (curlError === '') {
      return { hops, outcome: failure('timeout', ctx.target.host, ctx.target.port), entry: null }
    }
    return { hops, outcome: closedFailure(curlError), entry: null, elapsedMs }
  }

  const delivered = { src: dialSrc || `${node.internalIP}:0`, dst: connected }
  const podRef = dials.get(connected)?.podRef ?? ''
  const pod = cluster.pods.find((p) => p.ref === podRef)
  const copies = crossings.steps.filter((s) => s.copies > 0)
  const requestCopy = copies.length > 1 ? copies[0] : undefined
  const replyCopies = copies.slice(copies.length > 1 ? 1 : 0)
  hops.push({
    kind: 'deliver',
    anchor: podRef
      ? { kind: 'pod', ref: podRef }
      : { kind: 'external', ip: connected.slice(0, connected.lastIndexOf(':')) },
    title: `${pod?.name ?? connected} accepts`,
    summary: `${pod?.name ?? connected} accepts kube-proxy's connection on ${connected}; kube-proxy copies the request over it (${cost(requestCopy?.syscalls ?? [])})`,
    rules: [],
    before: delivered,
    after: delivered,
    provenance: pod ? [{ ref: pod.ref, path: 'spec.containers' }] : [],
  })
  const replyCalls = replyCopies.flatMap((s) => s.syscalls)
  hops.push({
    kind: 'reply',
    anchor: { kind: 'client' },
    title: 'reply through kube-proxy',
    summary: `kube-proxy reads the reply from ${connected} and writes it to the client's socket; conntrack un-NATs the client's connection, so ${atProxy.dst} → ${atProxy.src} is seen as ${original.dst} → ${original.src} (${cost(replyCalls)}; ${plural(crossings.totalSyscalls, 'crossing')} and ${`${crossings.totalCopies} ${crossings.totalCopies === 1 ? 'copy' : 'copies'}`} in all: ${crossings.comparison})`,
    rules: [],
    before: { src: atProxy.dst, dst: atProxy.src },
    after: { src: original.dst, dst: original.src },
    provenance: [],
  })
  const entry = entryFor(node, protocol, original, delivered, podRef, hops)
  return {
    hops,
    outcome: { kind: 'connected', podRef, endpoint: connected },
    entry: { ...entry, via: { kind: 'proxy', node: node.name, port, endpoint: connected } },
    elapsedMs,
  }
}
