import { describe, expect, it } from 'vitest'
import { nodeState, podState, servicePort, serviceState } from '../model/build'
import type { ClusterState } from '../model/cluster'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../model/cluster'
import {
  CREATION_TIMESTAMP,
  objectUid,
  podObject,
  resourceVersions,
  serviceObject,
} from './apiObjects'
import { kubectlGet } from './kubectlGet'

const web = serviceState({
  name: 'web',
  labels: { app: 'web' },
  type: 'NodePort',
  clusterIP: '10.96.100.2',
  selector: { app: 'web' },
  ports: [servicePort({ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 })],
  internalTrafficPolicy: '',
})

const cluster: ClusterState = {
  settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
  nodes: [nodeState({ name: 'node-1', internalIP: '192.168.49.2', podCIDR: '10.244.0.0/24' })],
  namespaces: ['default'],
  pods: [],
  services: [web],
  endpoints: [],
  endpointSlices: [],
}

describe('objectUid', () => {
  it('is a UUIDv4-shaped hash of the object, stable across calls', () => {
    const uid = objectUid('Service', 'default', 'web')
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(objectUid('Service', 'default', 'web')).toBe(uid)
    expect(objectUid('Service', 'shop', 'web')).not.toBe(uid)
  })
})

describe('kubectl get services -o yaml', () => {
  it('prints the Service as the apiserver stores it, in a List (printGeneric, SetDefaults_Service)', () => {
    const uid = objectUid('Service', 'default', 'web')
    // The Node came first, so the Service is resourceVersion 2.
    expect(
      kubectlGet(cluster, 'services', {
        output: 'yaml',
        namespace: 'default',
        allNamespaces: false,
      }),
    ).toEqual({
      stdout: `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    creationTimestamp: "2026-01-01T00:00:00Z"
    labels:
      app: web
    name: web
    namespace: default
    resourceVersion: "2"
    uid: ${uid}
  spec:
    clusterIP: 10.96.100.2
    clusterIPs:
    - 10.96.100.2
    externalTrafficPolicy: Cluster
    internalTrafficPolicy: Cluster
    ipFamilies:
    - IPv4
    ipFamilyPolicy: SingleStack
    ports:
    - name: http
      nodePort: 30080
      port: 80
      protocol: TCP
      targetPort: 8080
    selector:
      app: web
    sessionAffinity: None
    type: NodePort
  status:
    loadBalancer: {}
kind: List
metadata:
  resourceVersion: ""
`,
      stderr: '',
    })
  })

  it('gives a headless Service without a selector RequireDualStack (initIPFamilyFields)', () => {
    const versions = resourceVersions(cluster)
    const headless = serviceObject(
      { ...web, type: 'ClusterIP', clusterIP: 'None', selector: null },
      versions,
    )
    expect(headless.spec).toMatchObject({
      clusterIPs: ['None'],
      ipFamilyPolicy: 'RequireDualStack',
    })
  })

  it('leaves cluster IP fields off an ExternalName Service', () => {
    const ext = serviceObject(
      { ...web, type: 'ExternalName', clusterIP: '', ports: [], externalName: 'db.example.com' },
      resourceVersions(cluster),
    )
    expect(ext.spec).toEqual({
      externalName: 'db.example.com',
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ExternalName',
    })
  })
})

describe('podObject', () => {
  it('points a Deployment Pod at its ReplicaSet with generateName (GetPodFromTemplate)', () => {
    const pod = podState({
      name: 'web-5d8f7c9b4-x2k4p',
      labels: { app: 'web', 'pod-template-hash': '5d8f7c9b4' },
      nodeName: 'node-1',
      podIP: '10.244.0.5',
      hostIP: '192.168.49.2',
      phase: 'Running',
      ready: true,
      owner: 'Deployment/default/web',
      createdIndex: 1,
    })
    const obj = podObject(pod, new Map())
    expect(obj.metadata).toMatchObject({
      generateName: 'web-5d8f7c9b4-',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'ReplicaSet',
          name: 'web-5d8f7c9b4',
          uid: objectUid('ReplicaSet', 'default', 'web-5d8f7c9b4'),
        },
      ],
    })
    expect(obj.status).toMatchObject({
      phase: 'Running',
      podIP: '10.244.0.5',
      podIPs: [{ ip: '10.244.0.5' }],
      startTime: CREATION_TIMESTAMP,
    })
  })
})
