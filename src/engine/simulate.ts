/**
 * The whole pipeline in one place: text → objects → cluster → each node's rules.
 * Every stage is a pure function; the same text and settings give the same result.
 */
import type { Diagnostic } from './diagnostics'
import { buildCluster } from './control/buildCluster'
import type { RejectedObject } from './control/admitObjects'
import { programIptables } from './dataplane/iptables/programIptables'
import type { IptablesTables, ProxyConfig } from './dataplane/iptables/programIptables'
import type { ClusterState, Protocol } from './model/cluster'
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
  /** Node name → the rules kube-proxy programs there. */
  iptables: ReadonlyMap<string, IptablesTables>
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

/** What kube-proxy programs on every node for this cluster: node name → its rules. */
export function programNodes(cluster: ClusterState): Map<string, IptablesTables> {
  const proxyConfig = proxyConfigFor(cluster.settings)
  return new Map(
    cluster.nodes.map((node) => [node.name, programIptables(cluster, node, proxyConfig)]),
  )
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
  const iptables = programNodes(control.cluster)
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
    iptables,
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
