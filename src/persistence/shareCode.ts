/**
 * Share codes: `v1.` + base64url(deflate-raw(JSON)). Only fields that differ from the defaults
 * are written. The version prefix is mandatory and every decoder ever shipped stays, so old
 * links keep opening. Decoding never throws: a bad code gives a reason to show the user.
 * @see DESIGN.md §6
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate'
import type { PlaygroundState } from '../state/createAppStore'
import { DEFAULT_STATE } from '../state/createAppStore'
import type { Send } from '../state/traffic'
import type { FaultEvent } from '../engine'

/** A link larger than this (decoded) is refused: no real manifest set needs it. */
const MAX_DECODED_BYTES = 2 * 1024 * 1024

export type DecodeResult = { ok: true; state: PlaygroundState } | { ok: false; reason: string }

export function encodeShareCode(state: PlaygroundState): string {
  const payload: Record<string, unknown> = { yaml: state.yaml }
  for (const key of Object.keys(DEFAULT_STATE) as (keyof typeof DEFAULT_STATE)[]) {
    if (JSON.stringify(state[key]) !== JSON.stringify(DEFAULT_STATE[key])) payload[key] = state[key]
  }
  const bytes = deflateSync(strToU8(JSON.stringify(payload)), { level: 9 })
  return `v1.${toBase64Url(bytes)}`
}

export function decodeShareCode(code: string): DecodeResult {
  const dot = code.indexOf('.')
  const version = dot < 0 ? '' : code.slice(0, dot)
  if (version !== 'v1') {
    return {
      ok: false,
      reason: `This link is not a playground link this version can read ("${code.slice(0, 8)}…").`,
    }
  }
  let json: unknown
  try {
    const raw = inflateBounded(fromBase64Url(code.slice(dot + 1)))
    if (!raw) return { ok: false, reason: 'This link is too large to open.' }
    json = JSON.parse(strFromU8(raw))
  } catch {
    return { ok: false, reason: 'This link is damaged or cut short: it could not be decoded.' }
  }
  return restoreV1(json)
}

/** Untrusted JSON → a valid state, field by field; unknown fields are dropped. */
function restoreV1(json: unknown): DecodeResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'This link does not hold a playground state.' }
  }
  const value = json as Record<string, unknown>
  if (typeof value.yaml !== 'string') {
    return { ok: false, reason: 'This link does not hold any manifests.' }
  }
  const state: PlaygroundState = { ...DEFAULT_STATE, yaml: value.yaml }
  if (
    value.proxyMode === 'iptables' ||
    value.proxyMode === 'ipvs' ||
    value.proxyMode === 'userspace'
  ) {
    state.proxyMode = value.proxyMode
  }
  if (typeof value.scheduler === 'string' && /^[a-z]{0,6}$/.test(value.scheduler)) {
    state.scheduler = value.scheduler
  }
  if (isSafeInteger(value.seed)) state.seed = value.seed
  if (typeof value.keepAlive === 'boolean') state.keepAlive = value.keepAlive
  if (isSafeInteger(value.count) && value.count >= 1) state.count = Math.min(value.count, 10_000)
  if (isNonNegative(value.syncDelay)) state.syncDelay = value.syncDelay
  if (isNonNegative(value.clock)) state.clock = value.clock
  if (isSafeInteger(value.selected) && value.selected >= -1) state.selected = value.selected
  if (
    typeof value.position === 'number' &&
    Number.isFinite(value.position) &&
    value.position >= 0
  ) {
    state.position = value.position
  }
  state.client = restoreClient(value.client)
  state.target = restoreTarget(value.target)
  state.events = Array.isArray(value.events) ? value.events.flatMap(restoreEvent) : []
  state.sends = Array.isArray(value.sends) ? value.sends.flatMap(restoreSend) : []
  return { ok: true, state }
}

/** Inflate, giving up past MAX_DECODED_BYTES so a crafted link cannot exhaust memory. */
function inflateBounded(bytes: Uint8Array): Uint8Array | null {
  const chunks: Uint8Array[] = []
  let total = 0
  let tooLarge = false
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total > MAX_DECODED_BYTES) tooLarge = true
    else chunks.push(chunk)
  })
  for (let i = 0; i < bytes.length && !tooLarge; i += 4096) {
    inflater.push(bytes.subarray(i, i + 4096), i + 4096 >= bytes.length)
  }
  if (tooLarge) return null
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

function restoreClient(value: unknown): PlaygroundState['client'] {
  if (typeof value !== 'object' || value === null) return null
  const client = value as Record<string, unknown>
  if (client.kind === 'node' && typeof client.name === 'string')
    return { kind: 'node', name: client.name }
  if (client.kind === 'pod' && typeof client.ref === 'string')
    return { kind: 'pod', ref: client.ref }
  if (client.kind === 'ip' && typeof client.ip === 'string' && typeof client.node === 'string') {
    return { kind: 'ip', ip: client.ip, node: client.node }
  }
  return null
}

/** Links written before targets had a kind (`{serviceRef, portIndex}`) still open. */
function restoreTarget(value: unknown): PlaygroundState['target'] {
  if (typeof value !== 'object' || value === null) return null
  const target = value as Record<string, unknown>
  if (typeof target.serviceRef !== 'string' || !isSafeInteger(target.portIndex)) return null
  const base = { serviceRef: target.serviceRef, portIndex: target.portIndex }
  if (target.kind === 'address' && typeof target.ip === 'string' && isSafeInteger(target.port)) {
    return { kind: 'address', ip: target.ip, port: target.port, ...base }
  }
  return { kind: 'service', ...base }
}

function restoreEvent(value: unknown): FaultEvent[] {
  if (typeof value !== 'object' || value === null) return []
  const e = value as Record<string, unknown>
  if (!isNonNegative(e.at)) return []
  if (e.kind === 'delete-pod' && typeof e.pod === 'string')
    return [{ at: e.at, kind: 'delete-pod', pod: e.pod }]
  if (e.kind === 'set-ready' && typeof e.pod === 'string' && typeof e.ready === 'boolean') {
    return [{ at: e.at, kind: 'set-ready', pod: e.pod, ready: e.ready }]
  }
  if (
    e.kind === 'scale' &&
    typeof e.workload === 'string' &&
    isSafeInteger(e.replicas) &&
    e.replicas >= 0
  ) {
    return [{ at: e.at, kind: 'scale', workload: e.workload, replicas: Math.min(e.replicas, 500) }]
  }
  return []
}

function restoreSend(value: unknown): Send[] {
  if (typeof value !== 'object' || value === null) return []
  const s = value as Record<string, unknown>
  const client = restoreClient(s.client)
  const target = restoreTarget(s.target)
  if (!isNonNegative(s.at) || !client || !target) return []
  const count = isSafeInteger(s.count) && s.count >= 1 ? Math.min(s.count, 10_000) : 1
  return [{ at: s.at, client, target, count, keepAlive: s.keepAlive === true }]
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function isSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url')
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
