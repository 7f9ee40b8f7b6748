import { describe, expect, it } from 'vitest'
import { createRng } from '../rng'
import { parseCidr, parseIPv4 } from '../net/ipv4'
import { createClusterIPAllocator, rangeOffset } from './allocateClusterIP'

const kubeadmRange = parseCidr('10.96.0.0/12')!

describe('ClusterIP allocation', () => {
  it('uses the band offsets of KEP-3070: 256 for a /12, 16 for a /24, none for a /28', () => {
    expect(rangeOffset(kubeadmRange)).toBe(256)
    expect(rangeOffset(parseCidr('10.0.0.0/24')!)).toBe(16)
    expect(rangeOffset(parseCidr('10.0.0.0/28')!)).toBe(0)
  })

  it('hands out dynamic addresses from the upper band only: 10.96.1.1 to 10.111.255.254', () => {
    const allocator = createClusterIPAllocator(kubeadmRange, createRng(7))
    const low = parseIPv4('10.96.1.1')!
    const high = parseIPv4('10.111.255.254')!
    for (let i = 0; i < 200; i++) {
      const result = allocator.allocateNext()
      expect(result.ok).toBe(true)
      if (result.ok) {
        const ip = parseIPv4(result.ip)!
        expect(ip).toBeGreaterThanOrEqual(low)
        expect(ip).toBeLessThanOrEqual(high)
      }
    }
  })

  it('is deterministic for a seed', () => {
    const draw = (seed: number) => {
      const allocator = createClusterIPAllocator(kubeadmRange, createRng(seed))
      return [allocator.allocateNext(), allocator.allocateNext()]
    }
    expect(draw(3)).toEqual(draw(3))
    expect(draw(3)).not.toEqual(draw(4))
  })

  it('refuses a taken address and one outside the range with the allocator\u2019s words', () => {
    const allocator = createClusterIPAllocator(kubeadmRange, createRng(1))
    expect(allocator.allocate('10.96.0.10')).toEqual({ ok: true, ip: '10.96.0.10' })
    expect(allocator.allocate('10.96.0.10')).toEqual({
      ok: false,
      reason: 'provided IP is already allocated',
    })
    expect(allocator.allocate('10.0.0.5')).toEqual({
      ok: false,
      reason: 'provided IP 10.0.0.5 is not in the valid range',
    })
    expect(allocator.allocate('10.96.0.0').ok).toBe(false)
    expect(allocator.allocate('10.111.255.255').ok).toBe(false)
  })

  it('falls back to the lower band when the upper band is full', () => {
    const small = parseCidr('10.0.0.0/27')! // 32 addresses, 30 usable, offset 16
    const allocator = createClusterIPAllocator(small, createRng(1))
    const got = Array.from({ length: 30 }, () => allocator.allocateNext())
    const ips = got.map((r) => (r.ok ? r.ip : 'full'))
    expect(ips.slice(0, 14).every((ip) => Number(ip.split('.')[3]) >= 17)).toBe(true)
    expect(ips.slice(14).every((ip) => Number(ip.split('.')[3]) <= 16)).toBe(true)
    expect(allocator.allocateNext()).toEqual({ ok: false, reason: 'range is full' })
  })
})
