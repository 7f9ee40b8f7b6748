import { describe, expect, it } from 'vitest'
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import { DEFAULT_STATE } from '../state/createAppStore'
import { decodeShareCode, encodeShareCode } from './shareCode'

const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'

function codeOf(json: string): string {
  const bytes = deflateSync(strToU8(json))
  return `v1.${Buffer.from(bytes).toString('base64url')}`
}

describe('share codes', () => {
  it('round-trips a state', () => {
    const state = {
      ...DEFAULT_STATE,
      yaml,
      client: { kind: 'pod' as const, ref: 'Pod/default/a' },
      target: { kind: 'service' as const, serviceRef: 'Service/default/web', portIndex: 0 },
      sends: [
        {
          at: 0,
          client: { kind: 'pod' as const, ref: 'Pod/default/a' },
          target: { kind: 'service' as const, serviceRef: 'Service/default/web', portIndex: 0 },
          count: 3,
          keepAlive: true,
        },
      ],
      events: [{ at: 4, kind: 'delete-pod' as const, pod: 'Pod/default/a' }],
      syncDelay: 2,
      clock: 4,
      position: 2.5,
    }
    expect(decodeShareCode(encodeShareCode(state))).toEqual({ ok: true, state })
  })

  it('writes only what differs from the defaults', () => {
    const payloadOf = (code: string) =>
      JSON.parse(strFromU8(inflateSync(Buffer.from(code.slice(3), 'base64url')))) as object
    expect(payloadOf(encodeShareCode({ ...DEFAULT_STATE, yaml }))).toEqual({ yaml })
    expect(payloadOf(encodeShareCode({ ...DEFAULT_STATE, yaml, clock: 2 }))).toEqual({
      yaml,
      clock: 2,
    })
  })

  it('keeps reading this exact v1 link (old decoders stay forever)', () => {
    // Produced by encodeShareCode on 2026-11-28 for { yaml: 'kind: Pod\n', syncDelay: 3 }.
    const pinned = 'v1.q1aqTMzNUbJSys7MS7FSCMhPiclT0lEqrsxLdknNSaxUsjKuBQA'
    expect(decodeShareCode(pinned)).toEqual({
      ok: true,
      state: { ...DEFAULT_STATE, yaml: 'kind: Pod\n', syncDelay: 3 },
    })
  })

  it('refuses unknown versions, damaged and truncated links with a reason', () => {
    const good = encodeShareCode({ ...DEFAULT_STATE, yaml })
    for (const bad of ['v9.abc', 'hello', 'v1.!!!', good.slice(0, good.length - 10), 'v1.']) {
      const result = decodeShareCode(bad)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(10)
    }
  })

  it('opens links written before targets had a kind, and outside clients', () => {
    const code = codeOf(
      JSON.stringify({
        yaml,
        target: { serviceRef: 'Service/default/web', portIndex: 1 },
        client: { kind: 'ip', ip: '203.0.113.10', node: '' },
      }),
    )
    expect(decodeShareCode(code)).toEqual({
      ok: true,
      state: {
        ...DEFAULT_STATE,
        yaml,
        target: { kind: 'service', serviceRef: 'Service/default/web', portIndex: 1 },
        client: { kind: 'ip', ip: '203.0.113.10', node: '' },
      },
    })
  })

  it('drops fields of the wrong shape instead of trusting them', () => {
    const code = codeOf(
      JSON.stringify({ yaml, seed: 'x', position: -4, client: { kind: 'pod' }, __proto__x: 1 }),
    )
    expect(decodeShareCode(code)).toEqual({ ok: true, state: { ...DEFAULT_STATE, yaml } })
  })

  it('refuses a link that inflates past 2 MiB', () => {
    const bomb = codeOf(JSON.stringify({ yaml: 'a'.repeat(3 * 1024 * 1024) }))
    expect(bomb.length).toBeLessThan(10_000)
    expect(decodeShareCode(bomb)).toEqual({ ok: false, reason: 'This link is too large to open.' })
  })
})
