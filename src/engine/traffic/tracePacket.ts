/**
 * Stage 4 as the UI calls it: one request from a client to a Service port's cluster IP, on a
 * fresh session (empty conntrack and recent lists, clock at 0). A thin wrapper over
 * runRequests (runRequests.ts), which holds the traffic model.
 *
 * The request speaks the Service port's own protocol (the UI may pick a UDP port), not curl's
 * TCP.
 */
import type { IptablesTables } from '../dataplane/iptables/programIptables'
import type { ClusterState, NodeState } from '../model/cluster'
import type { Rng } from '../rng'
import { isTraceError as isError } from './resolve'
import type { Client, TraceError } from './resolve'
import { runRequests } from './runRequests'
import type { RequestTrace } from './trace'

export type { Client, TraceError }

export interface TrafficRequest {
  client: Client
  /** `Service/namespace/name` and the index of the Service port. */
  target: { serviceRef: string; portIndex: number }
}

export function tracePacket(
  cluster: ClusterState,
  tablesFor: (node: NodeState) => IptablesTables,
  request: TrafficRequest,
  rng: Rng,
): RequestTrace | TraceError {
  const service = cluster.services.find((s) => s.ref === request.target.serviceRef)
  const protocol = service?.ports[request.target.portIndex]?.protocol ?? 'TCP'
  const iptables = new Map(cluster.nodes.map((node) => [node.name, tablesFor(node)]))
  const traces = runRequests(
    { cluster, iptables },
    { clock: 0, rng, conntrack: new Map(), recent: new Map() },
    { client: request.client, target: { kind: 'service', ...request.target }, protocol },
    { count: 1, keepAlive: false, intervalSeconds: 0 },
  )
  if (isError(traces)) return traces
  const [first] = traces
  return first ?? { kind: 'no-target', message: 'No request was sent.' }
}

export function isTraceError(value: RequestTrace | TraceError): value is TraceError {
  return isError(value)
}
