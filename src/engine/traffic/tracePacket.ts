/**
 * Stage 4: one request from a client to a Service, through the node's proxy rules, to a Pod.
 *
 * The client opens a TCP connection from an ephemeral port (Linux's default
 * ip_local_port_range, 32768-60999). The first packet walks the mode's rules on the client's
 * node; the destination Pod answers only on a port a container declares, otherwise it resets the
 * connection and curl reports it refused; the reply is un-NATed by conntrack on the way back.
 */
import type { ClusterState, NodeState, PodState } from '../model/cluster'
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from '../net/ipv4'
import type { IptablesTables } from '../dataplane/iptables/programIptables'
import { walkIptables } from '../dataplane/iptables/walkIptables'
import type { Packet } from '../dataplane/iptables/walkIptables'
import type { Rng } from '../rng'
import { curlRefused } from './trace'
import type { Hop, RequestTrace } from './trace'

export type Client = { kind: 'node'; name: string } | { kind: 'pod'; ref: string }

export interface TrafficRequest {
  client: Client
  /** `Service/namespace/name` and the index of the Service port. */
  target: { serviceRef: string; portIndex: number }
}

export type TraceError = { kind: 'no-client' | 'no-target' | 'headless'; message: string }

const addr = (ip: string, port: number) => `${ip}:${port}`

/** The address MASQUERADE picks: the one on the interface toward the Pod (the cni0 bridge). */
function bridgeAddress(node: NodeState): string {
  const cidr = parseCidr(node.podCIDR)
  return cidr ? formatIPv4(cidr.base + 1) : node.internalIP
}

export function tracePacket(
  cluster: ClusterState,
  tablesFor: (node: NodeState) => IptablesTables,
  request: TrafficRequest,
  rng: Rng,
): RequestTrace | TraceError {
  const service = cluster.services.find((s) => s.ref === request.target.serviceRef)
  const servicePort = service?.ports[request.target.portIndex]
  if (!service || !servicePort) {
    return { kind: 'no-target', message: `Service ${request.target.serviceRef} has no such port.` }
  }
  if (service.clusterIP === 'None') {
    return {
      kind: 'headless',
      message: `Service "${service.name}" is headless (clusterIP: None): kube-proxy does not handle it; clients reach the Pods by DNS.`,
    }
  }
  const client = resolveClient(cluster, request.client)
  if (!client) return { kind: 'no-client', message: 'The client is not in the cluster.' }

  const srcPort = rng.int(32768, 60999)
  const packet: Packet = {
    srcIP: client.ip,
    srcPort,
    dstIP: service.clusterIP,
    dstPort: servicePort.port,
    protocol: servicePort.protocol,
    mark: 0,
    inInterface: client.kind === 'pod' ? 'cni0' : '',
  }
  const original = { src: addr(packet.srcIP, srcPort), dst: addr(packet.dstIP, packet.dstPort) }
  const hops: Hop[] = [
    {
      kind: 'send',
      anchor: { kind: 'client' },
      title: `${client.label} connects`,
      summary: `${client.label} opens a ${servicePort.protocol} connection to ${service.name}'s cluster IP ${original.dst}`,
      rules: [],
      before: original,
      after: original,
      provenance: [{ ref: service.ref, path: `spec.ports[${request.target.portIndex}].port` }],
    },
  ]

  const walk = walkIptables(
    tablesFor(client.node),
    packet,
    {
      localIPs: [client.node.internalIP],
      hookFrom: client.kind === 'node' ? 'OUTPUT' : 'PREROUTING',
      masqueradeIP: bridgeAddress(client.node),
    },
    rng,
  )
  hops.push(...walk.hops)
  const entry = walk.hops[0]
  if (entry)
    entry.anchor = { kind: 'service', ref: service.ref, portIndex: request.target.portIndex }
  if (walk.verdict !== 'dnat') {
    return {
      hops,
      outcome: { kind: 'refused', message: curlRefused(service.clusterIP, servicePort.port) },
    }
  }

  const after = walk.packet
  const pod = cluster.pods.find((p) => p.podIP === after.dstIP && !p.terminating)
  const delivered = { src: addr(after.srcIP, after.srcPort), dst: addr(after.dstIP, after.dstPort) }
  const podNetwork = parseCidr(cluster.settings.podSubnet)
  const outside = parseIPv4(after.dstIP)
  if (!pod && podNetwork && outside !== null && !cidrContains(podNetwork, outside)) {
    // A manual endpoint outside the cluster: the packet is routed off the node, where the
    // playground cannot follow it. It assumes a server there accepts the connection.
    hops.push({
      kind: 'deliver',
      anchor: { kind: 'external', ip: after.dstIP },
      title: `${after.dstIP} (outside the cluster)`,
      summary: `routed off the node to ${delivered.dst}, an address outside the cluster (assumed to accept)`,
      rules: [],
      before: delivered,
      after: delivered,
      provenance: [],
    })
    return { hops, outcome: { kind: 'connected', podRef: '', endpoint: delivered.dst } }
  }
  if (!pod) {
    return {
      hops,
      outcome: { kind: 'refused', message: curlRefused(service.clusterIP, servicePort.port) },
    }
  }
  const listening = pod.ports.find(
    (p) => p.containerPort === after.dstPort && p.protocol === after.protocol,
  )
  if (!listening) {
    hops.push({
      kind: 'refuse',
      anchor: { kind: 'pod', ref: pod.ref },
      title: `${pod.name} refuses`,
      summary: `Nothing in ${pod.name} listens on ${after.protocol} port ${after.dstPort}: the kernel answers RST`,
      rules: [],
      before: delivered,
      after: delivered,
      provenance: [
        { ref: service.ref, path: `spec.ports[${request.target.portIndex}].targetPort` },
      ],
    })
    return {
      hops,
      outcome: { kind: 'refused', message: curlRefused(service.clusterIP, servicePort.port) },
    }
  }
  hops.push({
    kind: 'deliver',
    anchor: { kind: 'pod', ref: pod.ref },
    title: `${pod.name} accepts`,
    summary: `${pod.name} accepts on ${delivered.dst} (containerPort ${listening.name ? `${listening.name} ` : ''}${listening.containerPort})`,
    rules: [],
    before: delivered,
    after: delivered,
    provenance: [{ ref: pod.ref, path: listening.path }],
  })
  hops.push({
    kind: 'reply',
    anchor: { kind: 'client' },
    title: 'reply un-NATed',
    summary: `conntrack reverses the NAT on the reply: ${delivered.dst} → ${delivered.src} is seen by the client as ${original.dst} → ${original.src}`,
    rules: [],
    before: { src: delivered.dst, dst: delivered.src },
    after: { src: original.dst, dst: original.src },
    provenance: [],
  })
  return { hops, outcome: { kind: 'connected', podRef: pod.ref, endpoint: delivered.dst } }
}

interface ResolvedClient {
  kind: Client['kind']
  ip: string
  node: NodeState
  label: string
}

function resolveClient(cluster: ClusterState, client: Client): ResolvedClient | null {
  if (client.kind === 'node') {
    const node = cluster.nodes.find((n) => n.name === client.name)
    return node ? { kind: 'node', ip: node.internalIP, node, label: `node ${node.name}` } : null
  }
  const pod: PodState | undefined = cluster.pods.find((p) => p.ref === client.ref)
  const node = cluster.nodes.find((n) => n.name === pod?.nodeName)
  if (!pod || !node) return null
  return { kind: 'pod', ip: pod.podIP, node, label: `pod ${pod.name}` }
}

export function isTraceError(value: RequestTrace | TraceError): value is TraceError {
  return 'kind' in value
}
