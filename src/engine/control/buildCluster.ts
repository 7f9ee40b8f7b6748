/**
 * Stage 2: objects → the cluster the API server and controllers would make from them.
 *
 * Objects are created in document order, as `kubectl apply -f` sends them, so allocation order
 * (and with it every address) follows the YAML, and an object in a namespace that does not
 * exist yet is refused. The controllers run after the whole file was applied, as they do in a
 * real cluster a few milliseconds later: workloads create their Pods, then the endpoints,
 * EndpointSlice and mirroring controllers run over everything that was admitted.
 *
 * The two controller phases are functions of their own (createWorkloadPods,
 * runEndpointControllers), and runControlPlane keeps what they work from, so the timeline
 * (src/engine/timeline) can run the same controllers again when a Pod is deleted, turns
 * unready or a workload is scaled, instead of a second copy of them.
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
import type { Rng } from '../rng'
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
import type { WorkloadInput } from './defaultWorkload'
import { lintServices } from './lintServices'
import { mirrorEndpoints } from './mirrorEndpoints'
import { createPodPlacer, readNodes } from './placePods'
import type { PodPlacer } from './placePods'
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

/**
 * What the endpoints, EndpointSlice and mirroring controllers read besides the Pods. Kept apart
 * so the controllers can run again on a changed Pod list (a deleted or unready Pod on the
 * timeline, src/engine/timeline) without admitting the objects again.
 */
export interface ControllerInputs {
  settings: Settings
  nodes: NodeState[]
  namespaces: string[]
  services: ServiceState[]
  userEndpoints: EndpointsState[]
  userSlices: EndpointSlice[]
  /** `default/kubernetes`'s Endpoints and EndpointSlice, which the apiserver itself writes. */
  systemEndpoints: EndpointsState
  systemSlice: EndpointSlice
}

/**
 * The control plane after the file was applied, with what a later change needs to continue
 * from it: the workloads, the manifests by ref (a generated Pod's fields point into its
 * owner), the Pod placer with its host-local state and the next creation index.
 */
export interface ControlPlane {
  result: ControlPlaneResult
  inputs: ControllerInputs
  workloads: WorkloadInput[]
  manifestsByRef: ReadonlyMap<string, Manifest>
  placer: PodPlacer
  nextCreatedIndex: number
}

export interface WorkloadPods {
  pods: PodState[]
  rejected: RejectedObject[]
  diagnostics: Diagnostic[]
  nextCreatedIndex: number
}

/**
 * The workload controllers' Pods for `workloads`: expandWorkloads names them, then each is
 * admitted like a Pod from the YAML (decode, defaults, validation, placement). `skip` leaves
 * out Pods whose ref it returns true for before they are placed, so a Pod that already exists
 * (a StatefulSet's `web-0`) takes no address.
 */
export function createWorkloadPods(
  workloads: readonly WorkloadInput[],
  context: {
    nodeNames: readonly string[]
    manifestsByRef: ReadonlyMap<string, Manifest>
    placer: PodPlacer
    firstCreatedIndex: number
    skip?: (ref: string) => boolean
  },
  rng: Rng,
): WorkloadPods {
  const diagnostics: Diagnostic[] = []
  const rejected: RejectedObject[] = []
  const pods: PodState[] = []
  let createdIndex = context.firstCreatedIndex
  const expanded = expandWorkloads(workloads, context.nodeNames, rng)
  // Invalid workloads were refused at admission; what is left are the controllers' warnings.
  for (const d of expanded.diagnostics) {
    if (d.severity !== 'warning') continue
    const owner = context.manifestsByRef.get(d.ref)
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
    const owner = context.manifestsByRef.get(generated.owner)
    if (!owner) continue
    const metadata = generated.raw.metadata as { name?: unknown; namespace?: unknown } | undefined
    const name = typeof metadata?.name === 'string' ? metadata.name : ''
    const ref = `Pod/${owner.namespace}/${name}`
    if (context.skip?.(ref) === true) continue
    const podManifest: Manifest = {
      kind: 'Pod',
      apiVersion: 'v1',
      raw: generated.raw,
      name,
      namespace: owner.namespace,
      ref,
      // Field ranges of a generated Pod point into its owner's template.
      source: {
        document: owner.source.document,
        range: owner.source.range,
        fields: subFields(owner.source.fields, generated.templatePath),
      },
    }
    const admission = admitPod(podManifest, context.placer, createdIndex++, generated.owner)
    if (admission.admitted) pods.push(admission.object)
    else {
      rejected.push(admission.rejected)
      diagnostics.push(...admission.diagnostics)
    }
  }
  return { pods, rejected, diagnostics, nextCreatedIndex: createdIndex }
}

/**
 * The endpoints, EndpointSlice and EndpointSlice mirroring controllers over the given Pods:
 * the cluster they leave. Each forks its generator from the seed, so running them again on a
 * changed Pod list names the slices of an unchanged Service the same.
 */
export function runEndpointControllers(
  inputs: ControllerInputs,
  pods: PodState[],
): { cluster: ClusterState; diagnostics: Diagnostic[] } {
  const { settings, nodes, services, userEndpoints } = inputs
  const endpointsResult = reconcileEndpoints(services, pods, nodes, userEndpoints)
  const slicesResult = reconcileEndpointSlices(
    services,
    pods,
    nodes,
    forkRng(settings.seed, 'endpointslice'),
  )
  const mirrored = mirrorEndpoints(services, userEndpoints, forkRng(settings.seed, 'mirroring'))
  return {
    cluster: {
      settings,
      nodes,
      namespaces: inputs.namespaces,
      pods,
      services,
      endpoints: [inputs.systemEndpoints, ...endpointsResult.endpoints],
      endpointSlices: [
        inputs.systemSlice,
        ...slicesResult.endpointSlices,
        ...mirrored.endpointSlices,
        ...inputs.userSlices,
      ],
    },
    diagnostics: [
      ...endpointsResult.diagnostics,
      ...slicesResult.diagnostics,
      ...mirrored.diagnostics,
    ],
  }
}

export function buildCluster(
  manifests: readonly Manifest[],
  overrides: SettingsOverrides,
): ControlPlaneResult {
  return runControlPlane(manifests, overrides).result
}

/** buildCluster, keeping what the timeline needs to run the controllers again later. */
export function runControlPlane(
  manifests: readonly Manifest[],
  overrides: SettingsOverrides,
): ControlPlane {
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
  const manifestsByRef = new Map(manifests.map((m) => [m.ref, m]))
  const generated = createWorkloadPods(
    workloads,
    {
      nodeNames: nodes.map((n) => n.name),
      manifestsByRef,
      placer,
      firstCreatedIndex: createdIndex,
    },
    forkRng(settings.seed, 'workloads'),
  )
  pods.push(...generated.pods)
  rejected.push(...generated.rejected)
  diagnostics.push(...generated.diagnostics)

  const inputs: ControllerInputs = {
    settings,
    nodes,
    namespaces,
    services,
    userEndpoints,
    userSlices,
    systemEndpoints: system.endpoints,
    systemSlice: system.slice,
  }
  const controllers = runEndpointControllers(inputs, pods)
  diagnostics.push(...controllers.diagnostics)
  const cluster = controllers.cluster
  diagnostics.push(...lintServices(services, pods, cluster.endpointSlices))

  return {
    result: { cluster, rejected, diagnostics },
    inputs,
    workloads,
    manifestsByRef,
    placer,
    nextCreatedIndex: generated.nextCreatedIndex,
  }
}
