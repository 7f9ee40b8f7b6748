/**
 * Stage 2: objects → the cluster the API server and controllers would make from them.
 *
 * Objects are created in document order, as `kubectl apply -f` sends them, so allocation order
 * (and with it every address) follows the YAML, and an object in a namespace that does not
 * exist yet is refused. The controllers run after the whole file was applied, as they do in a
 * real cluster a few milliseconds later: workloads create their Pods, then the endpoints,
 * EndpointSlice and mirroring controllers run over everything that was admitted.
 */
import type { Diagnostic } from '../diagnostics'
import type {
  ClusterState,
  EndpointSlice,
  EndpointsState,
  NodeState,
  PodState,
  ServiceState,
} from '../model/cluster'
import { endpointSlice, endpointsState, servicePort, serviceState } from '../model/build'
import { formatIPv4, parseCidr } from '../net/ipv4'
import { rangeOfField, subFields } from '../parse/readManifests'
import type { Manifest, SupportedKind } from '../parse/readManifests'
import { forkRng } from '../rng'
import {
  admitEndpointSlice,
  admitEndpoints,
  admitPod,
  admitService,
  admitWorkload,
  rejectNotFound,
} from './admitObjects'
import type { Admission, RejectedObject } from './admitObjects'
import { createClusterIPAllocator } from './allocateClusterIP'
import { createNodePortAllocator, parseNodePortRange } from './allocateNodePorts'
import { expandWorkloads } from './expandWorkloads'
import type { WorkloadInput } from './expandWorkloads'
import { lintServices } from './lintServices'
import { mirrorEndpoints } from './mirrorEndpoints'
import { createPodPlacer, readNodes } from './placePods'
import type { Settings, SettingsOverrides } from './readSettings'
import { readSettings } from './readSettings'
import { reconcileEndpoints } from './reconcileEndpoints'
import { reconcileEndpointSlices } from './reconcileEndpointSlices'

export interface ControlPlaneResult {
  cluster: ClusterState
  rejected: RejectedObject[]
  diagnostics: Diagnostic[]
}

/** Namespaces every cluster starts with. */
const INITIAL_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system']

const WORKLOAD_KINDS: ReadonlySet<SupportedKind> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
])

/**
 * `default/kubernetes`: the apiserver creates it at index 1 of the service range, with its
 * own Endpoints (the control-plane node's address, port 6443 named https).
 */
function kubernetesService(serviceSubnet: string, nodes: readonly NodeState[]) {
  const cidr = parseCidr(serviceSubnet)
  const clusterIP = cidr ? formatIPv4(cidr.base + 1) : '10.96.0.1'
  const service = serviceState({
    name: 'kubernetes',
    labels: { component: 'apiserver', provider: 'kubernetes' },
    clusterIP,
    ports: [servicePort({ name: 'https', port: 443, targetPort: 6443 })],
    createdIndex: -1,
    system: true,
  })
  const controlPlane = nodes[0]
  const endpoints = endpointsState({
    name: 'kubernetes',
    labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    subsets: controlPlane
      ? [
          {
            addresses: [{ ip: controlPlane.internalIP, hostname: '', nodeName: '', targetRef: '' }],
            notReadyAddresses: [],
            ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
          },
        ]
      : [],
  })
  // The apiserver also writes the EndpointSlice for it (reconcilers/endpointsadapter).
  const slice = endpointSlice({
    name: 'kubernetes',
    serviceName: 'kubernetes',
    endpoints: controlPlane
      ? [
          {
            addresses: [controlPlane.internalIP],
            conditions: { ready: true, serving: true, terminating: false },
            hostname: '',
            nodeName: '',
            zone: '',
            targetRef: '',
          },
        ]
      : [],
    ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
  })
  return { service, endpoints, slice }
}

export function buildCluster(
  manifests: readonly Manifest[],
  overrides: SettingsOverrides,
): ControlPlaneResult {
  const read = readSettings(manifests, overrides)
  const settings: Settings = read.settings
  const diagnostics: Diagnostic[] = [...read.diagnostics]
  const rejected: RejectedObject[] = []
  const nodes = readNodes(manifests, settings)
  const placer = createPodPlacer(nodes)
  const serviceRange = parseCidr(settings.serviceSubnet) ?? parseCidr('10.96.0.0/12')!
  const clusterIP = createClusterIPAllocator(serviceRange, forkRng(settings.seed, 'clusterIP'))
  const nodePort = createNodePortAllocator(
    parseNodePortRange(settings.nodePortRange),
    forkRng(settings.seed, 'nodePort'),
  )
  const system = kubernetesService(settings.serviceSubnet, nodes)
  clusterIP.allocate(system.service.clusterIP)
  // kubeadm's kube-dns Service holds index 10 of the range.
  clusterIP.allocate(formatIPv4(serviceRange.base + 10))

  const namespaces = [...INITIAL_NAMESPACES]
  const pods: PodState[] = []
  const services: ServiceState[] = [system.service]
  const userEndpoints: EndpointsState[] = []
  const userSlices: EndpointSlice[] = []
  const workloads: WorkloadInput[] = []
  const seen = new Set<string>()
  let createdIndex = 0

  function keep<T>(admission: Admission<T>, into: T[]): boolean {
    if (admission.admitted) {
      into.push(admission.object)
      return true
    }
    rejected.push(admission.rejected)
    diagnostics.push(...admission.diagnostics)
    return false
  }

  for (const manifest of manifests) {
    if (manifest.namespace === '') {
      if (manifest.kind === 'Namespace' && !namespaces.includes(manifest.name)) {
        namespaces.push(manifest.name)
      }
      continue
    }
    if (seen.has(manifest.ref)) {
      diagnostics.push({
        code: 'duplicate-object',
        severity: 'warning',
        message: `${manifest.kind} "${manifest.name}" appears twice in namespace "${manifest.namespace}": kubectl apply would update the first with the second; the playground keeps the first.`,
        range: manifest.source.range,
        objectRef: manifest.ref,
      })
      continue
    }
    if (!namespaces.includes(manifest.namespace)) {
      keep(rejectNotFound(manifest, `namespaces "${manifest.namespace}" not found`), [])
      continue
    }
    let admitted = false
    switch (manifest.kind) {
      case 'Pod':
        admitted = keep(admitPod(manifest, placer, createdIndex++, null), pods)
        break
      case 'Service':
        admitted = keep(admitService(manifest, { clusterIP, nodePort }, createdIndex++), services)
        break
      case 'Endpoints':
        admitted = keep(admitEndpoints(manifest), userEndpoints)
        break
      case 'EndpointSlice':
        admitted = keep(admitEndpointSlice(manifest), userSlices)
        break
      default:
        if (WORKLOAD_KINDS.has(manifest.kind)) admitted = keep(admitWorkload(manifest), workloads)
    }
    if (admitted) seen.add(manifest.ref)
  }

  // The workload controllers create their Pods once the file has been applied.
  const expanded = expandWorkloads(
    workloads,
    nodes.map((n) => n.name),
    forkRng(settings.seed, 'workloads'),
  )
  const ownerManifests = new Map(manifests.map((m) => [m.ref, m]))
  // Invalid workloads were refused at admission; what is left are the controllers' warnings.
  for (const d of expanded.diagnostics) {
    if (d.severity !== 'warning') continue
    const owner = ownerManifests.get(d.ref)
    diagnostics.push({
      code: 'unschedulable',
      severity: 'warning',
      message: d.message,
      ...(owner ? { range: rangeOfField(owner.source, d.field) } : {}),
      objectRef: d.ref,
    })
  }
  for (const generated of expanded.objects) {
    if (generated.kind !== 'Pod') continue
    const owner = ownerManifests.get(generated.owner)
    if (!owner) continue
    const metadata = generated.raw.metadata as { name?: unknown; namespace?: unknown } | undefined
    const name = typeof metadata?.name === 'string' ? metadata.name : ''
    const podManifest: Manifest = {
      kind: 'Pod',
      apiVersion: 'v1',
      raw: generated.raw,
      name,
      namespace: owner.namespace,
      ref: `Pod/${owner.namespace}/${name}`,
      // Field ranges of a generated Pod point into its owner's template.
      source: {
        document: owner.source.document,
        range: owner.source.range,
        fields: subFields(owner.source.fields, generated.templatePath),
      },
    }
    keep(admitPod(podManifest, placer, createdIndex++, generated.owner), pods)
  }

  const endpointsResult = reconcileEndpoints(services, pods, nodes, userEndpoints)
  const slicesResult = reconcileEndpointSlices(
    services,
    pods,
    nodes,
    forkRng(settings.seed, 'endpointslice'),
  )
  const mirrored = mirrorEndpoints(services, userEndpoints, forkRng(settings.seed, 'mirroring'))
  diagnostics.push(
    ...endpointsResult.diagnostics,
    ...slicesResult.diagnostics,
    ...mirrored.diagnostics,
  )
  const endpointSlices = [
    system.slice,
    ...slicesResult.endpointSlices,
    ...mirrored.endpointSlices,
    ...userSlices,
  ]
  diagnostics.push(...lintServices(services, pods, endpointSlices))

  return {
    cluster: {
      settings,
      nodes,
      namespaces,
      pods,
      services,
      endpoints: [system.endpoints, ...endpointsResult.endpoints],
      endpointSlices,
    },
    rejected,
    diagnostics,
  }
}
