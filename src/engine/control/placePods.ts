/**
 * Nodes and pod addresses: what the scheduler, the node IPAM controller and the CNI plugin decide.
 *
 * - Nodes without a `spec.podCIDR` get the next /24 of the pod subnet, in order, as
 *   kube-controller-manager's range allocator hands them out (--node-cidr-mask-size-ipv4=24).
 * - A Pod without `spec.nodeName` goes to the node with the fewest Pods so far, ties broken by
 *   node order: a deterministic stand-in for the scheduler's spreading.
 * - Pod IPs come from the node's podCIDR the way the CNI `host-local` IPAM plugin gives them
 *   (its rangeStart defaults to .2; .1 is the bridge gateway), in creation order, unless the
 *   Pod was pasted with `status.podIP`.
 * @see https://www.cni.dev/plugins/current/ipam/host-local/
 */
import type { ClusterSettings, NodeState } from '../model/cluster'
import { formatCidr, formatIPv4, parseCidr, parseIPv4, subnetAt } from '../net/ipv4'

/** The single node a cluster has when the YAML names none. */
export function defaultNodes(settings: ClusterSettings): NodeState[] {
  const podSubnet = parseCidr(settings.podSubnet)
  const first = podSubnet ? subnetAt(podSubnet, settings.nodeCidrMaskSize, 0) : null
  return [
    {
      name: 'node-1',
      internalIP: '192.168.49.2',
      podCIDR: first ? formatCidr(first) : '10.244.0.0/24',
    },
  ]
}

export interface PodPlacement {
  nodeName: string
  podIP: string
}

export interface PodPlacer {
  /** Place a Pod. `nodeName`/`podIP` are what the manifest already says, if anything. */
  place(requested: { nodeName: string | null; podIP: string | null }): PodPlacement
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
        return ip
      }
    }
    return ''
  }

  return {
    place({ nodeName, podIP }) {
      const node =
        nodes.find((n) => n.name === nodeName) ??
        [...nodes].sort((a, b) => (podCount.get(a.name) ?? 0) - (podCount.get(b.name) ?? 0))[0]
      const name = nodeName ?? node?.name ?? ''
      podCount.set(name, (podCount.get(name) ?? 0) + 1)
      if (podIP !== null && parseIPv4(podIP) !== null) {
        used.add(podIP)
        return { nodeName: name, podIP }
      }
      return { nodeName: name, podIP: node ? nextIP(node) : '' }
    },
  }
}
