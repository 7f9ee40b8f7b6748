import { describe, expect, it } from 'vitest'
import { fnv132, fnv1a32, safeEncodeString } from './podTemplateHash'

describe('safeEncodeString (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go)', () => {
  // alphanums = "bcdfghjklmnpqrstvwxz2456789" (27 characters); each rune maps to alphanums[r % 27].
  it('maps the ten digits: "0" is 48, 48 % 27 = 21 → "4"; "6" is 54, 54 % 27 = 0 → "b"', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf')
  })

  it('maps letters too: "a" is 97 → 16 → "v", "z" is 122 → 14 → "s"', () => {
    expect(safeEncodeString('az')).toBe('vs')
  })

  it('encodes FNV-1a offset basis 2166136261 (the hash of no bytes) as 65bb57b6b5', () => {
    expect(fnv1a32('')).toBe(2166136261)
    expect(safeEncodeString(String(fnv1a32('')))).toBe('65bb57b6b5')
  })
})

describe('FNV 32 (Go hash/fnv, test vectors of the FNV reference)', () => {
  it('FNV-1a("a") = 0xe40c292c and FNV-1("a") = 0x050c5d7e', () => {
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv132('a')).toBe(0x050c5d7e)
    expect(safeEncodeString(String(fnv1a32('a')))).toBe('7d6b446664')
  })

  it('hashes UTF-8 bytes, not UTF-16 units', () => {
    // "é" is C3 A9 in UTF-8: two rounds, not one.
    let h = 0x811c9dc5
    for (const b of [0xc3, 0xa9]) h = Math.imul(h ^ b, 0x01000193) >>> 0
    expect(fnv1a32('é')).toBe(h)
  })
})
