/**
 * What each Service resolves to, read from its EndpointSlices as kube-proxy reads them: per
 * backing Pod (or outside address), whether it is ready, and which Service port goes to which
 * port on it. The canvas draws these as Service → Pod edges labelled `port → targetPort`.
 */
import type { ServiceState, Simulation } from '../engine'

export interface ServiceBackend {
  /** `Pod/ns/name`, or `External/<ip>` for an address that is not a Pod (manual endpoints). */
  id: string
  ip: string
  ready: boolean
  /** `8081 → 80` for each Service port this backend serves. */
  ports: string[]
}

export function externalId(ip: string): string {
  return `External/${ip}`
}

export function backendsOf(simulation: Simulation, service: ServiceState): ServiceBackend[] {
  const byId = new Map<string, ServiceBackend>()
  for (const slice of simulation.cluster.endpointSlices) {
    if (slice.namespace !== service.namespace || slice.serviceName !== service.name) continue
    for (const endpoint of slice.endpoints) {
      const ip = endpoint.addresses[0]
      if (ip === undefined) continue
      const id = endpoint.targetRef !== '' ? endpoint.targetRef : externalId(ip)
      const entry = byId.get(id) ?? { id, ip, ready: endpoint.conditions.ready, ports: [] }
      for (const port of slice.ports) {
        const servicePort = service.ports.find(
          (p) => p.name === port.name && p.protocol === port.protocol,
        )
        const label = `${servicePort?.port ?? '?'} → ${port.port}`
        if (!entry.ports.includes(label)) entry.ports.push(label)
      }
      byId.set(id, entry)
    }
  }
  return [...byId.values()]
}
