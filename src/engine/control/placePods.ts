/**
 * Nodes and pod addresses: what kubelet registers, what the scheduler, the node IPAM controller
 * and the CNI plugin decide.
 *
 * - Nodes come from `v1 Node` objects. A Node without an InternalIP gets the next address of
 *   192.168.49.0/24 from .2 (as minikube's and kind's first nodes have them); one without
 *   `spec.podCIDR` gets the next free /24 of the pod subnet, in order, as
 *   kube-controller-manager's range allocator hands them out (--node-cidr-mask-size-ipv4=24).
 *   With no Node objects the cluster has one node, `node-1`.
 * - A Pod without `spec.nodeName` goes to the node with the fewest Pods so far, ties broken by
 *   node order: a deterministic stand-in for the scheduler's spreading.
 * - Pod IPs come from the node's podCIDR the way the CNI `host-local` IPAM plugin gives them
 *   (its rangeStart defaults to .2; .1 is the bridge gateway), in creation order, unless the
 *   Pod was pasted with `status.podIP`. A hostNetwork Pod has the node's address.
 * @see https://www.cni.dev/plugins/current/ipam/host-local/
 */
import type { ClusterSettings, NodeState } from '../model/cluster'
import { cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4, subnetAt } from '../net/ipv4'
import type { Cidr } from '../net/ipv4'
import { isObject } from '../parse/readManifests'
import type { Manifest } from '../parse/readManifests'

const FIRST_NODE_IP = parseIPv4('192.168.49.2')!

/** The nodes of the cluster: the YAML's Node objects, or one default node. */
export function readNodes(manifests: readonly Manifest[], settings: ClusterSettings): NodeState[] {
  const podSubnet = parseCidr(settings.podSubnet)
  const nodeManifests = manifests.filter((m) => m.kind === 'Node' && m.name !== '')
  const inferred =
    nodeManifests.length === 0 ? nodesNamedByPods(manifests, settings.nodeCidrMaskSize) : []
  const explicitCIDRs = [
    ...nodeManifests.map((m) => (isObject(m.raw.spec) ? m.raw.spec.podCIDR : undefined)),
    ...inferred.map((n) => n.podCIDR),
  ].flatMap((text) => {
    const cidr = typeof text === 'string' ? parseCidr(text) : null
    return cidr ? [cidr] : []
  })
  let nextBlock = 0
  const nextPodCIDR = (): string => {
    if (!podSubnet) return ''
    for (;;) {
      const block = subnetAt(podSubnet, settings.nodeCidrMaskSize, nextBlock++)
      if (!block) return ''
      if (!explicitCIDRs.some((c) => overlaps(c, block))) return formatCidr(block)
    }
  }
  const usedIPs = new Set<string>()
  let nextHost = 0
  const nextNodeIP = (): string => {
    for (;;) {
      const ip = formatIPv4(FIRST_NODE_IP + nextHost++)
      if (!usedIPs.has(ip)) return ip
    }
  }

  if (nodeManifests.length === 0) {
    if (inferred.length > 0) {
      return inferred.map((n) => (n.podCIDR === '' ? { ...n, podCIDR: nextPodCIDR() } : n))
    }
    // A one-node kubeadm cluster: kubelet's well-known labels plus kubeadm's control-plane role.
    return [
      {
        ref: 'Node//node-1',
        name: 'node-1',
        internalIP: nextNodeIP(),
        podCIDR: nextPodCIDR(),
        labels: wellKnownLabels('node-1', true),
        source: null,
      },
    ]
  }
  const given = nodeManifests.map((m) => internalIPOf(m.raw))
  for (const ip of given) if (ip) usedIPs.add(ip)
  const seen = new Set<string>()
  const nodes: NodeState[] = []
  nodeManifests.forEach((manifest, i) => {
    if (seen.has(manifest.name)) return
    seen.add(manifest.name)
    const spec = isObject(manifest.raw.spec) ? manifest.raw.spec : {}
    const metadata = isObject(manifest.raw.metadata) ? manifest.raw.metadata : {}
    const labels = isObject(metadata.labels)
      ? Object.fromEntries(Object.entries(metadata.labels).map(([k, v]) => [k, String(v)]))
      : {}
    const podCIDR =
      typeof spec.podCIDR === 'string' && parseCidr(spec.podCIDR) ? spec.podCIDR : nextPodCIDR()
    nodes.push({
      ref: `Node//${manifest.name}`,
      name: manifest.name,
      internalIP: given[i] ?? nextNodeIP(),
      podCIDR,
      labels,
      source: manifest.source,
    })
  })
  return nodes
}

function wellKnownLabels(name: string, controlPlane: boolean): Record<string, string> {
  return {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
  }
}

/**
 * A dump of Pods (`kubectl get pods -o yaml`) names the nodes they run on without the Node
 * objects. Those nodes existed, so the playground registers them as kubelet did: the address
 * from the Pods' `status.hostIP`, the podCIDR as the block around their Pod IPs.
 */
function nodesNamedByPods(manifests: readonly Manifest[], maskSize: number): NodeState[] {
  const nodes = new Map<string, { hostIP: string; podIP: string; source: Manifest['source'] }>()
  for (const manifest of manifests) {
    if (manifest.kind !== 'Pod') continue
    const spec = isObject(manifest.raw.spec) ? manifest.raw.spec : {}
    const status = isObject(manifest.raw.status) ? manifest.raw.status : {}
    if (typeof spec.nodeName !== 'string' || spec.nodeName === '') continue
    const known = nodes.get(spec.nodeName)
    const hostIP = typeof status.hostIP === 'string' ? status.hostIP : ''
    const podIP = typeof status.podIP === 'string' ? status.podIP : ''
    if (!known) nodes.set(spec.nodeName, { hostIP, podIP, source: manifest.source })
    else {
      if (known.hostIP === '') known.hostIP = hostIP
      if (known.podIP === '') known.podIP = podIP
    }
  }
  let nextHost = 0
  return [...nodes].map(([name, seen], i) => {
    const ip = parseIPv4(seen.podIP)
    const size = 2 ** (32 - maskSize)
    const podCIDR = ip === null ? '' : `${formatIPv4(ip - (ip % size))}/${maskSize}`
    const internalIP =
      parseIPv4(seen.hostIP) !== null ? seen.hostIP : formatIPv4(FIRST_NODE_IP + nextHost++)
    return {
      ref: `Node//${name}`,
      name,
      internalIP,
      podCIDR,
      labels: wellKnownLabels(name, i === 0),
      source: null,
    }
  })
}

function internalIPOf(raw: Record<string, unknown>): string | null {
  const status = isObject(raw.status) ? raw.status : {}
  const addresses = Array.isArray(status.addresses) ? status.addresses : []
  for (const address of addresses) {
    if (isObject(address) && address.type === 'InternalIP' && typeof address.address === 'string') {
      if (parseIPv4(address.address) !== null) return address.address
    }
  }
  return null
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b.base) || cidrContains(b, a.base)
}

export interface PodPlacement {
  nodeName: string
  podIP: string
  hostIP: string
}

export interface PodPlacer {
  /** Place a Pod. `nodeName`/`podIP` are what the manifest already says, if anything. */
  place(requested: {
    nodeName: string | null
    podIP: string | null
    hostNetwork: boolean
  }): PodPlacement
}

export function createPodPlacer(nodes: readonly NodeState[]): PodPlacer {
  const podCount = new Map(nodes.map((node) => [node.name, 0]))
  const nextHost = new Map(nodes.map((node) => [node.name, 2]))
  const used = new Set<string>()

  const nextIP = (node: NodeState): string => {
    const cidr = parseCidr(node.podCIDR)
    if (!cidr) return ''
    for (let host = nextHost.get(node.name) ?? 2; host < cidr.size - 1; host++) {
      const ip = formatIPv4(cidr.base + host)
      if (!used.has(ip)) {
        nextHost.set(node.name, host + 1)
        used.add(ip)
        return ip
      }
    }
    return ''
  }

  return {
    place({ nodeName, podIP, hostNetwork }) {
      const node =
        nodeName === null
          ? [...nodes].sort((a, b) => (podCount.get(a.name) ?? 0) - (podCount.get(b.name) ?? 0))[0]
          : nodes.find((n) => n.name === nodeName)
      const name = nodeName ?? node?.name ?? ''
      podCount.set(name, (podCount.get(name) ?? 0) + 1)
      const hostIP = node?.internalIP ?? ''
      if (podIP !== null && parseIPv4(podIP) !== null) {
        used.add(podIP)
        return { nodeName: name, podIP, hostIP }
      }
      // A Pod bound to a node that does not exist never starts: no address.
      if (!node) return { nodeName: name, podIP: '', hostIP: '' }
      return { nodeName: name, podIP: hostNetwork ? node.internalIP : nextIP(node), hostIP }
    },
  }
}
