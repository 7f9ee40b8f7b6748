/**
 * NodePort allocation on create (pkg/registry/core/service/portallocator and the service
 * REST storage's `allocNodePorts`). The range (--service-node-port-range, 30000-32767 by default)
 * keeps a static band of `min(max(16, size/32), 128)` ports for ports users ask for (86 for the
 * default range: 30000-30085); dynamic allocation prefers the rest. Ports of one Service with
 * the same `port` number (53/UDP and 53/TCP) share one nodePort. The allocator is blind to the
 * protocol. A LoadBalancer with externalTrafficPolicy Local also gets a healthCheckNodePort.
 * @see reference/discovery.md §4.3
 */
import type { Rng } from '../rng'
import { createBandAllocator } from './bandAllocator'
import type { FieldError } from './fieldErrors'
import {
  healthCheckNodePortAllocationError,
  internalError,
  nodePortAlreadyAllocated,
  nodePortOutOfRange,
  nodePortRangeFull,
} from './fieldErrors'

export interface NodePortRange {
  base: number
  size: number
  text: string
}

export function parseNodePortRange(text: string): NodePortRange {
  const match = /^(\d+)-(\d+)$/.exec(text.trim())
  const base = match ? Number(match[1]) : 30000
  const max = match ? Number(match[2]) : 32767
  return { base, size: Math.max(0, max - base + 1), text: `${base}-${max}` }
}

export function nodePortOffset(size: number): number {
  if (size <= 16) return 0
  return Math.min(Math.max(16, Math.floor(size / 32)), 128)
}

export interface NodePortRequest {
  port: number
  /** 0 when the user did not ask for one. */
  nodePort: number
}

export interface NodePortAllocator {
  /**
   * Allocate every port's nodePort, or fail on the first port that cannot have one (the
   * apiserver returns at once and releases what it took).
   */
  allocateService(
    ports: readonly NodePortRequest[],
    options: {
      /** Give ports that asked for none a dynamic one. */
      dynamic: boolean
      healthCheck: boolean
      requestedHealthCheck: number
    },
  ):
    | { ok: true; nodePorts: number[]; healthCheckNodePort: number }
    | { ok: false; error: FieldError }
}

export function createNodePortAllocator(range: NodePortRange, rng: Rng): NodePortAllocator {
  const band = createBandAllocator(range.size, nodePortOffset(range.size), rng)
  const inRange = (port: number) => port >= range.base && port < range.base + range.size

  return {
    allocateService(ports, options) {
      const took: number[] = []
      const release = () => {
        // A failed create gives back what it took; the bitmap is rebuilt without those indexes.
        for (const port of took) band.release(port - range.base)
      }
      const byPortNumber = new Map<number, number>()
      const nodePorts: number[] = []
      for (let index = 0; index < ports.length; index++) {
        const { port, nodePort } = ports[index]!
        if (nodePort !== 0) {
          if (!inRange(nodePort)) {
            release()
            return { ok: false, error: nodePortOutOfRange(index, nodePort, range.text) }
          }
          if (byPortNumber.get(port) !== nodePort) {
            if (!band.take(nodePort - range.base)) {
              release()
              return { ok: false, error: nodePortAlreadyAllocated(index, nodePort) }
            }
            took.push(nodePort)
          }
          byPortNumber.set(port, nodePort)
          nodePorts.push(nodePort)
          continue
        }
        const shared = byPortNumber.get(port)
        if (!options.dynamic) {
          nodePorts.push(0)
          continue
        }
        if (shared !== undefined) {
          nodePorts.push(shared)
          continue
        }
        const next = band.takeNext()
        if (next === null) {
          release()
          return { ok: false, error: internalError('', nodePortRangeFull()) }
        }
        took.push(range.base + next)
        byPortNumber.set(port, range.base + next)
        nodePorts.push(range.base + next)
      }
      let healthCheckNodePort = 0
      if (options.healthCheck) {
        const requested = options.requestedHealthCheck
        if (requested !== 0) {
          if (!inRange(requested)) {
            release()
            return {
              ok: false,
              error: healthCheckNodePortAllocationError(
                requested,
                `provided port is not in the valid range. The range of valid ports is ${range.text}`,
              ),
            }
          }
          if (!band.take(requested - range.base)) {
            release()
            return {
              ok: false,
              error: healthCheckNodePortAllocationError(
                requested,
                'provided port is already allocated',
              ),
            }
          }
          healthCheckNodePort = requested
        } else {
          const next = band.takeNext()
          if (next === null) {
            release()
            return { ok: false, error: internalError('', nodePortRangeFull()) }
          }
          healthCheckNodePort = range.base + next
        }
      }
      return { ok: true, nodePorts, healthCheckNodePort }
    },
  }
}
