/**
 * The playback model: a position on the timeline → the frame the canvas shows.
 *
 * Position p runs from 0 to (hops − 1). At an integer p the packet sits on hop p's node; between
 * integers it travels along the edge to the next hop's node. The frame depends on p alone, so
 * playing, stepping and scrubbing to the same p show the same picture.
 */
import type { Hop } from '../engine'
import type { Graph } from './toGraph'
import { CLIENT_ID, nodeIdForAnchor } from './toGraph'

export interface Frame {
  /** The hop the packet is at or has just left. */
  hopIndex: number
  /** 0 at hop `hopIndex`, towards 1 at the next hop. */
  progress: number
  packet: { x: number; y: number } | null
  /** Canvas nodes the packet is between (equal when it rests on a node). */
  fromNode: string
  toNode: string
}

export function lastPosition(hops: readonly Hop[]): number {
  return Math.max(0, hops.length - 1)
}

export function clampPosition(position: number, hops: readonly Hop[]): number {
  if (!Number.isFinite(position)) return 0
  return Math.min(Math.max(0, position), lastPosition(hops))
}

export function stepForward(position: number, hops: readonly Hop[]): number {
  return clampPosition(Math.floor(position + 1e-9) + 1, hops)
}

export function stepBack(position: number, hops: readonly Hop[]): number {
  return clampPosition(Math.ceil(position - 1e-9) - 1, hops)
}

export function frameAt(graph: Graph, hops: readonly Hop[], position: number): Frame | null {
  if (hops.length === 0) return null
  const p = clampPosition(position, hops)
  const hopIndex = Math.min(Math.floor(p), hops.length - 1)
  const progress = p - hopIndex
  const fromNode = restingNode(graph, hops, hopIndex)
  const toNode = restingNode(graph, hops, Math.min(hopIndex + 1, hops.length - 1))
  const a = graph.packetStops.get(fromNode)
  const b = graph.packetStops.get(toNode)
  const packet =
    a && b ? { x: a.x + (b.x - a.x) * progress, y: a.y + (b.y - a.y) * progress } : null
  return { hopIndex, progress, packet, fromNode, toNode }
}

/** Where the packet is at hop i: its anchor, or, if the canvas does not draw it, the last one it does. */
function restingNode(graph: Graph, hops: readonly Hop[], index: number): string {
  for (let i = index; i >= 0; i--) {
    const hop = hops[i]
    const id = hop ? nodeIdForAnchor(hop.anchor, graph) : null
    if (id !== null) return id
  }
  return CLIENT_ID
}
