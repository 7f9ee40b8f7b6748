/**
 * Which Pods back a Service, per EndpointSlice: what the canvas draws as Service → Pod edges.
 */
import type { ServiceState, Simulation } from '../engine'

export interface ServiceEndpoint {
  podRef: string
  ready: boolean
  /** `ip:port` for each Service port this Pod serves. */
  ports: string[]
}

export function endpointsOf(simulation: Simulation, service: ServiceState): ServiceEndpoint[] {
  const byPod = new Map<string, ServiceEndpoint>()
  for (const slice of simulation.cluster.endpointSlices) {
    if (slice.namespace !== service.namespace || slice.serviceName !== service.name) continue
    for (const endpoint of slice.endpoints) {
      const entry = byPod.get(endpoint.targetRef) ?? {
        podRef: endpoint.targetRef,
        ready: endpoint.conditions.ready,
        ports: [],
      }
      for (const port of slice.ports)
        entry.ports.push(`${endpoint.addresses[0] ?? ''}:${port.port}`)
      byPod.set(endpoint.targetRef, entry)
    }
  }
  return [...byPod.values()]
}
