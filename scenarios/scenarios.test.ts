/**
 * Every example from the study note loads, is accepted whole by the simulated API server, and
 * a request through its first Service reaches a backend.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTraceError, simulate, traceRequest } from '../src/engine'

const scenarios: { file: string; service: string; endpoints: number; ports: string }[] = [
  { file: 'nginx-service.yaml', service: 'nginx-service', endpoints: 1, ports: '8081/TCP' },
  { file: 'kubia-single-port.yaml', service: 'kubia', endpoints: 3, ports: '80/TCP' },
  { file: 'kubia-multi-port.yaml', service: 'kubia', endpoints: 3, ports: '80/TCP,443/TCP' },
  { file: 'kubia-named-ports.yaml', service: 'kubia', endpoints: 1, ports: '80/TCP,443/TCP' },
  { file: 'kubia-client-ip.yaml', service: 'kubia', endpoints: 3, ports: '80/TCP' },
  { file: 'kubia-nodeport.yaml', service: 'kubia-nodeport', endpoints: 3, ports: '80:30123/TCP' },
  { file: 'external-service.yaml', service: 'external-service', endpoints: 2, ports: '80/TCP' },
]

describe.each(scenarios)('the seed example $file', ({ file, service, endpoints, ports }) => {
  const simulation = simulate(readFileSync(`scenarios/${file}`, 'utf8'), { seed: 1 })

  it('is accepted with no errors or warnings', () => {
    expect(simulation.rejected).toEqual([])
    expect(simulation.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })

  it(`gives ${service} ${endpoints} ready endpoint(s) on ${ports}`, () => {
    const svc = simulation.cluster.services.find((s) => s.name === service)!
    expect(
      svc.ports
        .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`)
        .join(','),
    ).toBe(ports)
    const ready = simulation.cluster.endpointSlices
      .filter((s) => s.serviceName === service)
      .flatMap((s) => s.endpoints.filter((e) => e.conditions.ready))
    expect(ready).toHaveLength(endpoints)
  })

  it('connects a request from the node', () => {
    const svc = simulation.cluster.services.find((s) => s.name === service)!
    const trace = traceRequest(
      simulation,
      {
        client: { kind: 'node', name: 'node-1' },
        target: { kind: 'service', serviceRef: svc.ref, portIndex: 0 },
      },
      1,
    )
    expect(isTraceError(trace)).toBe(false)
    if (!isTraceError(trace)) expect(trace.outcome.kind).toBe('connected')
  })
})
