/**
 * The engine's public surface. Other layers import only from here.
 */
export { simulate, proxyConfigFor, traceRequest } from './simulate'
export type { Simulation, SimulationSettings } from './simulate'
export { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from './model/cluster'
export type { Settings, SettingsOverrides } from './control/readSettings'
export type {
  ClusterState,
  ContainerPort,
  EndpointAddress,
  EndpointSlice,
  EndpointsState,
  EndpointSubset,
  ProxyMode,
  NodeState,
  PodState,
  ServicePort,
  ServiceState,
} from './model/cluster'
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics'
export type { SourceRange } from './parse/sourceText'
export type { Manifest, ManifestSource } from './parse/readManifests'
export { hasField, rangeOfField } from './parse/readManifests'
export type { RejectedObject } from './control/admitObjects'
export type { IptablesTables } from './dataplane/iptables/programIptables'
export type { Match, Rule, Provenance, Target as RuleTarget } from './dataplane/iptables/rules'
export { isTraceError } from './traffic/resolve'
export type { Client, TraceError } from './traffic/resolve'
export type {
  Anchor,
  Hop,
  Outcome,
  PacketAddresses,
  RequestTrace,
  RuleCheck,
} from './traffic/trace'
export { createRng, forkRng } from './rng'
export type { Rng } from './rng'
export { kubectlGet, resolveGetKind } from './render/kubectlGet'
export type { GetKind, GetOptions } from './render/kubectlGet'
export { renderIptablesSave } from './dataplane/iptables/renderIptablesSave'
export { createSession } from './traffic/session'
export type { Session } from './traffic/session'
export { runRequests } from './traffic/runRequests'
export type { ClientSpec, TargetSpec } from './traffic/resolve'
export type { Request } from './traffic/runRequests'
export { ipInCidr } from './net/ipv4'
export { programNodes, requestProtocol } from './simulate'
export { apiStateAt, applyEvents, proxyStateAt, timelineEffects } from './timeline/timeline'
export type { Timeline } from './timeline/timeline'
export { eventOrder } from './timeline/replayEvents'
export type { EventEffect, FaultEvent } from './timeline/replayEvents'
export { runTimelineRequests } from './timeline/runTimelineRequests'
export type { TimedRequest } from './timeline/runTimelineRequests'
export { setReplicas, setSessionAffinity } from './edit/editManifest'
export type { EditResult } from './edit/editManifest'
export { programIpvs } from './dataplane/ipvs/programIpvs'
export type {
  IpvsConfig,
  IpvsNode,
  IpvsRealServer,
  IpvsVirtualServer,
} from './dataplane/ipvs/programIpvs'
export { renderIpvsadm, ipvsCounterKey } from './dataplane/ipvs/renderIpvsadm'
export { renderIpvsIptablesRestore } from './dataplane/ipvs/ipvsIptables'
export {
  createVirtualService,
  addDest,
  removeDest,
  setWeight,
  schedule,
  connectionOpened,
  connectionEstablished,
  connectionClosed,
} from './dataplane/ipvs/scheduler'
export { SCHEDULER_NAMES } from './dataplane/ipvs/scheduler'
export type { SchedulerName, VirtualService } from './dataplane/ipvs/scheduler'
export { programUserspace } from './dataplane/userspace/programUserspace'
export type { UserspaceNode } from './dataplane/userspace/programUserspace'
export { createLoadBalancer, nextEndpoint } from './dataplane/userspace/loadBalancer'
export { connectWithRetries, describeCrossings } from './dataplane/userspace/proxySocket'
export { ipvsConfigFor } from './simulate'
export type { ProgrammedNodes } from './simulate'
export { ipvsCountersOf, virtualServerName, IPVS_TIMEOUTS } from './traffic/ipvsSession'
export type { IpvsCounters } from './dataplane/ipvs/renderIpvsadm'
export type { FailureReason } from './traffic/trace'
export type {
  ConnectionVia,
  IpvsConnection,
  IpvsServiceState,
  UserspaceProxyState,
} from './traffic/session'
export { rulesTextFor } from './render/rulesText'
