/**
 * Stage 2: objects → the cluster the API server and controllers would make from them.
 *
 * Objects are created in document order, as `kubectl apply -f` sends them, so allocation order
 * (and with it every address) follows the YAML. The endpoints controllers then run over
 * everything that was admitted.
 */
import type { Diagnostic } from '../diagnostics'
import type { ClusterSettings, ClusterState, PodState, ServiceState } from '../model/cluster'
import { formatIPv4, parseCidr } from '../net/ipv4'
import type { Manifest } from '../parse/readManifests'
import { forkRng } from '../rng'
import { admitPod, admitService } from './admitObjects'
import type { Admission, RejectedObject } from './admitObjects'
import { createClusterIPAllocator } from './allocateClusterIP'
import { createPodPlacer, defaultNodes } from './placePods'
import { reconcileEndpointSlices } from './reconcileEndpointSlices'

export interface ControlPlaneResult {
  cluster: ClusterState
  rejected: RejectedObject[]
  diagnostics: Diagnostic[]
}

/**
 * Addresses a kubeadm cluster has taken before any user object exists: `default/kubernetes`
 * at index 1 of the service range and `kube-system/kube-dns` at index 10.
 */
function reservedClusterIPs(serviceSubnet: string): string[] {
  const cidr = parseCidr(serviceSubnet)
  if (!cidr) return []
  return [1, 10].filter((i) => i < cidr.size - 1).map((i) => formatIPv4(cidr.base + i))
}

export function buildCluster(
  manifests: readonly Manifest[],
  settings: ClusterSettings,
): ControlPlaneResult {
  const diagnostics: Diagnostic[] = []
  const rejected: RejectedObject[] = []
  const nodes = defaultNodes(settings)
  const placer = createPodPlacer(nodes)
  const serviceRange = parseCidr(settings.serviceSubnet) ?? parseCidr('10.96.0.0/12')!
  const allocator = createClusterIPAllocator(serviceRange, forkRng(settings.seed, 'clusterIP'))
  for (const ip of reservedClusterIPs(settings.serviceSubnet)) allocator.allocate(ip)

  const pods: PodState[] = []
  const services: ServiceState[] = []
  const seen = new Set<string>()
  for (const manifest of manifests) {
    if (seen.has(manifest.ref)) {
      diagnostics.push({
        code: 'duplicate-object',
        severity: 'warning',
        message: `${manifest.kind} "${manifest.name}" appears twice in namespace "${manifest.namespace}"; the later one would be an update of the first, and the playground keeps the first.`,
        range: manifest.source.range,
        objectRef: manifest.ref,
      })
      continue
    }
    const admitted =
      manifest.kind === 'Pod'
        ? keep(admitPod(manifest, placer), pods)
        : keep(admitService(manifest, allocator), services)
    if (admitted) seen.add(manifest.ref)
  }

  function keep<T>(admission: Admission<T>, into: T[]): boolean {
    if (admission.admitted) {
      into.push(admission.object)
      return true
    }
    rejected.push(admission.rejected)
    diagnostics.push(...admission.diagnostics)
    return false
  }

  const slices = reconcileEndpointSlices(services, pods, forkRng(settings.seed, 'endpointslice'))
  diagnostics.push(...slices.diagnostics)
  return {
    cluster: { settings, nodes, pods, services, endpointSlices: slices.endpointSlices },
    rejected,
    diagnostics,
  }
}
