import { describe, expect, it } from 'vitest'
import { addressKey, createVirtualService, hashBits, schedule, setWeight } from './index'
import { packet, scriptedRng } from './testHelpers'

const S1 = '10.244.1.10:8080'
const S2 = '10.244.2.20:8080'
const S3 = '10.244.3.30:8080'

describe('hash_32 (include/linux/hash.h) and the legacy multiply', () => {
  it('hand check: 10.244.0.5 = 0x0AF40005; x * 0x61C88647 mod 2^32 >> 24 = 170', () => {
    expect(addressKey('10.244.0.5')).toBe(0x0af40005)
    // The formula by hand, in exact BigInt arithmetic: (x * 0x61C88647) mod 2^32, top 8 bits.
    const product = (183762949n * 0x61c88647n) % 2n ** 32n
    expect(Number(product >> 24n)).toBe(170)
    expect(hashBits(0x0af40005, 8, 'hash32')).toBe(170)
    // Old kernels: (x * 2654435761) mod 256 = 117 (reference/ipvs.md §8).
    expect(Number((183762949n * 2654435761n) % 256n)).toBe(117)
    expect(hashBits(0x0af40005, 8, 'legacy')).toBe(117)
  })
})

describe('sh (net/netfilter/ipvs/ip_vs_sh.c)', () => {
  it('§8 sh: client 10.244.0.5 → bucket 170 → 170 mod 3 = 2 → 10.244.1.10, on every pick', () => {
    const vs = createVirtualService('sh', [S1, S2, S3])
    expect(vs.dests.map((d) => d.address)).toEqual([S3, S2, S1])
    for (let port = 40000; port < 40005; port++) {
      const p = schedule(vs, packet('10.244.0.5', port), 0, scriptedRng([]))
      expect(p.dest?.address).toBe(S1)
      expect(p.explanation).toBe(
        'sh: bucket 170 of 256 (hash of 10.244.0.5) holds 10.244.1.10:8080',
      )
    }
  })

  it('§8 sh legacy hash: bucket 117 → 117 mod 3 = 0 → 10.244.3.30', () => {
    const vs = createVirtualService('sh', [S1, S2, S3], { hash: 'legacy' })
    expect(schedule(vs, packet('10.244.0.5'), 0, scriptedRng([])).dest?.address).toBe(S3)
  })

  it('§8 sh after weight 0: 192.168.1.101 → bucket 187 → 10.244.2.20 (w0): NULL without fallback', () => {
    const vs = createVirtualService('sh', [S1, S2, S3])
    setWeight(vs, S2, 0)
    // ip_vs_sh_reassign: weight 0 still takes one bucket per cycle, so the table stays A B C.
    const p = schedule(vs, packet('192.168.1.101'), 0, scriptedRng([]))
    expect(p.dest).toBeNull()
    expect(p.explanation).toContain('bucket 187 of 256')
    expect(p.explanation).toContain('no sh-fallback')
  })

  it('§8 sh-fallback: probe bucket (2*187) mod 256 = 118 → .2.20 again, then 119 → 10.244.1.10', () => {
    const vs = createVirtualService('sh', [S1, S2, S3], { schedFallback: true })
    setWeight(vs, S2, 0)
    const p = schedule(vs, packet('192.168.1.101'), 0, scriptedRng([]))
    expect(p.dest?.address).toBe(S1)
    expect(p.explanation).toContain('sh-fallback probe 1 reached bucket 119')
  })

  it('weights fill consecutive buckets: list [A(2), B(1)] gives A A B A A B …', () => {
    const vs = createVirtualService('sh', ['10.0.0.2:80', '10.0.0.1:80'])
    setWeight(vs, '10.0.0.1:80', 2) // the head: A
    const st = vs.schedulerState as { table: { buckets: ({ address: string } | null)[] } }
    expect(st.table.buckets.slice(0, 6).map((d) => d?.address)).toEqual([
      '10.0.0.1:80',
      '10.0.0.1:80',
      '10.0.0.2:80',
      '10.0.0.1:80',
      '10.0.0.1:80',
      '10.0.0.2:80',
    ])
  })

  it('sh-port adds the source port to the key: (port + addr) before hash_32', () => {
    const vs = createVirtualService('sh', [S1, S2, S3], { schedPort: true })
    const p = schedule(vs, packet('10.244.0.5', 1), 0, scriptedRng([]))
    const bucket = hashBits((0x0af40005 + 1) >>> 0, 8, 'hash32')
    expect(p.explanation).toContain(`bucket ${bucket} of 256 (hash of 10.244.0.5 + port 1)`)
  })
})

describe('dh (net/netfilter/ipvs/ip_vs_dh.c)', () => {
  it('§8 dh: VIP 10.96.0.1 → bucket 130 → 130 mod 4 = 2 → 10.244.2.20:80 for every client', () => {
    const vs = createVirtualService('dh', [
      '10.244.1.10:80',
      '10.244.2.20:80',
      '10.244.3.30:80',
      '10.244.4.40:80',
    ])
    for (const client of ['10.244.0.5', '192.168.1.101', '172.16.0.9']) {
      const p = schedule(vs, packet(client, 5555, '10.96.0.1'), 0, scriptedRng([]))
      expect(p.dest?.address).toBe('10.244.2.20:80')
      expect(p.explanation).toBe(
        'dh: bucket 130 of 256 (hash of destination 10.96.0.1) holds 10.244.2.20:80',
      )
    }
  })

  it('dh has no fallback: weight 0 on the bucket dest means NULL', () => {
    const vs = createVirtualService('dh', ['10.244.1.10:80', '10.244.2.20:80'])
    const p = schedule(vs, packet('1.1.1.1', 5555, '10.96.0.1'), 0, scriptedRng([]))
    const chosen = p.dest?.address ?? ''
    setWeight(vs, chosen, 0)
    expect(schedule(vs, packet('1.1.1.1', 5555, '10.96.0.1'), 0, scriptedRng([])).dest).toBeNull()
  })
})
