/**
 * Who sends a request and where to: the client (a Pod, a node, or an address given with
 * `--from-ip`) and the target (a URL curl would take, a Service port, or an address).
 *
 * A name in the URL is resolved the way a Pod's resolver does it: kubelet writes
 * `search <ns>.svc.<domain> svc.<domain> <domain>` and `options ndots:5` into the Pod's
 * /etc/resolv.conf (pkg/kubelet/network/dns/dns.go), so a name with fewer than five dots is
 * tried with each search suffix first, then as given. CoreDNS's kubernetes plugin answers
 * `<service>.<ns>.svc.<domain>` with the cluster IP (the ready endpoints' addresses for a
 * headless Service, a CNAME for ExternalName). A node's or an outside host's resolver does not
 * ask the cluster DNS, so a Service name does not resolve there. The DNS query's own packets
 * (to kube-dns through kube-proxy) are not traced here: the hop only states the answer.
 */
import type { ClusterState, NodeState, PodState, Protocol, ServiceState } from '../model/cluster'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ipv4'
import type { Anchor, Hop, Provenance } from './trace'

export type Client = { kind: 'node'; name: string } | { kind: 'pod'; ref: string }

/** `--from-ip`: an address on (or sending to) `node`; '' means the first node. */
export type ClientSpec = Client | { kind: 'ip'; ip: string; node: string }

export type TargetSpec =
  /** What curl takes: `http://name.ns:port/path`, `name:port`, `10.96.0.10:80`, ... */
  | { kind: 'url'; url: string }
  /** A Service port by reference: its cluster IP and port, no DNS. */
  | { kind: 'service'; serviceRef: string; portIndex: number }
  | { kind: 'address'; ip: string; port: number }

export type TraceError = {
  kind: 'no-client' | 'no-target' | 'headless' | 'bad-url'
  message: string
}

export interface ResolvedClient {
  kind: 'pod' | 'node' | 'external'
  ip: string
  /** The node whose kernel sees the packet first. */
  node: NodeState
  label: string
  /** `Pod/ns/name` when the client is a Pod of the cluster. */
  podRef: string
  /** The namespace whose search path the resolver uses; null: no cluster DNS. */
  namespace: string | null
  /** The interface the first packet enters the node by ('' for the node's own packets). */
  inInterface: string
}

export interface ResolvedTarget {
  /** What curl calls the host in its messages: the name from the URL, or the address. */
  host: string
  ip: string
  port: number
  /** The DNS hop when the URL named a host; null for an address. */
  dns: Hop | null
  /** Set when the name did not resolve. */
  unresolved: boolean
  /** The Service port the address belongs to, for the canvas and provenance. */
  service: { ref: string; portIndex: number } | null
  sendProvenance: Provenance[]
}

function inCidr(ip: string, cidrText: string): boolean {
  const cidr = parseCidr(cidrText)
  const value = parseIPv4(ip)
  return cidr !== null && value !== null && cidrContains(cidr, value)
}

export function isTraceError<T extends object>(value: T | TraceError): value is TraceError {
  return 'kind' in value && 'message' in value && !('hops' in value)
}

function firstNode(cluster: ClusterState, name: string): NodeState | undefined {
  return name === '' ? cluster.nodes[0] : cluster.nodes.find((n) => n.name === name)
}

/** A Pod that has a network namespace: it has an address and its containers were not reaped. */
export function podWithIP(cluster: ClusterState, ip: string): PodState | undefined {
  return cluster.pods.find(
    (p) => p.podIP === ip && p.phase !== 'Succeeded' && p.phase !== 'Failed' && ip !== '',
  )
}

export function resolveClient(
  cluster: ClusterState,
  spec: ClientSpec,
): ResolvedClient | TraceError {
  if (spec.kind === 'node') {
    const node = cluster.nodes.find((n) => n.name === spec.name)
    if (!node) return { kind: 'no-client', message: `node "${spec.name}" not found` }
    return {
      kind: 'node',
      ip: node.internalIP,
      node,
      label: `node ${node.name}`,
      podRef: '',
      namespace: null,
      inInterface: '',
    }
  }
  if (spec.kind === 'pod') {
    const pod = cluster.pods.find((p) => p.ref === spec.ref)
    if (!pod) return { kind: 'no-client', message: `pod "${spec.ref}" not found` }
    const node = cluster.nodes.find((n) => n.name === pod.nodeName)
    if (!node || pod.podIP === '') {
      return {
        kind: 'no-client',
        message: `pod "${pod.namespace}/${pod.name}" has no IP address: it is not running on a node`,
      }
    }
    return podClient(pod, node)
  }
  const value = parseIPv4(spec.ip)
  if (value === null) return { kind: 'no-client', message: `invalid IP address "${spec.ip}"` }
  const chosen = firstNode(cluster, spec.node)
  if (!chosen) return { kind: 'no-client', message: `node "${spec.node}" not found` }
  const owner = cluster.nodes.find((n) => n.internalIP === spec.ip)
  if (owner) return resolveClient(cluster, { kind: 'node', name: owner.name })
  if (inCidr(spec.ip, cluster.settings.podSubnet)) {
    const pod = podWithIP(cluster, spec.ip)
    const podNode = pod && cluster.nodes.find((n) => n.name === pod.nodeName)
    if (pod && podNode) return podClient(pod, podNode)
    // An address of the pod network that no Pod object has: a pod on the chosen node (one the
    // YAML does not describe), which resolves names as a Pod of the default namespace does.
    return {
      kind: 'pod',
      ip: spec.ip,
      node: chosen,
      label: `a pod at ${spec.ip} on ${chosen.name}`,
      podRef: '',
      namespace: 'default',
      inInterface: 'cni0',
    }
  }
  return {
    kind: 'external',
    ip: spec.ip,
    node: chosen,
    label: `host ${spec.ip} outside the cluster`,
    podRef: '',
    namespace: null,
    inInterface: 'eth0',
  }
}

function podClient(pod: PodState, node: NodeState): ResolvedClient {
  return {
    kind: 'pod',
    ip: pod.podIP,
    node,
    label: `pod ${pod.name}`,
    podRef: pod.ref,
    namespace: pod.namespace,
    // A Pod's packets reach the host through its veth, a port of the cni0 bridge.
    inInterface: 'cni0',
  }
}

interface ParsedUrl {
  host: string
  port: number
}

/** The parts of a URL curl needs to connect: scheme (http or https), host and port. */
export function parseUrl(url: string): ParsedUrl | TraceError {
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/:?#\s@]+)(?::([^/?#]*))?([/?#].*)?$/.exec(
    url.trim(),
  )
  if (!match) {
    return { kind: 'bad-url', message: 'curl: (3) URL rejected: Malformed input to a URL function' }
  }
  const scheme = (match[1] ?? 'http').toLowerCase()
  if (scheme !== 'http' && scheme !== 'https') {
    return { kind: 'bad-url', message: `curl: (1) Protocol "${scheme}" not supported` }
  }
  const portText = match[3]
  let port = scheme === 'https' ? 443 : 80
  if (portText !== undefined && portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
      return {
        kind: 'bad-url',
        message: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535',
      }
    }
    port = Number(portText)
  }
  return { host: (match[2] ?? '').toLowerCase(), port }
}

/** The Service port an address belongs to: its cluster IP, an external or LB IP, or a NodePort. */
export function serviceForAddress(
  cluster: ClusterState,
  ip: string,
  port: number,
  protocol: Protocol,
): { ref: string; portIndex: number; path: string } | null {
  const nodeIP = cluster.nodes.some((n) => n.internalIP === ip)
  for (const service of cluster.services) {
    for (const [portIndex, p] of service.ports.entries()) {
      if (p.protocol !== protocol) continue
      const path = `spec.ports[${portIndex}]`
      if (p.port === port && service.clusterIP === ip) {
        return { ref: service.ref, portIndex, path: `${path}.port` }
      }
      if (p.port === port && service.externalIPs.includes(ip)) {
        return { ref: service.ref, portIndex, path: 'spec.externalIPs' }
      }
      if (p.port === port && service.loadBalancerIngress.includes(ip)) {
        return { ref: service.ref, portIndex, path: 'status.loadBalancer.ingress' }
      }
      if (nodeIP && p.nodePort !== 0 && p.nodePort === port) {
        return { ref: service.ref, portIndex, path: `${path}.nodePort` }
      }
    }
  }
  return null
}

interface DnsAnswer {
  ip: string | null
  note: string
  provenance: Provenance[]
}

/** CoreDNS's answer for one fully qualified name, or null for NXDOMAIN. */
function lookup(cluster: ClusterState, fqdn: string): DnsAnswer | null {
  const suffix = `.svc.${cluster.settings.dnsDomain.toLowerCase()}`
  if (!fqdn.endsWith(suffix)) return null
  const labels = fqdn.slice(0, -suffix.length).split('.')
  if (labels.length !== 2) return null
  const [name, namespace] = labels
  const service = cluster.services.find((s) => s.name === name && s.namespace === namespace)
  if (!service) return null
  const provenance: Provenance[] = [{ ref: service.ref, path: 'metadata.name' }]
  if (service.type === 'ExternalName') {
    return {
      ip: null,
      note: `CNAME ${service.externalName}, a name outside the simulated cluster`,
      provenance: [...provenance, { ref: service.ref, path: 'spec.externalName' }],
    }
  }
  if (service.clusterIP === 'None') {
    const ips = readyAddresses(cluster, service)
    const first = ips[0]
    if (first === undefined) return null
    return {
      ip: first,
      note: `A ${ips.join(', ')} (headless: the ready endpoints; curl uses the first)`,
      provenance: [...provenance, { ref: service.ref, path: 'spec.clusterIP' }],
    }
  }
  return {
    ip: service.clusterIP,
    note: `A ${service.clusterIP}`,
    provenance: [...provenance, { ref: service.ref, path: 'spec.clusterIP' }],
  }
}

function readyAddresses(cluster: ClusterState, service: ServiceState): string[] {
  const ips = new Set<string>()
  for (const slice of cluster.endpointSlices) {
    if (slice.namespace !== service.namespace || slice.serviceName !== service.name) continue
    for (const e of slice.endpoints) {
      if (!e.conditions.ready && !service.publishNotReadyAddresses) continue
      for (const a of e.addresses) ips.add(a)
    }
  }
  return [...ips].sort()
}

/** The names the resolver asks for, in order (glibc res_search with ndots:5). */
export function searchNames(host: string, namespace: string, domain: string): string[] {
  if (host.endsWith('.')) return [host.slice(0, -1)]
  const search = [`${namespace}.svc.${domain}`, `svc.${domain}`, domain]
  const expanded = search.map((s) => `${host}.${s}`)
  const dots = host.split('.').length - 1
  return dots >= 5 ? [host, ...expanded] : [...expanded, host]
}

export function resolveTarget(
  cluster: ClusterState,
  client: ResolvedClient,
  spec: TargetSpec,
  protocol: Protocol,
): ResolvedTarget | TraceError {
  if (spec.kind === 'service') {
    const service = cluster.services.find((s) => s.ref === spec.serviceRef)
    const servicePort = service?.ports[spec.portIndex]
    if (!service || !servicePort) {
      return { kind: 'no-target', message: `Service ${spec.serviceRef} has no such port.` }
    }
    if (service.clusterIP === 'None') {
      return {
        kind: 'headless',
        message: `Service "${service.name}" is headless (clusterIP: None): kube-proxy does not handle it; clients reach the Pods by DNS.`,
      }
    }
    if (service.clusterIP === '') {
      return {
        kind: 'no-target',
        message: `Service "${service.name}" has no cluster IP (type ExternalName): clients reach ${service.externalName} by DNS.`,
      }
    }
    return {
      host: service.clusterIP,
      ip: service.clusterIP,
      port: servicePort.port,
      dns: null,
      unresolved: false,
      service: { ref: service.ref, portIndex: spec.portIndex },
      sendProvenance: [{ ref: service.ref, path: `spec.ports[${spec.portIndex}].port` }],
    }
  }
  let host: string
  let port: number
  if (spec.kind === 'address') {
    host = spec.ip
    port = spec.port
  } else {
    const parsed = parseUrl(spec.url)
    if ('kind' in parsed) return parsed
    host = parsed.host
    port = parsed.port
  }
  const withService = (ip: string, dns: Hop | null, extra: Provenance[]): ResolvedTarget => {
    const service = serviceForAddress(cluster, ip, port, protocol)
    return {
      host,
      ip,
      port,
      dns,
      unresolved: false,
      service: service && { ref: service.ref, portIndex: service.portIndex },
      sendProvenance: [...extra, ...(service ? [{ ref: service.ref, path: service.path }] : [])],
    }
  }
  if (parseIPv4(host) !== null) return withService(host, null, [])

  const anchor: Anchor = { kind: 'client' }
  const domain = cluster.settings.dnsDomain.toLowerCase()
  const before = { src: client.ip, dst: `${host}:${port}` }
  if (client.namespace === null) {
    const dns: Hop = {
      kind: 'dns',
      anchor,
      title: `DNS: ${host}`,
      summary: `${client.label} does not use the cluster DNS (its /etc/resolv.conf points to the node's resolvers), so "${host}" does not resolve`,
      rules: [],
      before,
      after: before,
      provenance: [],
    }
    return { host, ip: '', port, dns, unresolved: true, service: null, sendProvenance: [] }
  }
  const names = searchNames(host, client.namespace, domain)
  const tried: string[] = []
  for (const name of names) {
    tried.push(name)
    const answer = lookup(cluster, name)
    if (!answer) continue
    const path = `search ${client.namespace}.svc.${domain} svc.${domain} ${domain}, ndots:5`
    const asked = tried.length > 1 ? `NXDOMAIN for ${tried.slice(0, -1).join(', ')}; ` : ''
    const summary = `${path}: ${asked}${name} is ${answer.note}`
    if (answer.ip === null) {
      const dns: Hop = {
        kind: 'dns',
        anchor,
        title: `DNS: ${host}`,
        summary,
        rules: [],
        before,
        after: before,
        provenance: answer.provenance,
      }
      return { host, ip: '', port, dns, unresolved: true, service: null, sendProvenance: [] }
    }
    const after = { src: client.ip, dst: `${answer.ip}:${port}` }
    const dns: Hop = {
      kind: 'dns',
      anchor,
      title: `DNS: ${host} → ${answer.ip}`,
      summary,
      rules: [],
      before,
      after,
      provenance: answer.provenance,
    }
    return withService(answer.ip, dns, answer.provenance)
  }
  const dns: Hop = {
    kind: 'dns',
    anchor,
    title: `DNS: ${host}`,
    summary: `NXDOMAIN for ${tried.join(', ')}`,
    rules: [],
    before,
    after: before,
    provenance: [],
  }
  return { host, ip: '', port, dns, unresolved: true, service: null, sendProvenance: [] }
}
