/**
 * The canvas's node kinds: small presentational components that receive only their data.
 */
import { memo } from 'react'
import { Handle, Position } from '@xyflow/react'
import type { NodeProps } from '@xyflow/react'
import type { Node } from '@xyflow/react'
import type {
  ChainNodeData,
  ClientNodeData,
  ExternalNodeData,
  NodeGroupData,
  PodNodeData,
  ServiceNodeData,
} from '../../viewModel/toGraph'

const handles = (
  <>
    <Handle type="target" position={Position.Top} isConnectable={false} />
    <Handle type="source" position={Position.Bottom} isConnectable={false} />
  </>
)

export const ClientNode = memo(function ClientNode({ data }: NodeProps<Node<ClientNodeData>>) {
  return (
    <div className="graph-node graph-node--client">
      <div className="graph-node__kind">client</div>
      <div className="graph-node__name">{data.label}</div>
      <div className="graph-node__detail">{data.address}</div>
      {handles}
    </div>
  )
})

export const ServiceNode = memo(function ServiceNode({ data }: NodeProps<Node<ServiceNodeData>>) {
  return (
    <div className="graph-node graph-node--service">
      <div className="graph-node__kind">
        Service · {data.type}
        {data.clusterIP === 'None' ? ' · headless' : ''}
      </div>
      <div className="graph-node__name">{data.name}</div>
      {data.ports.map((port) => (
        <div className="graph-node__detail mono" key={port}>
          {port}
        </div>
      ))}
      <div className="graph-node__detail">
        {data.endpointCount === 0 ? 'no endpoints' : `${data.endpointCount} endpoint(s)`}
      </div>
      {handles}
    </div>
  )
})

export const PodNode = memo(function PodNode({ data }: NodeProps<Node<PodNodeData>>) {
  return (
    <div className={`graph-node graph-node--pod${data.ready ? '' : ' graph-node--unready'}`}>
      <div className="graph-node__kind">Pod{data.ready ? '' : ' · not ready'}</div>
      <div className="graph-node__name">{data.name}</div>
      <div className="graph-node__detail mono">
        {data.podIP} · {data.ports.length > 0 ? data.ports.join(', ') : 'no ports'}
      </div>
      {handles}
    </div>
  )
})

export const NodeGroupNode = memo(function NodeGroupNode({ data }: NodeProps<Node<NodeGroupData>>) {
  return (
    <div className="graph-group">
      <div className="graph-group__title">
        Node {data.name} <span className="mono">{data.internalIP}</span>
      </div>
      <div className="graph-group__detail mono">podCIDR {data.podCIDR}</div>
    </div>
  )
})

export const ExternalNode = memo(function ExternalNode({
  data,
}: NodeProps<Node<ExternalNodeData>>) {
  return (
    <div className="graph-node graph-node--external">
      <div className="graph-node__kind">outside the cluster</div>
      <div className="graph-node__name mono">{data.ip}</div>
      {handles}
    </div>
  )
})

export const ChainNode = memo(function ChainNode({ data }: NodeProps<Node<ChainNodeData>>) {
  return (
    <div className={`graph-node graph-node--chain graph-node--${chainKind(data.chain)}`}>
      <div className="graph-node__kind">
        {data.table === 'ipvs' || data.table === 'user space'
          ? data.table
          : `iptables ${data.table}`}
      </div>
      <div className="graph-node__name mono">{data.chain}</div>
      <div className="graph-node__detail mono">{data.detail}</div>
      {handles}
    </div>
  )
})

function chainKind(chain: string): string {
  if (chain.startsWith('IPVS ') || chain.startsWith('-> ')) return 'ipvs'
  if (chain.startsWith('kube-proxy ')) return 'proxy'
  const match = /^KUBE-(SVC|SVL|SEP|EXT|FW)-/.exec(chain)
  return match ? (match[1] ?? 'fixed').toLowerCase() : 'fixed'
}

export const nodeTypes = {
  chain: ChainNode,
  external: ExternalNode,
  client: ClientNode,
  service: ServiceNode,
  pod: PodNode,
  nodeGroup: NodeGroupNode,
}
