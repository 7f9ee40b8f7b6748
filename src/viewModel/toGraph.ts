/**
 * Engine results → the canvas: React Flow nodes and edges with deterministic positions.
 * Columns, left to right: the client, the Services, the Nodes with their Pods. Ids are the
 * engine's `Kind/namespace/name` refs, so tests, the canvas and the trace speak one language.
 */
import type { Edge, Node } from '@xyflow/react'
import type { Anchor, Client, Simulation } from '../engine'
import { backendsOf } from './endpoints'

export const CLIENT_ID = 'client'

export interface ClientNodeData extends Record<string, unknown> {
  label: string
  address: string
}
export interface ServiceNodeData extends Record<string, unknown> {
  name: string
  namespace: string
  type: string
  clusterIP: string
  ports: string[]
  endpointCount: number
}
export interface PodNodeData extends Record<string, unknown> {
  name: string
  podIP: string
  ports: string[]
  ready: boolean
}
export interface NodeGroupData extends Record<string, unknown> {
  name: string
  internalIP: string
  podCIDR: string
}
export interface ExternalNodeData extends Record<string, unknown> {
  ip: string
}

export type GraphNode =
  | Node<ClientNodeData, 'client'>
  | Node<ServiceNodeData, 'service'>
  | Node<PodNodeData, 'pod'>
  | Node<NodeGroupData, 'nodeGroup'>
  | Node<ExternalNodeData, 'external'>

export interface Graph {
  nodes: GraphNode[]
  edges: Edge[]
  /** Where the packet rests on each node: the middle of its top edge, clear of its text. */
  packetStops: ReadonlyMap<string, { x: number; y: number }>
}

const COLUMN_X = { client: 0, service: 230, node: 500 }
const SIZE = {
  client: { width: 170, height: 64 },
  service: { width: 220, height: 100 },
  pod: { width: 210, height: 72 },
}
const ROW_GAP = 36
const GROUP_PADDING = { top: 48, side: 14, bottom: 14 }

export function toGraph(simulation: Simulation, client: Client, targetRef: string | null): Graph {
  const { cluster } = simulation
  const nodes: GraphNode[] = []
  const edges: Edge[] = []
  const packetStops = new Map<string, { x: number; y: number }>()
  const stop = (id: string, x: number, y: number, size: { width: number; height: number }) =>
    packetStops.set(id, { x: x + size.width / 2, y })

  const clientNode = cluster.nodes.find((n) => client.kind === 'node' && n.name === client.name)
  const clientPod = cluster.pods.find((p) => client.kind === 'pod' && p.ref === client.ref)
  nodes.push({
    id: CLIENT_ID,
    type: 'client',
    position: { x: COLUMN_X.client, y: 0 },
    data: {
      label: clientPod ? `pod ${clientPod.name}` : `node ${clientNode?.name ?? '?'}`,
      address: clientPod?.podIP ?? clientNode?.internalIP ?? '',
    },
    ...SIZE.client,
  })
  stop(CLIENT_ID, COLUMN_X.client, 0, SIZE.client)

  // Services the YAML made; the cluster's own (`default/kubernetes`) stay off the canvas.
  const services = cluster.services.filter((s) => !s.system)
  const externals = new Set<string>()
  services.forEach((service, i) => {
    const y = i * (SIZE.service.height + ROW_GAP)
    const backends = backendsOf(simulation, service)
    const ready = backends.filter((b) => b.ready)
    nodes.push({
      id: service.ref,
      type: 'service',
      position: { x: COLUMN_X.service, y },
      data: {
        name: service.name,
        namespace: service.namespace,
        type: service.type,
        clusterIP: service.clusterIP,
        ports: service.ports.map(
          (p) =>
            `${service.clusterIP === 'None' ? '' : `${service.clusterIP}:`}${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`,
        ),
        endpointCount: ready.length,
      },
      ...SIZE.service,
    })
    stop(service.ref, COLUMN_X.service, y, SIZE.service)
    if (service.ref === targetRef) {
      edges.push({ id: `${CLIENT_ID}->${service.ref}`, source: CLIENT_ID, target: service.ref })
    }
    // Only ready endpoints carry traffic, so only they get an edge.
    for (const backend of ready) {
      if (backend.id.startsWith('External/')) externals.add(backend.ip)
      edges.push({
        id: `${service.ref}->${backend.id}`,
        source: service.ref,
        target: backend.id,
        label: backend.ports.join(', '),
      })
    }
  })

  let groupY = 0
  for (const node of cluster.nodes) {
    const pods = cluster.pods.filter((p) => p.nodeName === node.name)
    const groupId = `Node/${node.name}`
    const height =
      GROUP_PADDING.top +
      Math.max(1, pods.length) * (SIZE.pod.height + ROW_GAP / 2) +
      GROUP_PADDING.bottom
    const width = SIZE.pod.width + GROUP_PADDING.side * 2
    nodes.push({
      id: groupId,
      type: 'nodeGroup',
      position: { x: COLUMN_X.node, y: groupY },
      data: { name: node.name, internalIP: node.internalIP, podCIDR: node.podCIDR },
      width,
      height,
      selectable: false,
    })
    pods.forEach((pod, i) => {
      const x = GROUP_PADDING.side
      const y = GROUP_PADDING.top + i * (SIZE.pod.height + ROW_GAP / 2)
      nodes.push({
        id: pod.ref,
        type: 'pod',
        parentId: groupId,
        extent: 'parent',
        position: { x, y },
        data: {
          name: pod.name,
          podIP: pod.podIP,
          ports: pod.ports.map(
            (p) => `${p.containerPort}/${p.protocol}${p.name ? ` (${p.name})` : ''}`,
          ),
          ready: pod.ready,
        },
        ...SIZE.pod,
      })
      stop(pod.ref, COLUMN_X.node + x, groupY + y, SIZE.pod)
    })
    groupY += height + ROW_GAP
  }
  // Addresses outside the cluster (a selector-less Service's manual endpoints), below the Nodes.
  ;[...externals].forEach((ip, i) => {
    const id = `External/${ip}`
    const y = groupY + i * (SIZE.pod.height / 1.5 + ROW_GAP / 2)
    nodes.push({
      id,
      type: 'external',
      position: { x: COLUMN_X.node, y },
      data: { ip },
      width: SIZE.pod.width,
      height: SIZE.pod.height / 1.5,
    })
    stop(id, COLUMN_X.node, y, SIZE.pod)
  })
  return { nodes, edges, packetStops }
}

/** The canvas node a hop happens at. Chains live inside the Service's box until issue #4. */
export function nodeIdForAnchor(anchor: Anchor, targetRef: string | null): string {
  switch (anchor.kind) {
    case 'client':
      return CLIENT_ID
    case 'service':
      return anchor.ref
    case 'pod':
      return anchor.ref
    case 'external':
      return `External/${anchor.ip}`
    case 'chain':
      return targetRef ?? CLIENT_ID
  }
}
