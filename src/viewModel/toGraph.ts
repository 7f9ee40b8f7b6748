/**
 * Engine results → the canvas: React Flow nodes and edges with deterministic positions.
 * Rows, top to bottom (see toGraph). Ids are the
 * engine's `Kind/namespace/name` refs, so tests, the canvas and the trace speak one language.
 */
import type { Edge, Node } from '@xyflow/react'
import type { Anchor, ClientSpec as Client, Simulation } from '../engine'
import { backendsOf } from './endpoints'
import { servicePortPath } from './iptablesPath'

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

export interface ChainNodeData extends Record<string, unknown> {
  /** Where the decision is made: an iptables table, IPVS, or kube-proxy in user space. */
  table: 'nat' | 'filter' | 'ipvs' | 'user space'
  chain: string
  /** What the chain does here, in a few words ("random pick of 3", "DNAT 10.244.0.2:80"). */
  detail: string
}

export type GraphNode =
  | Node<ClientNodeData, 'client'>
  | Node<ServiceNodeData, 'service'>
  | Node<ChainNodeData, 'chain'>
  | Node<PodNodeData, 'pod'>
  | Node<NodeGroupData, 'nodeGroup'>
  | Node<ExternalNodeData, 'external'>

export interface Graph {
  nodes: GraphNode[]
  edges: Edge[]
  /** Where the packet rests on each node: the middle of its top edge, clear of its text. */
  packetStops: ReadonlyMap<string, { x: number; y: number }>
}

export interface GraphTarget {
  serviceRef: string
  portIndex: number
  /** The address sent to when it is not the cluster IP (NodeIP:NodePort, an LB or external IP). */
  ip?: string
  port?: number
}

const SIZE = {
  client: { width: 190, height: 60 },
  service: { width: 220, height: 96 },
  chain: { width: 230, height: 58 },
  sep: { width: 236, height: 58 },
  pod: { width: 200, height: 68 },
  external: { width: 200, height: 50 },
}
const GAP = { x: 28, y: 56 }
const GROUP_PADDING = { top: 46, side: 14, bottom: 14 }
/** Pods per row inside a Node. */
const POD_COLUMNS = 4

export function chainId(table: 'nat' | 'filter', chain: string): string {
  return `Chain/${table}/${chain}`
}

/** An IPVS virtual server on a node (`TCP 10.96.0.10:80`). */
export function ipvsId(node: string, virtualServer: string): string {
  return `Ipvs/${node}/${virtualServer}`
}

/** The kube-proxy process in user space (userspace mode). */
export function proxyId(node: string): string {
  return `Proxy/${node}`
}

interface Placed {
  id: string
  width: number
  height: number
}

/**
 * Top to bottom: the client; the Services; for the target Service port, the chains kube-proxy
 * built for it (KUBE-SERVICES, KUBE-SVC-…, the KUBE-SEP-… branches); then the Nodes holding
 * their Pods, and addresses outside the cluster. Rows are centred on one axis.
 */
export function toGraph(simulation: Simulation, client: Client, target: GraphTarget | null): Graph {
  const { cluster } = simulation
  const nodes: GraphNode[] = []
  const edges: Edge[] = []
  const packetStops = new Map<string, { x: number; y: number }>()
  const rows: { y: number; items: Placed[] }[] = []
  let y = 0
  const row = (items: Placed[], height: number) => {
    rows.push({ y, items })
    y += height + GAP.y
  }

  const clientPod = cluster.pods.find((p) => client.kind === 'pod' && p.ref === client.ref)
  const clientNode =
    client.kind === 'node'
      ? cluster.nodes.find((n) => n.name === client.name)
      : client.kind === 'pod'
        ? cluster.nodes.find((n) => n.name === clientPod?.nodeName)
        : (cluster.nodes.find((n) => n.name === client.node) ?? cluster.nodes[0])
  const clientIP =
    client.kind === 'ip' ? client.ip : (clientPod?.podIP ?? clientNode?.internalIP ?? '')
  nodes.push({
    id: CLIENT_ID,
    type: 'client',
    position: { x: 0, y: 0 },
    data: {
      label:
        client.kind === 'ip'
          ? 'outside the cluster'
          : clientPod
            ? `pod ${clientPod.name}`
            : `node ${clientNode?.name ?? '?'}`,
      address: clientIP,
    },
    ...SIZE.client,
  })
  row([{ id: CLIENT_ID, ...SIZE.client }], SIZE.client.height)

  // Services the YAML made; the cluster's own (`default/kubernetes`) stay off the canvas.
  const services = cluster.services
    .filter((s) => !s.system)
    .sort((a, b) => Number(b.ref === target?.serviceRef) - Number(a.ref === target?.serviceRef))
  const externals = new Set<string>()
  const targetService = services.find((s) => s.ref === target?.serviceRef)
  const targetPort = target ? targetService?.ports[target.portIndex] : undefined
  const tables = clientNode ? simulation.iptables.get(clientNode.name) : undefined
  const path =
    targetService && targetPort && tables && clientNode && targetService.clusterIP !== 'None'
      ? servicePortPath(tables, {
          srcIP: clientIP,
          dstIP: target?.ip ?? targetService.clusterIP,
          dport: target?.port ?? targetPort.port,
          localIPs: [clientNode.internalIP],
        })
      : null
  const podByIP = new Map(cluster.pods.map((p) => [p.podIP, p.ref]))

  for (const service of services) {
    const backends = backendsOf(simulation, service)
    const ready = backends.filter((b) => b.ready)
    nodes.push({
      id: service.ref,
      type: 'service',
      position: { x: 0, y: 0 },
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
    if (service === targetService) {
      edges.push({ id: `${CLIENT_ID}->${service.ref}`, source: CLIENT_ID, target: service.ref })
      // The target's backends are reached through the mode's path, drawn below.
      if (path || simulation.proxyMode !== 'iptables') continue
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
  }
  row(
    services.map((s) => ({ id: s.ref, ...SIZE.service })),
    SIZE.service.height,
  )

  const dstIP = target?.ip ?? targetService?.clusterIP ?? ''
  const dport = target?.port ?? targetPort?.port ?? 0
  const addEndpointEdge = (from: string, endpoint: string, label?: string) => {
    const ip = endpoint.split(':')[0] ?? ''
    const backend = podByIP.get(ip) ?? `External/${ip}`
    if (backend.startsWith('External/')) externals.add(ip)
    edges.push({
      id: `${from}->${backend}`,
      source: from,
      target: backend,
      ...(label ? { label } : {}),
    })
  }
  const ipvs = clientNode ? simulation.ipvs.get(clientNode.name) : undefined
  const userspace = clientNode ? simulation.userspace.get(clientNode.name) : undefined
  if (targetService && targetPort && simulation.proxyMode === 'ipvs' && ipvs && clientNode) {
    // IPVS: the address is on kube-ipvs0, so the packet is delivered locally and the virtual
    // server for it picks a real server with its scheduler.
    const vs = ipvs.virtualServers.find(
      (v) => v.address === `${dstIP}:${dport}` && v.protocol === targetPort.protocol,
    )
    if (vs) {
      const name = `${vs.protocol} ${vs.address}`
      const id = ipvsId(clientNode.name, name)
      nodes.push({
        id,
        type: 'chain',
        position: { x: 0, y: 0 },
        data: {
          table: 'ipvs',
          chain: `IPVS ${name}`,
          detail: `${vs.scheduler}${vs.persistentSeconds ? ` persistent ${vs.persistentSeconds}` : ''}, ${vs.realServers.length} real server(s)`,
        },
        ...SIZE.chain,
      })
      edges.push({ id: `${targetService.ref}->${id}`, source: targetService.ref, target: id })
      row([{ id, ...SIZE.chain }], SIZE.chain.height)
      // One node per real server, as `ipvsadm -Ln` lists them under the virtual server.
      const servers: Placed[] = []
      for (const rs of vs.realServers) {
        const rsId = `${id}/${rs.address}`
        nodes.push({
          id: rsId,
          type: 'chain',
          position: { x: 0, y: 0 },
          data: { table: 'ipvs', chain: `-> ${rs.address}`, detail: `Masq, weight ${rs.weight}` },
          ...SIZE.sep,
        })
        servers.push({ id: rsId, ...SIZE.sep })
        edges.push({ id: `${id}->${rsId}`, source: id, target: rsId })
        addEndpointEdge(rsId, rs.address)
      }
      if (servers.length > 0) row(servers, SIZE.sep.height)
    }
  } else if (
    targetService &&
    targetPort &&
    simulation.proxyMode === 'userspace' &&
    userspace &&
    clientNode
  ) {
    // userspace: iptables sends the packet to kube-proxy's own port; the process dials a Pod.
    const spn = `${targetService.namespace}/${targetService.name}${targetPort.name ? `:${targetPort.name}` : ''}`
    const port = userspace.proxyPorts.get(spn)
    const portals = clientPod ? 'KUBE-PORTALS-CONTAINER' : 'KUBE-PORTALS-HOST'
    const chain = chainId('nat', portals)
    const proxy = proxyId(clientNode.name)
    nodes.push(
      {
        id: chain,
        type: 'chain',
        position: { x: 0, y: 0 },
        data: {
          table: 'nat',
          chain: portals,
          detail: `${clientPod ? 'REDIRECT' : 'DNAT'} to the proxy port ${port ?? '?'}`,
        },
        ...SIZE.chain,
      },
      {
        id: proxy,
        type: 'chain',
        position: { x: 0, y: 0 },
        data: {
          table: 'user space',
          chain: `kube-proxy :${port ?? '?'}`,
          detail: 'round robin, then a new connection',
        },
        ...SIZE.chain,
      },
    )
    edges.push(
      { id: `${targetService.ref}->${chain}`, source: targetService.ref, target: chain },
      { id: `${chain}->${proxy}`, source: chain, target: proxy },
    )
    row([{ id: chain, ...SIZE.chain }], SIZE.chain.height)
    row([{ id: proxy, ...SIZE.chain }], SIZE.chain.height)
    for (const backend of backendsOf(simulation, targetService).filter((b) => b.ready)) {
      addEndpointEdge(proxy, `${backend.ip}:0`)
    }
  } else if (targetService && path) {
    // One row per chain down to the one that branches; then the KUBE-SEP- chains side by side.
    let previous = targetService.ref
    path.chains.forEach((chain, i) => {
      const id = chainId('nat', chain)
      const last = i === path.chains.length - 1
      nodes.push({
        id,
        type: 'chain',
        position: { x: 0, y: 0 },
        data: {
          table: 'nat',
          chain,
          detail: last
            ? path.branches.length > 1
              ? `random pick of ${path.branches.length}`
              : `${path.branches.length} endpoint`
            : i === 0
              ? `matches ${target?.ip ?? targetService.clusterIP}:${target?.port ?? targetPort?.port ?? ''}`
              : 'jump',
        },
        ...SIZE.chain,
      })
      edges.push({ id: `${previous}->${id}`, source: previous, target: id })
      row([{ id, ...SIZE.chain }], SIZE.chain.height)
      previous = id
    })
    const seps: Placed[] = []
    for (const branch of path.branches) {
      const sep = chainId('nat', branch.chain)
      nodes.push({
        id: sep,
        type: 'chain',
        position: { x: 0, y: 0 },
        data: { table: 'nat', chain: branch.chain, detail: `DNAT ${branch.endpoint}` },
        ...SIZE.sep,
      })
      seps.push({ id: sep, ...SIZE.sep })
      edges.push({ id: `${previous}->${sep}`, source: previous, target: sep, label: branch.label })
      const ip = branch.endpoint.split(':')[0] ?? ''
      const backend = podByIP.get(ip) ?? `External/${ip}`
      if (backend.startsWith('External/')) externals.add(ip)
      edges.push({ id: `${sep}->${backend}`, source: sep, target: backend })
    }
    if (seps.length > 0) row(seps, SIZE.sep.height)
  }

  // The Nodes, side by side, each holding its Pods in rows of up to POD_COLUMNS, so the edges
  // from the chains above fan out to them instead of running down one column.
  const groups: Placed[] = []
  let tallest = 0
  for (const node of cluster.nodes) {
    const pods = cluster.pods.filter((p) => p.nodeName === node.name)
    const groupId = `Node/${node.name}`
    const columns = Math.max(1, Math.min(POD_COLUMNS, pods.length))
    const rowsOfPods = Math.max(1, Math.ceil(pods.length / POD_COLUMNS))
    const height =
      GROUP_PADDING.top + rowsOfPods * (SIZE.pod.height + GAP.x / 2) + GROUP_PADDING.bottom
    const width = columns * SIZE.pod.width + (columns - 1) * (GAP.x / 2) + GROUP_PADDING.side * 2
    tallest = Math.max(tallest, height)
    nodes.push({
      id: groupId,
      type: 'nodeGroup',
      position: { x: 0, y: 0 },
      data: { name: node.name, internalIP: node.internalIP, podCIDR: node.podCIDR },
      width,
      height,
      selectable: false,
    })
    groups.push({ id: groupId, width, height })
    pods.forEach((pod, i) => {
      const position = {
        x: GROUP_PADDING.side + (i % POD_COLUMNS) * (SIZE.pod.width + GAP.x / 2),
        y: GROUP_PADDING.top + Math.floor(i / POD_COLUMNS) * (SIZE.pod.height + GAP.x / 2),
      }
      nodes.push({
        id: pod.ref,
        type: 'pod',
        parentId: groupId,
        extent: 'parent',
        position,
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
    })
  }
  // Addresses outside the cluster (a selector-less Service's manual endpoints), beside the Nodes.
  for (const ip of externals) {
    const id = `External/${ip}`
    nodes.push({ id, type: 'external', position: { x: 0, y: 0 }, data: { ip }, ...SIZE.external })
    groups.push({ id, ...SIZE.external })
  }
  row(groups, tallest)

  // Centre every row on one axis, then record where the packet rests on each node.
  const widthOf = (items: Placed[]) =>
    items.reduce((sum, item) => sum + item.width, 0) + GAP.x * Math.max(0, items.length - 1)
  const axis = Math.max(...rows.map((r) => widthOf(r.items))) / 2
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const { y: rowY, items } of rows) {
    let x = axis - widthOf(items) / 2
    for (const item of items) {
      const node = byId.get(item.id)
      if (node) node.position = { x, y: rowY }
      packetStops.set(item.id, { x: x + item.width / 2, y: rowY })
      x += item.width + GAP.x
    }
  }
  for (const node of nodes) {
    if (node.type !== 'pod' || !node.parentId) continue
    const group = byId.get(node.parentId)
    if (group) {
      packetStops.set(node.id, {
        x: group.position.x + node.position.x + SIZE.pod.width / 2,
        y: group.position.y + node.position.y,
      })
    }
  }
  return { nodes, edges, packetStops }
}

/**
 * The canvas node a hop happens at, or null when the canvas does not draw that place (the
 * packet then stays where the previous hop left it).
 */
export function nodeIdForAnchor(anchor: Anchor, graph: Graph): string | null {
  const id = (() => {
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
        return chainId(anchor.table, anchor.chain)
      case 'ipvs':
        return ipvsId(anchor.node, anchor.virtualServer)
      case 'proxy':
        return proxyId(anchor.node)
    }
  })()
  return graph.packetStops.has(id) ? id : null
}
