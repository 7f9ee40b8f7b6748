// The hashes the workload controllers put into names and labels: pod-template-hash (Deployment),
// controller-revision-hash (StatefulSet, DaemonSet).
//
// Mirrors kubernetes/kubernetes:
// - pkg/controller/controller_utils.go (ComputeHash) and
//   pkg/controller/history/controller_history.go (HashControllerRevision)
// - staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go (SafeEncodeString, alphanums)

import { utf8ToBytes } from '@noble/hashes/utils.js'
import { goJSON } from '../encoding/goJson'
import { isObj } from './fieldErrors'

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits, no vowels, no confusable 0/1/3. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

/**
 * rand.SafeEncodeString: each rune is replaced by alphanums[rune % 27], so a decimal number
 * becomes a word that cannot spell anything (digits map onto 4 5 6 7 8 9 b c d f).
 */
export function safeEncodeString(s: string): string {
  let out = ''
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length] ?? ''
  return out
}

// Go hashes bytes, so strings go through UTF-8 first (the same encoder the chain-name hash uses).
const FNV32_OFFSET = 0x811c9dc5
const FNV32_PRIME = 0x01000193

/** Go's hash/fnv New32a (FNV-1a, 32 bit): xor then multiply. No dependency provides it. */
export function fnv1a32(s: string): number {
  let h = FNV32_OFFSET
  for (const b of utf8ToBytes(s)) h = Math.imul(h ^ b, FNV32_PRIME) >>> 0
  return h >>> 0
}

/** Go's hash/fnv New32 (FNV-1, 32 bit): multiply then xor. HashControllerRevision uses this one. */
export function fnv132(s: string): number {
  let h = FNV32_OFFSET
  for (const b of utf8ToBytes(s)) h = (Math.imul(h, FNV32_PRIME) ^ b) >>> 0
  return h >>> 0
}

/**
 * controller.ComputeHash: the pod-template-hash of a Deployment's ReplicaSet and the
 * controller-revision-hash of a DaemonSet. The real input is spew's dump of the Go
 * v1.PodTemplateSpec struct (hashutil.DeepHashObject), which cannot be reproduced from YAML
 * without Go's type layout. Here the input is the canonical JSON (sorted keys) of the defaulted
 * template instead: the result has the real shape (FNV-1a 32, decimal, SafeEncodeString, so up to
 * 10 characters of [4-9bcdf]) and changes exactly when the template changes, but it is not the
 * value a real cluster prints for the same template.
 */
export function computeHash(template: unknown): string {
  return safeEncodeString(String(fnv1a32(goJSON(template))))
}

/**
 * history.HashControllerRevision over the StatefulSet's revision data (getPatch):
 * FNV-1 32 of `{"spec":{"template":{..., "$patch":"replace"}}}` as json.Marshal of maps writes it
 * (sorted keys). That is the real algorithm; the value still differs from a real cluster's
 * because the real template JSON carries every field the apiserver defaulted (and
 * `creationTimestamp: null`), and this simulator defaults only the fields it models.
 */
export function statefulSetRevisionHash(template: unknown): string {
  const patch = { spec: { template: { ...(isObj(template) ? template : {}), $patch: 'replace' } } }
  return safeEncodeString(String(fnv132(goJSON(patch))))
}
