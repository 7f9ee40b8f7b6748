// Go's encoding/json as the Kubernetes components print it: json.Marshal (field error values,
// the hashed revision data) and json.MarshalIndent with four spaces (kubectl's JSON printer,
// staging/src/k8s.io/cli-runtime/pkg/printers/json.go).
//
// Key order. Go sorts map keys bytewise; struct fields keep their declaration order. kubectl
// decodes a list into unstructured maps before printing, so its JSON is sorted throughout:
// `apiVersion, items, kind, metadata` at list level and `apiVersion, kind, metadata, spec,
// status` in each item are that sorted order, not struct order.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Go's sort.Strings: UTF-8 byte order, which is code point order (not UTF-16 unit order). */
export function compareBytewise(a: string, b: string): number {
  const ac = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const bc = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < ac.length && i < bc.length; i++) {
    const x = ac[i] ?? 0
    const y = bc[i] ?? 0
    if (x !== y) return x - y
  }
  return ac.length - bc.length
}

/** encoding/json escapes <, > and & (HTML-safe) and U+2028/U+2029, which JSON.stringify keeps. */
function encodeScalar(value: string | number | boolean | null): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + (c.codePointAt(0) ?? 0).toString(16).padStart(4, '0'),
  )
}

/** json.Marshal: maps with sorted keys unless `keepOrder` (a struct's fields), HTML-safe strings. */
export function goJSON(value: unknown, keepOrder = false): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string' || typeof value === 'boolean') return encodeScalar(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return '[' + value.map((v) => goJSON(v, keepOrder)).join(',') + ']'
  if (typeof value === 'object') {
    const keys = Object.keys(value)
    if (!keepOrder) keys.sort(compareBytewise)
    const rec = value as Record<string, unknown>
    return '{' + keys.map((k) => encodeScalar(k) + ':' + goJSON(rec[k], keepOrder)).join(',') + '}'
  }
  return 'null'
}

/** json.MarshalIndent(obj, "", "    ") of unstructured data, plus the printer's newline. */
export function toJson(value: Json): string {
  return encodeIndented(value, '') + '\n'
}

function encodeIndented(value: Json, indent: string): string {
  if (value === null || typeof value !== 'object') return encodeScalar(value)
  const inner = indent + '    '
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => inner + encodeIndented(v, inner)).join(',\n')}\n${indent}]`
  }
  const keys = Object.keys(value).sort(compareBytewise)
  if (keys.length === 0) return '{}'
  const members = keys.map(
    (k) => `${inner}${encodeScalar(k)}: ${encodeIndented(value[k] ?? null, inner)}`,
  )
  return `{\n${members.join(',\n')}\n${indent}}`
}
