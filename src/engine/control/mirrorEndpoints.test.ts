import { describe, expect, it } from 'vitest'
import { emptySource, endpointsState, servicePort, serviceState } from '../model/build'
import type {
  EndpointAddress,
  EndpointsState,
  EndpointSubset,
  ServiceState,
} from '../model/cluster'
import { createRng } from '../rng'
import { mirrorEndpoints } from './mirrorEndpoints'

function service(over: Partial<ServiceState> = {}): ServiceState {
  return serviceState({
    name: 'db',
    clusterIP: '10.96.0.30',
    ports: [servicePort({ port: 5432 })],
    ...over,
  })
}

function addr(ip: string, over: Partial<EndpointAddress> = {}): EndpointAddress {
  return { ip, hostname: '', nodeName: '', targetRef: '', ...over }
}

function endpoints(subsets: EndpointSubset[], over: Partial<EndpointsState> = {}): EndpointsState {
  return endpointsState({
    name: 'db',
    labels: { app: 'db' },
    subsets,
    source: emptySource(),
    ...over,
  })
}

const PG = { name: '', protocol: 'TCP' as const, port: 5432 }

function run(services: ServiceState[], user: EndpointsState[]) {
  return mirrorEndpoints(services, user, createRng(7))
}

// reference/discovery.md §3.3; pkg/controller/endpointslicemirroring reconciler_test.go,
// staging/src/k8s.io/endpointslice DesiredEndpointSlicesFromEndpoints.
describe('mirrorEndpoints', () => {
  it('mirrors the Endpoints of a selector-less Service into a slice', () => {
    const { endpointSlices, diagnostics } = run(
      [service()],
      [
        endpoints([
          {
            addresses: [addr('10.0.0.5', { hostname: 'db-0', nodeName: 'node-1' })],
            notReadyAddresses: [addr('10.0.0.6')],
            ports: [PG],
          },
        ]),
      ],
    )
    expect(diagnostics).toEqual([])
    expect(endpointSlices).toHaveLength(1)
    const slice = endpointSlices[0]!
    expect(slice.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(slice.serviceName).toBe('db')
    expect(slice.addressType).toBe('IPv4')
    expect(slice.labels).toEqual({
      app: 'db',
      'kubernetes.io/service-name': 'db',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    })
    expect(slice.ports).toEqual([PG])
    expect(slice.endpoints).toEqual([
      {
        addresses: ['10.0.0.5'],
        conditions: { ready: true, serving: true, terminating: false },
        hostname: 'db-0',
        nodeName: 'node-1',
        zone: '',
        targetRef: '',
      },
      {
        addresses: ['10.0.0.6'],
        conditions: { ready: false, serving: false, terminating: false },
        hostname: '',
        nodeName: '',
        zone: '',
        targetRef: '',
      },
    ])
  })

  it('makes one slice per distinct port set', () => {
    const { endpointSlices } = run(
      [service()],
      [
        endpoints([
          { addresses: [addr('10.0.0.5')], notReadyAddresses: [], ports: [PG] },
          { addresses: [addr('10.0.0.7')], notReadyAddresses: [], ports: [{ ...PG, port: 5433 }] },
        ]),
      ],
    )
    expect(endpointSlices.map((s) => [s.ports[0]?.port, s.endpoints[0]?.addresses])).toEqual([
      [5432, ['10.0.0.5']],
      [5433, ['10.0.0.7']],
    ])
  })

  it('honours the skip-mirror label and leader-election Endpoints', () => {
    const skipped = endpoints(
      [{ addresses: [addr('10.0.0.5')], notReadyAddresses: [], ports: [PG] }],
      {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
    )
    expect(run([service()], [skipped]).endpointSlices).toEqual([])
    const lock = endpoints(
      [{ addresses: [addr('10.0.0.5')], notReadyAddresses: [], ports: [PG] }],
      {
        annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' },
      },
    )
    expect(run([service()], [lock]).endpointSlices).toEqual([])
    const notTrue = endpoints(
      [{ addresses: [addr('10.0.0.5')], notReadyAddresses: [], ports: [PG] }],
      {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' },
      },
    )
    expect(run([service()], [notTrue]).endpointSlices).toHaveLength(1)
  })

  it('mirrors nothing without a Service, or for a Service with a selector', () => {
    const user = endpoints([{ addresses: [addr('10.0.0.5')], notReadyAddresses: [], ports: [PG] }])
    expect(run([], [user]).endpointSlices).toEqual([])
    expect(run([service({ selector: { app: 'db' } })], [user]).endpointSlices).toEqual([])
  })

  it('skips invalid IPs and splits IPv6 addresses into their own slice', () => {
    const { endpointSlices } = run(
      [service()],
      [
        endpoints([
          {
            addresses: [addr('10.0.0.5'), addr('not-an-ip'), addr('fd00::5')],
            notReadyAddresses: [],
            ports: [PG],
          },
        ]),
      ],
    )
    expect(
      endpointSlices.map((s) => [s.addressType, s.endpoints.map((e) => e.addresses[0])]),
    ).toEqual([
      ['IPv4', ['10.0.0.5']],
      ['IPv6', ['fd00::5']],
    ])
  })

  it('mirrors at most 1000 addresses per subset, ready ones first', () => {
    const ready = Array.from({ length: 900 }, (_, i) =>
      addr(`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`),
    )
    const notReady = Array.from({ length: 200 }, (_, i) =>
      addr(`10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`),
    )
    const { endpointSlices } = run(
      [service()],
      [endpoints([{ addresses: ready, notReadyAddresses: notReady, ports: [PG] }])],
    )
    expect(endpointSlices).toHaveLength(1)
    const eps = endpointSlices[0]!.endpoints
    expect(eps).toHaveLength(1000)
    expect(eps.filter((e) => e.conditions.ready)).toHaveLength(900)
  })

  it('makes no placeholder for an Endpoints without addresses', () => {
    expect(run([service()], [endpoints([])]).endpointSlices).toEqual([])
  })
})
