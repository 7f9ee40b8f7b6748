import { describe, expect, it } from 'vitest'
import {
  containerPort,
  endpointSlice,
  endpointsState,
  nodeState,
  podState,
  servicePort,
  serviceState,
} from '../model/build'
import type { ClusterState, Endpoint, PodState, ServiceState } from '../model/cluster'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../model/cluster'
import { kubectlGet, resolveGetKind, type GetOptions } from './kubectlGet'

function service(
  namespace: string,
  name: string,
  overrides: Partial<ServiceState>,
  createdIndex: number,
): ServiceState {
  return serviceState({
    name,
    namespace,
    clusterIP: '10.96.0.10',
    selector: { app: name },
    ports: [servicePort({ port: 80, targetPort: 8080 })],
    internalTrafficPolicy: '',
    createdIndex,
    ...overrides,
  })
}

function pod(name: string, overrides: Partial<PodState>, createdIndex: number): PodState {
  return podState({
    name,
    labels: { app: 'web' },
    nodeName: 'worker-1',
    podIP: '10.244.1.10',
    hostIP: '192.168.49.3',
    phase: 'Running',
    ready: true,
    ports: [containerPort({ name: 'http', containerPort: 8080 })],
    createdIndex,
    ...overrides,
  })
}

function sliceEndpoint(address: string): Endpoint {
  return {
    addresses: [address],
    conditions: { ready: true, serving: true, terminating: false },
    hostname: '',
    nodeName: 'worker-1',
    zone: '',
    targetRef: '',
  }
}

const webAddresses = ['10.244.1.10', '10.244.1.11', '10.244.1.12', '10.244.1.13']

const endpoints = [
  endpointsState({
    name: 'kubernetes',
    labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    subsets: [
      {
        addresses: [{ ip: '192.168.49.2', hostname: '', nodeName: '', targetRef: '' }],
        notReadyAddresses: [],
        ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
      },
    ],
  }),
  endpointsState({
    name: 'web',
    labels: { app: 'web' },
    subsets: [
      {
        addresses: webAddresses.map((ip) => ({
          ip,
          hostname: '',
          nodeName: 'worker-1',
          targetRef: '',
        })),
        notReadyAddresses: [],
        ports: [{ name: '', protocol: 'TCP', port: 8080 }],
      },
    ],
  }),
  endpointsState({ name: 'lonely' }),
]

const slices = [
  endpointSlice({
    name: 'web-7xk2p',
    serviceName: 'web',
    labels: {
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    },
    endpoints: webAddresses.map(sliceEndpoint),
    ports: [8080, 8081, 8082, 8083].map((port) => ({ name: '', protocol: 'TCP' as const, port })),
  }),
  endpointSlice({ name: 'lonely-abcde', serviceName: 'lonely' }),
]

const cluster: ClusterState = {
  settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
  nodes: [
    nodeState({
      name: 'worker-1',
      internalIP: '192.168.49.3',
      podCIDR: '10.244.0.0/24',
      labels: { 'kubernetes.io/hostname': 'worker-1' },
    }),
    nodeState({
      name: 'control-plane',
      internalIP: '192.168.49.2',
      podCIDR: '10.244.0.0/24',
      labels: { 'node-role.kubernetes.io/control-plane': '' },
    }),
  ],
  namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'shop'],
  pods: [
    pod('web-1', {}, 6),
    pod('web-2', { ready: false, podIP: '10.244.1.11' }, 7),
    pod('stuck', { phase: 'Pending', ready: false, nodeName: '', podIP: '', hostIP: '' }, 8),
    pod('leaving', { terminating: true, podIP: '10.244.1.12' }, 9),
  ],
  services: [
    service(
      'default',
      'kubernetes',
      {
        clusterIP: '10.96.0.1',
        selector: null,
        labels: { component: 'apiserver', provider: 'kubernetes' },
        ports: [servicePort({ name: 'https', port: 443, targetPort: 6443 })],
        internalTrafficPolicy: 'Cluster',
        system: true,
      },
      -1,
    ),
    service(
      'default',
      'web',
      { clusterIP: '10.96.100.1', selector: { app: 'web', tier: 'fe' } },
      0,
    ),
    service(
      'default',
      'np',
      {
        type: 'NodePort',
        clusterIP: '10.96.100.2',
        ports: [
          servicePort({ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }),
          servicePort({ name: 'dns', protocol: 'UDP', port: 53, nodePort: 30053 }),
        ],
      },
      1,
    ),
    service(
      'default',
      'lb',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.100.3',
        ports: [servicePort({ port: 443, targetPort: 8443, nodePort: 31443 })],
      },
      2,
    ),
    service('default', 'db', { clusterIP: 'None', selector: { app: 'db' } }, 3),
    service(
      'default',
      'ext',
      {
        type: 'ExternalName',
        clusterIP: '',
        selector: null,
        ports: [],
        externalName: 'db.example.com',
      },
      4,
    ),
    service('shop', 'cart', { clusterIP: '10.96.200.7', selector: null }, 5),
  ],
  endpoints,
  endpointSlices: slices,
}

const get = (kind: Parameters<typeof kubectlGet>[1], options: Partial<GetOptions> = {}) =>
  kubectlGet(cluster, kind, { output: '', namespace: 'default', allNamespaces: false, ...options })

describe('resolveGetKind', () => {
  it('knows the plural, singular and short names kubectl resolves', () => {
    expect(['svc', 'service', 'services', 'SVC'].map(resolveGetKind)).toEqual(
      Array(4).fill('services'),
    )
    expect(['ep', 'endpoints'].map(resolveGetKind)).toEqual(['endpoints', 'endpoints'])
    expect(
      ['endpointslice', 'endpointslices', 'endpointslice.discovery.k8s.io'].map(resolveGetKind),
    ).toEqual(Array(3).fill('endpointslices'))
    expect(['po', 'pod', 'pods'].map(resolveGetKind)).toEqual(Array(3).fill('pods'))
    expect(['no', 'node', 'nodes'].map(resolveGetKind)).toEqual(Array(3).fill('nodes'))
    expect(resolveGetKind('deployments')).toBeNull()
  })
})

describe('kubectl get services', () => {
  it('prints the table in storage order (printService, makePortString, getServiceExternalIP)', () => {
    // CLUSTER-IP: clusterIPs[0], "None" when headless, <none> for ExternalName (printService).
    // EXTERNAL-IP: <pending> for a LoadBalancer without ingress, externalName for ExternalName
    // (getServiceExternalIP). PORT(S): port:nodePort/proto when a node port is set (makePortString).
    expect(get('services')).toEqual({
      stdout: [
        'NAME         TYPE           CLUSTER-IP    EXTERNAL-IP      PORT(S)                     AGE',
        'db           ClusterIP      None          <none>           80/TCP                      0s',
        'ext          ExternalName   <none>        db.example.com   <none>                      0s',
        'kubernetes   ClusterIP      10.96.0.1     <none>           443/TCP                     0s',
        'lb           LoadBalancer   10.96.100.3   <pending>        443:31443/TCP               0s',
        'np           NodePort       10.96.100.2   <none>           80:30080/TCP,53:30053/UDP   0s',
        'web          ClusterIP      10.96.100.1   <none>           80/TCP                      0s',
        '',
      ].join('\n'),
      stderr: '',
    })
  })

  it('adds SELECTOR with -o wide (serviceColumnDefinitions priority 1, labels.FormatLabels)', () => {
    expect(get('services', { output: 'wide' }).stdout).toBe(
      [
        'NAME         TYPE           CLUSTER-IP    EXTERNAL-IP      PORT(S)                     AGE   SELECTOR',
        'db           ClusterIP      None          <none>           80/TCP                      0s    app=db',
        'ext          ExternalName   <none>        db.example.com   <none>                      0s    <none>',
        'kubernetes   ClusterIP      10.96.0.1     <none>           443/TCP                     0s    <none>',
        'lb           LoadBalancer   10.96.100.3   <pending>        443:31443/TCP               0s    app=lb',
        'np           NodePort       10.96.100.2   <none>           80:30080/TCP,53:30053/UDP   0s    app=np',
        'web          ClusterIP      10.96.100.1   <none>           80/TCP                      0s    app=web,tier=fe',
        '',
      ].join('\n'),
    )
  })

  it('prefixes NAMESPACE with -A (decorateTable)', () => {
    const out = get('services', { allNamespaces: true }).stdout.split('\n')
    expect(out[0]).toBe(
      'NAMESPACE   NAME         TYPE           CLUSTER-IP    EXTERNAL-IP      PORT(S)                     AGE',
    )
    expect(out[1]).toBe(
      'default     db           ClusterIP      None          <none>           80/TCP                      0s',
    )
    expect(out[7]).toBe(
      'shop        cart         ClusterIP      10.96.200.7   <none>           80/TCP                      0s',
    )
  })

  it('joins and clips load-balancer ingress (loadBalancerStatusStringer)', () => {
    const lb = service(
      'default',
      'edge',
      {
        type: 'LoadBalancer',
        loadBalancerIngress: ['203.0.113.20', '203.0.113.10'],
        ports: [servicePort({ port: 80, nodePort: 30001 })],
      },
      0,
    )
    const only = { ...cluster, services: [lb] }
    const options: GetOptions = { output: '', namespace: 'default', allNamespaces: false }
    // Sorted, joined, then cut to 13 characters plus "..." outside -o wide.
    expect(kubectlGet(only, 'services', options).stdout).toContain(' 203.0.113.10,... ')
    expect(kubectlGet(only, 'services', { ...options, output: 'wide' }).stdout).toContain(
      ' 203.0.113.10,203.0.113.20 ',
    )
  })

  it('says where it found nothing (get.go Run)', () => {
    expect(get('services', { namespace: 'empty' })).toEqual({
      stdout: '',
      stderr: 'No resources found in empty namespace.\n',
    })
    const none = { ...cluster, services: [] }
    expect(
      kubectlGet(none, 'services', { output: '', namespace: 'default', allNamespaces: true }),
    ).toEqual({
      stdout: '',
      stderr: 'No resources found\n',
    })
  })
})

describe('kubectl get endpoints', () => {
  it('warns, then lists three addresses and counts the rest (formatEndpoints)', () => {
    expect(get('endpoints')).toEqual({
      stdout: [
        'NAME         ENDPOINTS                                                        AGE',
        'kubernetes   192.168.49.2:6443                                                0s',
        'lonely       <none>                                                           0s',
        'web          10.244.1.10:8080,10.244.1.11:8080,10.244.1.12:8080 + 1 more...   0s',
        '',
      ].join('\n'),
      stderr:
        'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n',
    })
  })

  it('warns even when nothing is found', () => {
    expect(get('endpoints', { namespace: 'shop' }).stderr).toBe(
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n' +
        'No resources found in shop namespace.\n',
    )
  })
})

describe('kubectl get endpointslices', () => {
  it('truncates ports and endpoints at three, <unset> when empty (listWithMoreString)', () => {
    expect(get('endpointslices').stdout).toBe(
      [
        'NAME           ADDRESSTYPE   PORTS                        ENDPOINTS                                         AGE',
        'lonely-abcde   IPv4          <unset>                      <unset>                                           0s',
        'web-7xk2p      IPv4          8080,8081,8082 + 1 more...   10.244.1.10,10.244.1.11,10.244.1.12 + 1 more...   0s',
        '',
      ].join('\n'),
    )
  })
})

describe('kubectl get pods', () => {
  it('prints READY, STATUS and the wide columns (printPod)', () => {
    // Storage order is by name; a Terminating row keeps its 1/1 (printPod only changes the reason).
    expect(get('pods', { output: 'wide' }).stdout).toBe(
      [
        'NAME      READY   STATUS        RESTARTS   AGE   IP            NODE       NOMINATED NODE   READINESS GATES',
        'leaving   1/1     Terminating   0          0s    10.244.1.12   worker-1   <none>           <none>',
        'stuck     0/1     Pending       0          0s    <none>        <none>     <none>           <none>',
        'web-1     1/1     Running       0          0s    10.244.1.10   worker-1   <none>           <none>',
        'web-2     0/1     Running       0          0s    10.244.1.11   worker-1   <none>           <none>',
        '',
      ].join('\n'),
    )
  })
})

describe('kubectl get nodes', () => {
  it('prints roles from node-role labels and the kubelet version (printNode, findNodeRoles)', () => {
    expect(get('nodes').stdout).toBe(
      [
        'NAME            STATUS   ROLES           AGE   VERSION',
        'control-plane   Ready    control-plane   0s    v1.34.1',
        'worker-1        Ready    <none>          0s    v1.34.1',
        '',
      ].join('\n'),
    )
  })

  it('fills the wide columns with <none> and <unknown> where the state has nothing', () => {
    expect(get('nodes', { output: 'wide', allNamespaces: true }).stdout).toBe(
      [
        'NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME',
        'control-plane   Ready    control-plane   0s    v1.34.1   192.168.49.2   <none>        <unknown>   <unknown>        <unknown>',
        'worker-1        Ready    <none>          0s    v1.34.1   192.168.49.3   <none>        <unknown>   <unknown>        <unknown>',
        '',
      ].join('\n'),
    )
  })

  it('says "No resources found" for a cluster-scoped kind (allResourcesNamespaced is false)', () => {
    const none = { ...cluster, nodes: [] }
    expect(
      kubectlGet(none, 'nodes', { output: '', namespace: 'default', allNamespaces: false }),
    ).toEqual({
      stdout: '',
      stderr: 'No resources found\n',
    })
  })
})

describe('kubectl get -o yaml|json', () => {
  it('prints an empty List rather than "No resources found" (printGeneric)', () => {
    expect(get('pods', { output: 'yaml', namespace: 'empty' })).toEqual({
      stdout: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
      stderr: '',
    })
    expect(get('pods', { output: 'json', namespace: 'empty' }).stdout).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    )
  })

  it('lists the items in storage order with sorted keys', () => {
    const list = JSON.parse(get('services', { output: 'json' }).stdout) as {
      items: { metadata: { name: string } }[]
    }
    expect(list.items.map((i) => i.metadata.name)).toEqual([
      'db',
      'ext',
      'kubernetes',
      'lb',
      'np',
      'web',
    ])
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata'])
    expect(Object.keys(list.items[0] ?? {})).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ])
  })
})
