/**
 * The whole pipeline in one place: text → objects → cluster → each node's rules.
 * Every stage is a pure function; the same text and settings give the same result.
 */
import type { Diagnostic } from './diagnostics'
import { buildCluster } from './control/buildCluster'
import type { RejectedObject } from './control/admitObjects'
import { programIptables } from './dataplane/iptables/programIptables'
import type { IptablesTables, ProxyConfig } from './dataplane/iptables/programIptables'
import { programIpvs } from './dataplane/ipvs/programIpvs'
import type { IpvsConfig, IpvsNode } from './dataplane/ipvs/programIpvs'
import { programUserspace } from './dataplane/userspace/programUserspace'
import type { UserspaceNode } from './dataplane/userspace/programUserspace'
import type { ClusterState, Protocol, ProxyMode } from './model/cluster'
import { forkRng } from './rng'
import type { Settings, SettingsOverrides } from './control/readSettings'
import { parseManifests } from './parse/parseManifests'
import { readManifests } from './parse/readManifests'
import type { Manifest } from './parse/readManifests'
import { isTraceError } from './traffic/resolve'
import type { TraceError } from './traffic/resolve'
import { runRequests } from './traffic/runRequests'
import type { Request } from './traffic/runRequests'
import { createSession } from './traffic/session'
import type { RequestTrace } from './traffic/trace'

/** What the toolbar or svcsim's flags set; everything else comes from the YAML's config documents. */
export type SimulationSettings = SettingsOverrides

export interface Simulation {
  settings: SimulationSettings
  manifests: Manifest[]
  diagnostics: Diagnostic[]
  rejected: RejectedObject[]
  /** True when a document could not be parsed; the UI keeps its last good canvas then. */
  hasSyntaxErrors: boolean
  cluster: ClusterState
  /** kube-proxy's mode: which one of the three maps below is filled. */
  proxyMode: ProxyMode
  /** Node name → the rules kube-proxy programs there (iptables mode; else empty). */
  iptables: ReadonlyMap<string, IptablesTables>
  /** Node name → virtual servers, ipsets and rules (IPVS mode; else empty). */
  ipvs: ReadonlyMap<string, IpvsNode>
  /** Node name → proxy ports and portal rules (userspace mode; else empty). */
  userspace: ReadonlyMap<string, UserspaceNode>
}

/** What kube-proxy programs on every node, per mode: only the cluster's mode's map is filled. */
export interface ProgrammedNodes {
  proxyMode: ProxyMode
  iptables: ReadonlyMap<string, IptablesTables>
  ipvs: ReadonlyMap<string, IpvsNode>
  userspace: ReadonlyMap<string, UserspaceNode>
}

export function proxyConfigFor(settings: Settings): ProxyConfig {
  return {
    clusterCIDR: settings.clusterCIDR,
    masqueradeAll: settings.masqueradeAll,
    detectLocalMode: settings.detectLocalMode,
    bridgeInterface: settings.bridgeInterface,
    interfaceNamePrefix: settings.interfaceNamePrefix,
    masqueradeBit: settings.masqueradeBit,
    localhostNodePorts: settings.localhostNodePorts,
    nodePortAddresses: settings.nodePortAddresses,
  }
}

export function ipvsConfigFor(settings: Settings): IpvsConfig {
  return {
    scheduler: settings.ipvsScheduler,
    masqueradeAll: settings.masqueradeAll,
    // IPVS mode's rules use the ClusterCIDR detector only (`! -s clusterCIDR`); other detectors
    // fall back to matching the node's own VIP-sourced connections (`src,dst`).
    clusterCIDR: settings.detectLocalMode === 'ClusterCIDR' ? settings.clusterCIDR : '',
    strictARP: settings.ipvsStrictARP,
    nodePortAddresses: settings.nodePortAddresses,
    masqueradeBit: settings.masqueradeBit,
  }
}

/**
 * What kube-proxy programs on every node for this cluster, in the cluster's proxy mode. The
 * userspace proxy ports are drawn from a generator forked per node from the seed, so the same
 * Services get the same ports in every state of a timeline.
 */
export function programNodes(cluster: ClusterState): ProgrammedNodes {
  const mode = cluster.settings.proxyMode
  const none = new Map<string, never>()
  if (mode === 'ipvs') {
    const config = ipvsConfigFor(cluster.settings)
    return {
      proxyMode: mode,
      iptables: none,
      ipvs: new Map(cluster.nodes.map((node) => [node.name, programIpvs(cluster, node, config)])),
      userspace: none,
    }
  }
  if (mode === 'userspace') {
    return {
      proxyMode: mode,
      iptables: none,
      ipvs: none,
      userspace: new Map(
        cluster.nodes.map((node) => [
          node.name,
          programUserspace(cluster, node, forkRng(cluster.settings.seed, `userspace ${node.name}`)),
        ]),
      ),
    }
  }
  const proxyConfig = proxyConfigFor(cluster.settings)
  return {
    proxyMode: mode,
    iptables: new Map(
      cluster.nodes.map((node) => [node.name, programIptables(cluster, node, proxyConfig)]),
    ),
    ipvs: none,
    userspace: none,
  }
}

/**
 * The protocol a request speaks: the one it names, else a Service target's port protocol (the
 * UI sends a UDP port's own protocol), else TCP as curl does.
 */
export function requestProtocol(cluster: ClusterState, request: Request): Protocol {
  const target = request.target
  return (
    request.protocol ??
    (target.kind === 'service'
      ? cluster.services.find((s) => s.ref === target.serviceRef)?.ports[target.portIndex]?.protocol
      : undefined) ??
    'TCP'
  )
}

export function simulate(text: string, settings: SimulationSettings): Simulation {
  const parsed = parseManifests(text)
  const read = readManifests(parsed.documents)
  const control = buildCluster(read.manifests, settings)
  const programmed = programNodes(control.cluster)
  const diagnostics = [...parsed.diagnostics, ...read.diagnostics, ...control.diagnostics]
  return {
    settings,
    manifests: read.manifests,
    diagnostics: diagnostics.sort(
      (a, b) => (a.range?.startOffset ?? 0) - (b.range?.startOffset ?? 0),
    ),
    rejected: control.rejected,
    hasSyntaxErrors: parsed.diagnostics.length > 0,
    cluster: control.cluster,
    ...programmed,
  }
}

/**
 * One request on a fresh session (empty conntrack and recent lists, clock at 0), with its own
 * seeded generator so it replays exactly. A Service target speaks the port's own protocol.
 */
export function traceRequest(
  simulation: Simulation,
  request: Request,
  seed: number,
): RequestTrace | TraceError {
  const protocol = requestProtocol(simulation.cluster, request)
  const traces = runRequests(
    simulation,
    createSession(seed),
    { ...request, protocol },
    {
      count: 1,
      keepAlive: false,
      intervalSeconds: 0,
    },
  )
  if (isTraceError(traces)) return traces
  return traces[0] ?? { kind: 'no-target', message: 'No request was sent.' }
}
