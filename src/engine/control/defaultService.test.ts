import { describe, expect, it } from 'vitest'
import {
  defaultEndpoints,
  defaultPod,
  defaultService,
  normalizeClusterIPsForCreate,
} from './defaultService'

// SetDefaults_Service / SetDefaults_Pod / SetDefaults_Endpoints (pkg/apis/core/v1/defaults.go), discovery.md §5.
describe('defaultService', () => {
  it('fills type, affinity, protocol, targetPort and internalTrafficPolicy without touching the input', () => {
    const raw = { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } }
    expect(defaultService(raw)).toEqual({
      metadata: { name: 'web' },
      spec: {
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
        internalTrafficPolicy: 'Cluster',
      },
    })
    expect(raw).toEqual({ metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } })
  })
  it('targetPort 0 or "" means the port; a quoted number stays a (named) string', () => {
    const out = defaultService({
      spec: {
        ports: [
          { port: 80, targetPort: 0 },
          { port: 81, targetPort: '' },
          { port: 82, targetPort: '8080' },
          {},
        ],
      },
    }) as {
      spec: { ports: Array<{ targetPort: unknown }> }
    }
    expect(out.spec.ports.map((p) => p.targetPort)).toEqual([80, 81, '8080', 0])
  })
  it('wipes sessionAffinityConfig when affinity is None, defaults the ClientIP timeout to 10800', () => {
    expect(
      defaultService({ spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } } }),
    ).not.toHaveProperty('spec.sessionAffinityConfig')
    expect(defaultService({ spec: { sessionAffinity: 'ClientIP' } })).toHaveProperty(
      'spec.sessionAffinityConfig',
      { clientIP: { timeoutSeconds: 10800 } },
    )
  })
  it('externally accessible Services get externalTrafficPolicy Cluster; LoadBalancer gets allocateLoadBalancerNodePorts', () => {
    expect(defaultService({ spec: { type: 'NodePort' } })).toHaveProperty(
      'spec.externalTrafficPolicy',
      'Cluster',
    )
    expect(defaultService({ spec: { externalIPs: ['1.2.3.4'] } })).toHaveProperty(
      'spec.externalTrafficPolicy',
      'Cluster',
    )
    expect(defaultService({ spec: {} })).not.toHaveProperty('spec.externalTrafficPolicy')
    expect(defaultService({ spec: { type: 'LoadBalancer' } })).toHaveProperty(
      'spec.allocateLoadBalancerNodePorts',
      true,
    )
    expect(defaultService({ spec: { type: 'ExternalName' } })).not.toHaveProperty(
      'spec.internalTrafficPolicy',
    )
  })
  it('leaves odd shapes alone', () => {
    expect(defaultService(null)).toBeNull()
    expect(defaultService({ spec: 'x' })).toEqual({ spec: 'x' })
    expect(defaultService({ spec: { ports: [{ port: '80' }] } })).toHaveProperty('spec.ports', [
      { port: '80', protocol: 'TCP' },
    ])
  })
  it('normalizeClusterIPsForCreate copies clusterIP into clusterIPs', () => {
    expect(normalizeClusterIPsForCreate({ spec: { clusterIP: 'None' } })).toEqual({
      spec: { clusterIP: 'None', clusterIPs: ['None'] },
    })
    expect(
      normalizeClusterIPsForCreate({ spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] } }),
    ).toEqual({
      spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] },
    })
  })
})

describe('defaultPod', () => {
  it('enableServiceLinks, dnsPolicy, container port protocol, pull policy', () => {
    const out = defaultPod({
      spec: {
        containers: [
          { name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] },
          { name: 'd', image: 'nginx:1.27' },
        ],
      },
    })
    expect(out).toHaveProperty('spec.enableServiceLinks', true)
    expect(out).toHaveProperty('spec.dnsPolicy', 'ClusterFirst')
    expect(out).toHaveProperty('spec.restartPolicy', 'Always')
    expect(out).toHaveProperty('spec.containers.0.ports.0', { containerPort: 80, protocol: 'TCP' })
    expect(out).toHaveProperty('spec.containers.0.imagePullPolicy', 'Always')
    expect(out).toHaveProperty('spec.containers.1.imagePullPolicy', 'IfNotPresent')
  })
  it('keeps an explicit enableServiceLinks: false', () => {
    expect(defaultPod({ spec: { enableServiceLinks: false } })).toHaveProperty(
      'spec.enableServiceLinks',
      false,
    )
  })
  it('hostNetwork copies containerPort to hostPort', () => {
    expect(
      defaultPod({
        spec: { hostNetwork: true, containers: [{ ports: [{ containerPort: 8080 }] }] },
      }),
    ).toHaveProperty('spec.containers.0.ports.0.hostPort', 8080)
  })
})

describe('defaultEndpoints', () => {
  it('defaults each subset port protocol to TCP', () => {
    expect(
      defaultEndpoints({ subsets: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] }),
    ).toEqual({
      subsets: [
        {
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
      ],
    })
  })
})
