/**
 * The canvas: the graph the view model derives, and the packet at the playback position.
 * The packet is placed from the timeline frame, never by React Flow's `animated` edges, so
 * play, step and scrub show the same picture for the same position.
 */
import { useMemo } from 'react'
import { Background, Controls, ReactFlow, ViewportPortal } from '@xyflow/react'
import type { Edge } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useAppStore } from '../../state/useAppStore'
import { effectiveRequest } from '../../state/createAppStore'
import { frameAt } from '../../viewModel/timeline'
import { nodeIdForAnchor, toGraph } from '../../viewModel/toGraph'
import { hopsAffectedByLine } from '../../state/selectors'
import { nodeTypes } from './nodes'

export function TopologyCanvas() {
  const shown = useAppStore((s) => s.world)
  const client = useAppStore((s) => s.client)
  const target = useAppStore((s) => s.target)
  const trace = useAppStore((s) => s.trace)
  const position = useAppStore((s) => s.position)

  const request = useMemo(() => effectiveRequest(shown, client, target), [shown, client, target])
  const graph = useMemo(() => toGraph(shown, request.client, request.target), [shown, request])
  const frame = useMemo(
    () => (trace ? frameAt(graph, trace.hops, position) : null),
    [graph, trace, position],
  )
  const outcome = trace?.outcome.kind
  const cursorLine = useAppStore((s) => s.cursorLine)
  // Reverse provenance: the canvas nodes where the hops caused by the cursor's line happen.
  const affected = useMemo(() => {
    const ids = new Set<string>()
    for (const index of hopsAffectedByLine(shown.manifests, trace, cursorLine)) {
      const hop = trace?.hops[index]
      const id = hop ? nodeIdForAnchor(hop.anchor, graph) : null
      if (id) ids.add(id)
    }
    return ids
  }, [shown, trace, cursorLine, graph])
  const nodes = useMemo(
    () =>
      affected.size === 0
        ? graph.nodes
        : graph.nodes.map((n) => (affected.has(n.id) ? { ...n, className: 'node--affected' } : n)),
    [graph, affected],
  )

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((edge) => {
        const onPath =
          frame !== null &&
          ((edge.source === frame.fromNode && edge.target === frame.toNode) ||
            (edge.target === frame.fromNode && edge.source === frame.toNode))
        const className = onPath
          ? 'edge--active'
          : affected.has(edge.target)
            ? 'edge--affected'
            : undefined
        return { ...edge, className, focusable: false }
      }),
    [graph, frame, affected],
  )

  return (
    <section className="canvas" aria-label="Topology" role="region">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.25 }}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable={false}
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomActivationKeyCode={null}
        minZoom={0.3}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
        {frame?.packet && (
          <ViewportPortal>
            <div
              className={`packet packet--${outcome ?? 'none'}`}
              data-testid="packet"
              data-hop={frame.hopIndex}
              style={{ transform: `translate(${frame.packet.x - 9}px, ${frame.packet.y - 9}px)` }}
            />
          </ViewportPortal>
        )}
      </ReactFlow>
    </section>
  )
}
