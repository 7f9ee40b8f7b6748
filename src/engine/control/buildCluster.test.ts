import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../parse/parseManifests'
import { readManifests } from '../parse/readManifests'
import { buildCluster } from './buildCluster'

const build = (yaml: string) =>
  buildCluster(readManifests(parseManifests(yaml).documents).manifests, {})

describe('buildCluster', () => {
  it('keeps the real addresses of a pasted kubectl dump and registers the node its Pods name', () => {
    const { cluster, rejected, diagnostics } = build(
      readFileSync('scenarios/kubectl-dump.yaml', 'utf8'),
    )
    expect(rejected).toEqual([])
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(cluster.services.find((s) => s.name === 'web')?.clusterIP).toBe('10.43.12.7')
    expect(cluster.nodes.map((n) => [n.name, n.internalIP, n.podCIDR])).toEqual([
      ['k3d-dev-server-0', '172.18.0.2', '10.42.0.0/24'],
    ])
    const slice = cluster.endpointSlices.find((s) => s.serviceName === 'web')!
    expect(slice.endpoints.map((e) => e.addresses[0])).toEqual(['10.42.0.9'])
    expect(slice.ports).toEqual([{ name: '', protocol: 'TCP', port: 8080 }])
  })

  it('leaves an invalid object out and simulates the rest', () => {
    const { cluster, rejected } = build(`apiVersion: v1
kind: Service
metadata: {name: bad}
spec:
  ports: [{port: 0}]
---
apiVersion: v1
kind: Service
metadata: {name: good}
spec:
  ports: [{port: 80}]
`)
    expect(rejected.map((r) => r.name)).toEqual(['bad'])
    expect(cluster.services.map((s) => s.name)).toEqual(['kubernetes', 'good'])
  })

  it('gives a LoadBalancer nodePorts and a healthCheckNodePort with externalTrafficPolicy Local', () => {
    const { cluster } = build(
      `apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports: [{port: 80}, {port: 443, name: https}]
`.replace('[{port: 80}', '[{port: 80, name: http}'),
    )
    const lb = cluster.services.find((s) => s.name === 'lb')!
    expect(lb.ports.every((p) => p.nodePort >= 30086 && p.nodePort <= 32767)).toBe(true)
    expect(lb.healthCheckNodePort).toBeGreaterThanOrEqual(30086)
    expect(lb.loadBalancerIngress).toEqual([])
  })

  it('names StatefulSet Pods name-0..n-1 with hostname and subdomain, and a DaemonSet one Pod per node', () => {
    const { cluster } = build(`apiVersion: v1
kind: Node
metadata: {name: a}
---
apiVersion: v1
kind: Node
metadata: {name: b}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: agent}]}
`)
    const sts = cluster.pods.filter((p) => p.owner === 'StatefulSet/default/web')
    expect(sts.map((p) => [p.name, p.hostname, p.subdomain])).toEqual([
      ['web-0', 'web-0', 'web'],
      ['web-1', 'web-1', 'web'],
    ])
    const agents = cluster.pods.filter((p) => p.owner === 'DaemonSet/default/agent')
    expect(agents.map((p) => p.nodeName)).toEqual(['a', 'b'])
    expect(agents.every((p) => /^agent-[a-z0-9]{5}$/.test(p.name))).toBe(true)
  })

  it('refuses objects in a namespace that does not exist yet, in document order', () => {
    const { rejected, cluster } = build(`apiVersion: v1
kind: Service
metadata: {name: early, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: late, namespace: shop}
spec: {ports: [{port: 80}]}
`)
    expect(rejected.map((r) => [r.name, r.reason, r.serverMessage])).toEqual([
      ['early', 'NotFound', 'namespaces "shop" not found'],
    ])
    expect(cluster.services.map((s) => s.name)).toContain('late')
    expect(cluster.namespaces).toContain('shop')
  })

  it('is deterministic for a seed and different for another', () => {
    const yaml = readFileSync('scenarios/kubia-single-port.yaml', 'utf8')
    const manifests = readManifests(parseManifests(yaml).documents).manifests
    expect(buildCluster(manifests, { seed: 7 })).toEqual(buildCluster(manifests, { seed: 7 }))
    const ip = (seed: number) =>
      buildCluster(manifests, { seed }).cluster.services.find((s) => s.name === 'kubia')?.clusterIP
    expect(ip(7)).not.toBe(ip(8))
  })
})
