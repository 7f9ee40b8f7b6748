// `kubectl get services|endpoints|endpointslices|pods|nodes [-o wide|yaml|json] [-n NS | -A]`
// against the simulated cluster: the same bytes on stdout and stderr as kubectl 1.34.
//
// Mirrors kubernetes/kubernetes:
// - pkg/printers/internalversion/printers.go (AddHandlers column definitions and their wide-only
//   Priority 1; printService, getServiceExternalIP, loadBalancerStatusStringer, makePortString;
//   printEndpoints, formatEndpoints; printEndpointSlice, formatDiscoveryPorts,
//   formatDiscoveryEndpoints, listWithMoreString; printPod; printNode, findNodeRoles,
//   getNodeInternalIP, getNodeExternalIP; translateTimestampSince)
// - staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration: under two
//   minutes is `<n>s`, so a fresh object is `0s`)
// - staging/src/k8s.io/apimachinery/pkg/labels (FormatLabels: sorted `k=v` joined by commas, or
//   `<none>`)
// - staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go (printTable: upper-cased headers,
//   no header when there are no rows; decorateTable: NAMESPACE first with --all-namespaces, never
//   for cluster-scoped kinds) and tabwriter.go (see ./tabwriter.ts)
// - staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (Run: `No resources found in <ns> namespace.` or,
//   for -A and cluster-scoped kinds, `No resources found`, both on stderr; printGeneric for -o
//   yaml|json, which prints an empty List instead)
// - the apiserver's deprecation warning for core/v1 Endpoints (since v1.33), sent as a Warning
//   header that client-go's warning handler prints as `Warning: <text>` on stderr before anything
//   else, -o yaml|json included; the text is checked against kubectl 1.33+ transcripts
//
// List order is the apiserver's: objects come back in storage key order, `<namespace>/<name>`
// compared bytewise (so with -A `a-b/x` precedes `a/x`), and by name for Nodes.

import { compareBytewise, toJson, type Json } from '../encoding/goJson'
import { toYaml } from '../encoding/goYaml'
import {
  KUBELET_VERSION,
  containerCount,
  endpointSliceObject,
  endpointsObject,
  listObject,
  nodeObject,
  podObject,
  resourceVersions,
  serviceObject,
} from './apiObjects'
import { tabwrite } from './tabwriter'
import type {
  ClusterState,
  EndpointSlice,
  EndpointsState,
  NodeState,
  PodState,
  ServiceState,
} from '../model/cluster'

export { CREATION_TIMESTAMP, KUBELET_VERSION } from './apiObjects'

export type GetKind = 'services' | 'endpoints' | 'endpointslices' | 'pods' | 'nodes'

export interface GetOptions {
  output: '' | 'wide' | 'yaml' | 'json'
  namespace: string
  allNamespaces: boolean
}

/** The text the apiserver sends in its Warning header for every v1 Endpoints request. */
export const ENDPOINTS_DEPRECATION_WARNING =
  'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'

// Resource names kubectl's RESTMapper resolves: plural, singular, short names, and the
// group-qualified forms. The mapper lowercases the argument first.
const KIND_NAMES: Readonly<Record<string, GetKind>> = {
  services: 'services',
  service: 'services',
  svc: 'services',
  endpoints: 'endpoints',
  ep: 'endpoints',
  endpointslices: 'endpointslices',
  endpointslice: 'endpointslices',
  'endpointslices.discovery.k8s.io': 'endpointslices',
  'endpointslice.discovery.k8s.io': 'endpointslices',
  'endpointslices.v1.discovery.k8s.io': 'endpointslices',
  pods: 'pods',
  pod: 'pods',
  po: 'pods',
  nodes: 'nodes',
  node: 'nodes',
  no: 'nodes',
}

export function resolveGetKind(arg: string): GetKind | null {
  return KIND_NAMES[arg.toLowerCase()] ?? null
}

interface Column {
  name: string
  /** Priority 1 columns print only with -o wide. */
  wide: boolean
}

const col = (name: string, wide = false): Column => ({ name, wide })

// AddHandlers' column definitions, in order.
const COLUMNS: Readonly<Record<GetKind, readonly Column[]>> = {
  services: [
    col('Name'),
    col('Type'),
    col('Cluster-IP'),
    col('External-IP'),
    col('Port(s)'),
    col('Age'),
    col('Selector', true),
  ],
  endpoints: [col('Name'), col('Endpoints'), col('Age')],
  endpointslices: [col('Name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')],
  pods: [
    col('Name'),
    col('Ready'),
    col('Status'),
    col('Restarts'),
    col('Age'),
    col('IP', true),
    col('Node', true),
    col('Nominated Node', true),
    col('Readiness Gates', true),
  ],
  nodes: [
    col('Name'),
    col('Status'),
    col('Roles'),
    col('Age'),
    col('Version'),
    col('Internal-IP', true),
    col('External-IP', true),
    col('OS-Image', true),
    col('Kernel-Version', true),
    col('Container-Runtime', true),
  ],
}

/** translateTimestampSince(creationTimestamp) right after apply: HumanDuration(0) is `0s`. */
const AGE = '0s'

interface Listed {
  namespace: string
  /** The cells of every column, wide ones included, as the print function fills them. */
  cells: string[]
  object: Json
}

export function kubectlGet(
  cluster: ClusterState,
  kind: GetKind,
  options: GetOptions,
): { stdout: string; stderr: string } {
  const namespaced = kind !== 'nodes'
  const wide = options.output === 'wide'
  const versions = resourceVersions(cluster)
  const inScope = (namespace: string) =>
    !namespaced || options.allNamespaces || namespace === options.namespace

  const items: Listed[] = listItems(cluster, kind, wide, versions).filter((item) =>
    inScope(item.namespace),
  )
  items.sort((a, b) => compareBytewise(storageKey(a), storageKey(b)))

  let stderr = kind === 'endpoints' ? `Warning: ${ENDPOINTS_DEPRECATION_WARNING}\n` : ''

  if (options.output === 'yaml' || options.output === 'json') {
    const list = listObject(items.map((item) => item.object))
    return { stdout: options.output === 'yaml' ? toYaml(list) : toJson(list), stderr }
  }

  if (items.length === 0) {
    // get.go: allResourcesNamespaced is false with -A or once a cluster-scoped kind was listed.
    stderr +=
      namespaced && !options.allNamespaces
        ? `No resources found in ${options.namespace} namespace.\n`
        : 'No resources found\n'
    return { stdout: '', stderr }
  }

  const withNamespace = namespaced && options.allNamespaces
  const shown = COLUMNS[kind].map((column) => !column.wide || wide)
  const header = COLUMNS[kind].filter((_, i) => shown[i]).map((c) => c.name.toUpperCase())
  const rows = items.map((item) => item.cells.filter((_, i) => shown[i]))
  const table = [
    withNamespace ? ['NAMESPACE', ...header] : header,
    ...rows.map((cells, i) => (withNamespace ? [items[i]?.namespace ?? '', ...cells] : cells)),
  ]
  return { stdout: tabwrite(table), stderr }

  function storageKey(item: Listed): string {
    const name = item.cells[0] ?? ''
    return namespaced ? `${item.namespace}/${name}` : name
  }
}

function listItems(
  cluster: ClusterState,
  kind: GetKind,
  wide: boolean,
  versions: ReadonlyMap<string, string>,
): Listed[] {
  switch (kind) {
    case 'services':
      return cluster.services.map((s) => ({
        namespace: s.namespace,
        cells: serviceCells(s, wide),
        object: serviceObject(s, versions),
      }))
    case 'endpoints':
      return cluster.endpoints.map((e) => ({
        namespace: e.namespace,
        cells: [e.name, formatEndpoints(e), AGE],
        object: endpointsObject(e, versions),
      }))
    case 'endpointslices':
      return cluster.endpointSlices.map((s) => ({
        namespace: s.namespace,
        cells: endpointSliceCells(s),
        object: endpointSliceObject(s, versions),
      }))
    case 'pods':
      return cluster.pods.map((p) => ({
        namespace: p.namespace,
        cells: podCells(p),
        object: podObject(p, versions),
      }))
    case 'nodes':
      return cluster.nodes.map((n) => ({
        namespace: '',
        cells: nodeCells(n),
        object: nodeObject(n, versions),
      }))
  }
}

/** printService. */
function serviceCells(svc: ServiceState, wide: boolean): string[] {
  // spec.clusterIPs[0]: "None" for a headless Service, absent for ExternalName.
  const clusterIP = svc.type === 'ExternalName' || svc.clusterIP === '' ? '<none>' : svc.clusterIP
  const ports = makePortString(svc) || '<none>'
  return [
    svc.name,
    svc.type,
    clusterIP,
    serviceExternalIP(svc, wide),
    ports,
    AGE,
    formatLabels(svc.selector ?? {}),
  ]
}

const LOAD_BALANCER_WIDTH = 16

/** getServiceExternalIP. */
export function serviceExternalIP(svc: ServiceState, wide: boolean): string {
  switch (svc.type) {
    case 'ClusterIP':
    case 'NodePort':
      return svc.externalIPs.length > 0 ? svc.externalIPs.join(',') : '<none>'
    case 'LoadBalancer': {
      // loadBalancerStatusStringer: a sorted set, clipped to 16 characters outside -o wide.
      let lbIPs = [...new Set(svc.loadBalancerIngress.filter((ip) => ip !== ''))]
        .sort(compareBytewise)
        .join(',')
      if (!wide && lbIPs.length > LOAD_BALANCER_WIDTH)
        lbIPs = lbIPs.slice(0, LOAD_BALANCER_WIDTH - 3) + '...'
      if (svc.externalIPs.length > 0) {
        const results = lbIPs.length > 0 ? lbIPs.split(',') : []
        return [...results, ...svc.externalIPs].join(',')
      }
      return lbIPs.length > 0 ? lbIPs : '<pending>'
    }
    case 'ExternalName':
      return svc.externalName
  }
}

/** makePortString: `port/PROTO`, or `port:nodePort/PROTO` when a node port is set. */
export function makePortString(svc: ServiceState): string {
  return svc.ports
    .map((p) =>
      p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`,
    )
    .join(',')
}

/** labels.FormatLabels. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const text = Object.keys(labels)
    .sort(compareBytewise)
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',')
  return text === '' ? '<none>' : text
}

const MAX_LISTED = 3

/** formatEndpoints with ports=nil: every ready address with every port, three at most. */
export function formatEndpoints(ep: EndpointsState): string {
  if (ep.subsets.length === 0) return '<none>'
  const list: string[] = []
  let more = false
  let count = 0
  for (const subset of ep.subsets) {
    if (subset.ports.length === 0) {
      // Headless Services may have no ports: the bare addresses.
      count += subset.addresses.length
      for (const address of subset.addresses) {
        if (list.length === MAX_LISTED) {
          more = true
          break
        }
        list.push(address.ip)
      }
      continue
    }
    for (const port of subset.ports) {
      count += subset.addresses.length
      for (const address of subset.addresses) {
        if (list.length === MAX_LISTED) {
          more = true
          break
        }
        list.push(joinHostPort(address.ip, port.port))
      }
    }
  }
  const text = list.join(',')
  return more ? `${text} + ${count - MAX_LISTED} more...` : text
}

/** net.JoinHostPort: brackets around an IPv6 host. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** printEndpointSlice. */
function endpointSliceCells(slice: EndpointSlice): string[] {
  return [
    slice.name,
    slice.addressType,
    formatDiscoveryPorts(slice),
    formatDiscoveryEndpoints(slice),
    AGE,
  ]
}

/** formatDiscoveryPorts: port numbers, three at most. */
export function formatDiscoveryPorts(slice: EndpointSlice): string {
  const list: string[] = []
  let more = false
  let count = 0
  for (const port of slice.ports) {
    if (list.length < MAX_LISTED) list.push(String(port.port))
    else if (list.length === MAX_LISTED) more = true
    count++
  }
  return listWithMoreString(list, more, count)
}

/** formatDiscoveryEndpoints: every address of every endpoint, ready or not, three at most. */
export function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  const list: string[] = []
  let more = false
  let count = 0
  for (const endpoint of slice.endpoints) {
    for (const address of endpoint.addresses) {
      if (list.length < MAX_LISTED) list.push(address)
      else if (list.length === MAX_LISTED) more = true
      count++
    }
  }
  return listWithMoreString(list, more, count)
}

function listWithMoreString(list: string[], more: boolean, count: number): string {
  const text = list.join(',')
  if (more) return `${text} + ${count - MAX_LISTED} more...`
  return text === '' ? '<unset>' : text
}

/**
 * printPod. Containers are running exactly when the Pod is ready, so READY is all or nothing,
 * and no container has restarted. STATUS is the phase, or Terminating once a deletion timestamp is
 * set on a Pod that has not finished.
 */
function podCells(pod: PodState): string[] {
  const total = containerCount(pod)
  const finished = pod.phase === 'Succeeded' || pod.phase === 'Failed'
  const status = pod.terminating && !finished ? 'Terminating' : pod.phase
  return [
    pod.name,
    `${pod.ready ? total : 0}/${total}`,
    status,
    '0',
    AGE,
    pod.podIP || '<none>',
    pod.nodeName || '<none>',
    '<none>',
    '<none>',
  ]
}

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/'
const NODE_ROLE_LABEL = 'kubernetes.io/role'

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value. */
export function findNodeRoles(labels: Readonly<Record<string, string>>): string[] {
  const roles = new Set<string>()
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(NODE_ROLE_PREFIX)) {
      const role = key.slice(NODE_ROLE_PREFIX.length)
      if (role.length > 0) roles.add(role)
    } else if (key === NODE_ROLE_LABEL && value !== '') {
      roles.add(value)
    }
  }
  return [...roles].sort(compareBytewise)
}

/** printNode: every simulated kubelet posts Ready; unreported system info is `<unknown>`. */
function nodeCells(node: NodeState): string[] {
  const roles = findNodeRoles(node.labels).join(',')
  return [
    node.name,
    'Ready',
    roles === '' ? '<none>' : roles,
    AGE,
    KUBELET_VERSION,
    node.internalIP || '<none>',
    '<none>',
    '<unknown>',
    '<unknown>',
    '<unknown>',
  ]
}
