/**
 * The trace of one request: every hop the packet takes, with the rule or decision that moved
 * it, its addresses before and after, and the YAML fields that caused it. Shared by every proxy
 * mode: a mode only decides which hops appear.
 */
import type { Provenance } from '../dataplane/iptables/rules'

export type { Provenance }

/** `ip:port` of the packet's source and destination. */
export interface PacketAddresses {
  src: string
  dst: string
}

/** Where on the canvas a hop happens. */
export type Anchor =
  | { kind: 'client' }
  | { kind: 'service'; ref: string; portIndex: number }
  | { kind: 'chain'; table: 'filter' | 'nat'; chain: string }
  | { kind: 'pod'; ref: string }
  | { kind: 'external'; ip: string }

export interface RuleCheck {
  text: string
  matched: boolean
  /** Why it matched or not, in plain words ("random 0.41 ≥ 0.3333333333"). */
  note: string
}

export interface Hop {
  kind: 'send' | 'chain' | 'postrouting' | 'deliver' | 'refuse' | 'reply'
  anchor: Anchor
  title: string
  /** One plain-words line. */
  summary: string
  /** The rules evaluated at this hop, in order. */
  rules: RuleCheck[]
  before: PacketAddresses
  after: PacketAddresses
  provenance: Provenance[]
}

export type Outcome =
  /** podRef is '' when the endpoint is an address outside the cluster. */
  { kind: 'connected'; podRef: string; endpoint: string } | { kind: 'refused'; message: string }

export interface RequestTrace {
  hops: Hop[]
  outcome: Outcome
}

/** What curl prints when the TCP handshake is answered with a reset (curl 8). */
export function curlRefused(ip: string, port: number): string {
  return `curl: (7) Failed to connect to ${ip} port ${port} after 0 ms: Couldn't connect to server`
}
