// Mirrors kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
// (Error, ErrorBody, ToAggregate), staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewInvalid)
// and kubernetes/kubectl pkg/cmd/util/helpers.go (checkErr, MultilineError, statusCausesToAggrError):
// field error types and builders, their rendering, and the kubectl and server formatting of a 422.
// Also the allocator messages (pkg/registry/core/service/storage/alloc.go) and the lenient readers
// validation uses. Value rendering is the >=1.34 one (apimachinery c58e197e). The JSON-to-Go
// decode check that runs before validation is in decodeCheck.ts.

import { goJSON } from '../encoding/goJson'

export type FieldErrorType =
  | 'Required value'
  | 'Forbidden'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Not found'
  | 'Too long'
  | 'Too many'
  | 'Internal error'

/**
 * How Go would print the bad value. Usually inferred from the JS value (a YAML string stays a JS
 * string, a YAML int a JS number), so set it only to override: 'struct' keeps key order (Go structs
 * marshal in declaration order, maps sorted), 'omit' prints no value (TooMany with unknown count).
 */
export type ValueKind = 'string' | 'int' | 'bool' | 'json' | 'struct' | 'omit'

export interface FieldError {
  field: string
  type: FieldErrorType
  value?: unknown
  detail?: string
  valueKind?: ValueKind
}

// Types that never print their value (ErrorBody's first switch).
const VALUELESS: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'Required value',
  'Forbidden',
  'Too long',
  'Internal error',
])

/** The reason string of a StatusCause (metav1.CauseType), for callers building a Status object. */
export function causeReason(type: FieldErrorType): string {
  switch (type) {
    case 'Required value':
      return 'FieldValueRequired'
    case 'Forbidden':
      return 'FieldValueForbidden'
    case 'Invalid value':
      return 'FieldValueInvalid'
    case 'Unsupported value':
      return 'FieldValueNotSupported'
    case 'Duplicate value':
      return 'FieldValueDuplicate'
    case 'Not found':
      return 'FieldValueNotFound'
    case 'Too long':
      return 'FieldValueTooLong'
    case 'Too many':
      return 'FieldValueTooMany'
    case 'Internal error':
      return 'InternalError'
  }
}

// ---------------------------------------------------------------------------------------------
// Constructors, named like the Go ones so call sites read like validation.go.

export function required(field: string, detail = ''): FieldError {
  return detail === ''
    ? { field, type: 'Required value' }
    : { field, type: 'Required value', detail }
}

export function forbidden(field: string, detail: string): FieldError {
  return { field, type: 'Forbidden', detail }
}

export function invalid(
  field: string,
  value: unknown,
  detail: string,
  valueKind?: ValueKind,
): FieldError {
  const e: FieldError = { field, type: 'Invalid value', value, detail }
  if (valueKind !== undefined) e.valueKind = valueKind
  return e
}

export function duplicate(field: string, value: unknown, valueKind?: ValueKind): FieldError {
  const e: FieldError = { field, type: 'Duplicate value', value }
  if (valueKind !== undefined) e.valueKind = valueKind
  return e
}

export function notFound(field: string, value: unknown): FieldError {
  return { field, type: 'Not found', value }
}

/** field.NotSupported: the supported values are quoted in the order given (callers pass sets.List order, i.e. sorted). */
export function notSupported(
  field: string,
  value: unknown,
  validValues: readonly string[],
): FieldError {
  const e: FieldError = { field, type: 'Unsupported value', value }
  if (validValues.length > 0) e.detail = 'supported values: ' + validValues.map(goQuote).join(', ')
  return e
}

export function tooLong(field: string, detail: string): FieldError {
  return { field, type: 'Too long', detail }
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const e: FieldError = {
    field,
    type: 'Too many',
    value: actual,
    detail: `must have at most ${max} items`,
  }
  if (actual < 0) e.valueKind = 'omit'
  return e
}

export function internalError(field: string, detail: string): FieldError {
  return { field, type: 'Internal error', detail }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Go's strconv.Quote (what %q prints): double quotes, Go escapes, printable Unicode kept as is. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    switch (ch) {
      case '"':
        out += '\\"'
        continue
      case '\\':
        out += '\\\\'
        continue
      case '\x07':
        out += '\\a'
        continue
      case '\b':
        out += '\\b'
        continue
      case '\f':
        out += '\\f'
        continue
      case '\n':
        out += '\\n'
        continue
      case '\r':
        out += '\\r'
        continue
      case '\t':
        out += '\\t'
        continue
      case '\v':
        out += '\\v'
        continue
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0')
    else if ((cp >= 0x80 && cp <= 0x9f) || cp === 0xad)
      out += '\\u' + cp.toString(16).padStart(4, '0')
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += '\\ufffd' // a lone surrogate is invalid UTF-8 to Go
    else out += ch
  }
  return out + '"'
}

/** The value part of ErrorBody (>=1.34): strings %q, numbers and bools plain, everything else JSON. */
export function renderValue(value: unknown, kind?: ValueKind): string {
  switch (kind) {
    case 'string':
      return goQuote(typeof value === 'string' ? value : String(value))
    case 'int':
    case 'bool':
      return String(value)
    case 'json':
      return goJSON(value)
    case 'struct':
      return goJSON(value, true)
    case 'omit':
      return ''
    case undefined:
      break
  }
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return goQuote(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return goJSON(value)
}

/** ErrorBody: `<Type>[: <value>][: <detail>]`. */
export function renderErrorBody(e: FieldError): string {
  let s: string = e.type
  if (!VALUELESS.has(e.type) && e.valueKind !== 'omit')
    s += ': ' + renderValue(e.value, e.valueKind)
  if (e.detail !== undefined && e.detail !== '') s += ': ' + e.detail
  return s
}

/** field.Error.Error(): `<field path>: <body>`. */
export function renderFieldError(e: FieldError): string {
  return `${e.field}: ${renderErrorBody(e)}`
}

// Identical messages are dropped (ToAggregate on the server, statusCausesToAggrError in kubectl).
function dedupedMessages(errors: readonly FieldError[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const e of errors) {
    const m = renderFieldError(e)
    if (seen.has(m)) continue
    seen.add(m)
    out.push(m)
  }
  return out
}

/**
 * Status.message of the 422 (NewInvalid): what client libraries and `kubectl create service` show.
 * `groupKind` is GroupKind.String(): `Service`, but `Deployment.apps`.
 */
export function formatServerInvalid(
  groupKind: string,
  name: string,
  errors: readonly FieldError[],
): string {
  const msgs = dedupedMessages(errors)
  const agg = msgs.length === 1 ? (msgs[0] ?? '') : '[' + msgs.join(', ') + ']'
  return `${groupKind} ${goQuote(name)} is invalid: ${agg}`
}

/**
 * What `kubectl apply/create -f` prints for a 422 on one object (kubectl rebuilds it from
 * details.causes). One error: a single line. Several: a header ending in `invalid: ` (trailing space)
 * then one `* <error>` line each. Lines are joined with "\n" and there is no final newline.
 * `kind` is details.kind, printed without its group.
 */
export function formatKubectlInvalid(
  kind: string,
  name: string,
  errors: readonly FieldError[],
): string {
  const header =
    kind !== '' || name !== ''
      ? `The ${kind} ${goQuote(name)} is invalid`
      : 'The request is invalid'
  const msgs = dedupedMessages(errors)
  if (msgs.length === 1) return `${header}: ${msgs[0] ?? ''}`
  return [`${header}: `, ...msgs.map((m) => `* ${m}`)].join('\n')
}

// ---------------------------------------------------------------------------------------------
// Lenient readers for validation. Validation runs only on objects that decoded, so a value of the
// wrong type here reads as the Go zero value instead of throwing.

export type Obj = Record<string, unknown>

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function objAt(o: unknown, key: string): Obj | undefined {
  if (!isObj(o)) return undefined
  const v = o[key]
  return isObj(v) ? v : undefined
}

export function strAt(o: unknown, key: string): string {
  if (!isObj(o)) return ''
  const v = o[key]
  return typeof v === 'string' ? v : ''
}

/** A pointer-to-string field: undefined when nil (absent or null). */
export function optStrAt(o: unknown, key: string): string | undefined {
  if (!isObj(o)) return undefined
  const v = o[key]
  return typeof v === 'string' ? v : undefined
}

export function intAt(o: unknown, key: string): number {
  if (!isObj(o)) return 0
  const v = o[key]
  return typeof v === 'number' && Number.isInteger(v) ? v : 0
}

export function optIntAt(o: unknown, key: string): number | undefined {
  if (!isObj(o)) return undefined
  const v = o[key]
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined
}

export function arrAt(o: unknown, key: string): unknown[] {
  if (!isObj(o)) return []
  const v = o[key]
  return Array.isArray(v) ? v : []
}

export function strListAt(o: unknown, key: string): string[] {
  return arrAt(o, key).map((v) => (typeof v === 'string' ? v : ''))
}

/** A map[string]string: undefined when nil, entries in document order. */
export function strMapAt(o: unknown, key: string): Array<[string, string]> | undefined {
  const m = objAt(o, key)
  if (m === undefined) return undefined
  return Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : ''])
}

/** Deep copy of a JSON-like value (no structuredClone: the engine compiles without DOM or Node types). */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepCopy(x)) as T
  if (isObj(v)) {
    const out: Obj = {}
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x)
    return out as T
  }
  return v
}

// ---------------------------------------------------------------------------------------------
// Allocator errors (pkg/registry/core/service/storage/alloc.go, ipallocator, portallocator). They
// live here so the text has one home; the allocator itself is elsewhere in the engine.

/**
 * A user-chosen clusterIP the allocator refused: the whole clusterIPs list is the value.
 * `reason` is the allocator's error text, e.g. `provided IP is already allocated`.
 * With no IP (dynamic allocation failed) the apiserver answers 500, not 422: an Internal error.
 */
export function clusterIPAllocationError(
  clusterIPs: readonly string[],
  ip: string,
  reason: string,
): FieldError {
  if (ip === '')
    return internalError('spec.clusterIPs', `failed to allocate a serviceIP: ${reason}`)
  return invalid('spec.clusterIPs', [...clusterIPs], `failed to allocate IP ${ip}: ${reason}`)
}

export function clusterIPAlreadyAllocated(clusterIPs: readonly string[], ip: string): FieldError {
  return clusterIPAllocationError(clusterIPs, ip, 'provided IP is already allocated')
}

/** The newest ipallocator wording (discovery.md §4.2 marks the exact text per release as unclear). */
export function clusterIPNotInRange(clusterIPs: readonly string[], ip: string): FieldError {
  return clusterIPAllocationError(clusterIPs, ip, `provided IP ${ip} is not in the valid range`)
}

/** portallocator.ErrNotInRange on `spec.ports[i].nodePort`; `range` is the flag text, e.g. `30000-32767`. */
export function nodePortOutOfRange(index: number, port: number, range: string): FieldError {
  return invalid(
    `spec.ports[${index}].nodePort`,
    port,
    `provided port is not in the valid range. The range of valid ports is ${range}`,
  )
}

/** portallocator.ErrAllocated on `spec.ports[i].nodePort`. */
export function nodePortAlreadyAllocated(index: number, port: number): FieldError {
  return invalid(`spec.ports[${index}].nodePort`, port, 'provided port is already allocated')
}

/** The same two failures for `spec.healthCheckNodePort` (LoadBalancer with externalTrafficPolicy Local). */
export function healthCheckNodePortAllocationError(port: number, reason: string): FieldError {
  return invalid('spec.healthCheckNodePort', port, reason)
}

/** A dynamic nodePort with the range exhausted: a 500 whose message is formatInternalError's. */
export function nodePortRangeFull(): string {
  return 'failed to allocate a nodePort: range is full'
}

/** initIPFamilyFields on a single-stack cluster asked for RequireDualStack. */
export function ipFamilyPolicyNotDualStack(policy: string): FieldError {
  return invalid(
    'spec.ipFamilyPolicy',
    policy,
    'this cluster is not configured for dual-stack services',
  )
}

/** apierrors.NewInternalError's message; kubectl prefixes `Error from server (InternalError): `. */
export function formatInternalError(detail: string): string {
  return `Internal error occurred: ${detail}`
}
