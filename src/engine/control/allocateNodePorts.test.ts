import { describe, expect, it } from 'vitest'
import { createRng } from '../rng'
import { createNodePortAllocator, nodePortOffset, parseNodePortRange } from './allocateNodePorts'
import { renderFieldError } from './fieldErrors'

const defaultRange = parseNodePortRange('30000-32767')
const fresh = (seed = 1) => createNodePortAllocator(defaultRange, createRng(seed))
const options = { dynamic: true, healthCheck: false, requestedHealthCheck: 0 }

describe('NodePort allocation (reference/discovery.md §4.3)', () => {
  it('keeps a static band of 86 ports for the default range: dynamic ports come from 30086-32767', () => {
    expect(defaultRange).toEqual({ base: 30000, size: 2768, text: '30000-32767' })
    expect(nodePortOffset(2768)).toBe(86)
    const allocator = fresh()
    for (let i = 0; i < 100; i++) {
      const result = allocator.allocateService([{ port: 80, nodePort: 0 }], options)
      expect(result.ok && result.nodePorts[0]! >= 30086 && result.nodePorts[0]! <= 32767).toBe(true)
    }
  })

  it('shares one nodePort between ports with the same port number (53/UDP and 53/TCP)', () => {
    const result = fresh().allocateService(
      [
        { port: 53, nodePort: 0 },
        { port: 53, nodePort: 0 },
        { port: 9153, nodePort: 0 },
      ],
      options,
    )
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.nodePorts[0]).toBe(result.nodePorts[1])
      expect(result.nodePorts[2]).not.toBe(result.nodePorts[0])
    }
  })

  it('refuses a port outside the range and a taken port with the allocator\u2019s words (§6.4 rows 17, 18)', () => {
    const allocator = fresh()
    const outside = allocator.allocateService([{ port: 80, nodePort: 80 }], options)
    expect(!outside.ok && renderFieldError(outside.error)).toBe(
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    )
    expect(allocator.allocateService([{ port: 80, nodePort: 30080 }], options).ok).toBe(true)
    const taken = allocator.allocateService([{ port: 81, nodePort: 30080 }], options)
    expect(!taken.ok && renderFieldError(taken.error)).toBe(
      'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    )
  })

  it('two ports of one Service asking for the same nodePort: the second is already allocated (row 16)', () => {
    const result = fresh().allocateService(
      [
        { port: 80, nodePort: 30080 },
        { port: 81, nodePort: 30080 },
      ],
      options,
    )
    expect(!result.ok && renderFieldError(result.error)).toBe(
      'spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    )
  })

  it('gives back what a failed Service took', () => {
    const allocator = fresh()
    expect(
      allocator.allocateService(
        [
          { port: 80, nodePort: 30001 },
          { port: 81, nodePort: 99 },
        ],
        options,
      ).ok,
    ).toBe(false)
    expect(allocator.allocateService([{ port: 80, nodePort: 30001 }], options).ok).toBe(true)
  })

  it('leaves ports without a request at 0 when dynamic allocation is off (allocateLoadBalancerNodePorts: false)', () => {
    const result = fresh().allocateService(
      [
        { port: 80, nodePort: 0 },
        { port: 443, nodePort: 30443 },
      ],
      { ...options, dynamic: false },
    )
    expect(result).toEqual({ ok: true, nodePorts: [0, 30443], healthCheckNodePort: 0 })
  })

  it('allocates a healthCheckNodePort from the same range when asked', () => {
    const result = fresh().allocateService([{ port: 80, nodePort: 0 }], {
      ...options,
      healthCheck: true,
    })
    expect(result.ok && result.healthCheckNodePort >= 30086).toBe(true)
  })

  it('answers an exhausted range with the internal error', () => {
    const tiny = createNodePortAllocator(parseNodePortRange('30000-30001'), createRng(1))
    expect(
      tiny.allocateService(
        [
          { port: 1, nodePort: 0 },
          { port: 2, nodePort: 0 },
        ],
        options,
      ).ok,
    ).toBe(true)
    const full = tiny.allocateService([{ port: 3, nodePort: 0 }], options)
    expect(!full.ok && full.error.detail).toBe('failed to allocate a nodePort: range is full')
  })
})
