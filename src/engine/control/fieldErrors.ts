// Mirrors kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
// (Error, ErrorBody, ToAggregate), staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewInvalid),
// kubernetes/kubectl pkg/cmd/util/helpers.go (checkErr, MultilineError, statusCausesToAggrError) and the
// JSON decoder errors the apiserver wraps in "cannot be handled as" (sigs.k8s.io/json UnmarshalTypeError,
// strict decoding "unknown field"). Value rendering is the >=1.34 one (apimachinery c58e197e).

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

// Go's encoding/json escapes <, >, & and U+2028/9 by default (HTML-safe output).
function goJSONString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + (c.codePointAt(0) ?? 0).toString(16).padStart(4, '0'),
  )
}

/** json.Marshal as Go does it: maps with sorted keys unless `keepOrder` (structs), HTML-safe strings. */
export function goJSON(value: unknown, keepOrder = false): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return goJSONString(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return '[' + value.map((v) => goJSON(v, keepOrder)).join(',') + ']'
  if (typeof value === 'object') {
    const keys = Object.keys(value)
    if (!keepOrder) keys.sort()
    const rec = value as Record<string, unknown>
    return '{' + keys.map((k) => goJSONString(k) + ':' + goJSON(rec[k], keepOrder)).join(',') + '}'
  }
  return 'null'
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
// Decoding. The apiserver decodes JSON into typed Go structs before any defaulting or validation;
// a value of the wrong JSON type fails the whole request with 400 BadRequest, not a field error.

/** A JSON-to-Go type mismatch, as encoding/json's UnmarshalTypeError reports it. */
export interface DecodeTypeError {
  /** JSON path without indexes, e.g. `spec.ports.port` (Go joins its field stack with dots). */
  jsonPath: string
  /** Innermost Go struct type, e.g. `ServicePort`. */
  goStruct: string
  /** Go type of the target, e.g. `int32`, `[]v1.ServicePort`. */
  goType: string
  /** What was found: `string`, `number`, `number 80.5`, `bool`, `array`, `object`. */
  got: string
}

export interface DecodeResult {
  /** The earliest type error in document order (Go keeps decoding and reports the first one). */
  typeError: DecodeTypeError | null
  /** Fields the Go struct does not have, as `spec.prots` (strict field validation). */
  unknownFields: string[]
}

/** The text after `json: ` for a type error. */
export function renderDecodeTypeError(e: DecodeTypeError): string {
  return `json: cannot unmarshal ${e.got} into Go struct field ${e.goStruct}.${e.jsonPath} of type ${e.goType}`
}

/**
 * The apiserver's BadRequest message for a manifest that does not decode, or null when it does.
 * kubectl prints it after `Error from server (BadRequest): error when creating "<file>": `.
 * Unknown fields only fail under strict field validation, which is kubectl's default (--validate=strict).
 */
export function formatDecodeFailure(
  kind: string,
  result: DecodeResult,
  strict = true,
): string | null {
  if (result.typeError !== null) {
    return `${kind} in version "v1" cannot be handled as a ${kind}: ${renderDecodeTypeError(result.typeError)}`
  }
  if (strict && result.unknownFields.length > 0) {
    const list = result.unknownFields.map((f) => `unknown field ${goQuote(f)}`).join(', ')
    return `${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${list}`
  }
  return null
}

/**
 * A small description of the Go types a manifest decodes into. `open` structs tolerate fields not
 * listed (used where this simulator does not model the whole Go type, e.g. Container).
 */
export type GoSchema =
  | { t: 'string' }
  | { t: 'int32' }
  | { t: 'int64' }
  | { t: 'bool' }
  | { t: 'intstr' }
  | { t: 'any' }
  | { t: 'list'; go: string; elem: GoSchema }
  | { t: 'map'; go: string; elem: GoSchema }
  | { t: 'struct'; go: string; fields: Readonly<Record<string, GoSchema>>; open?: boolean }

export const S_STRING: GoSchema = { t: 'string' }
export const S_INT32: GoSchema = { t: 'int32' }
export const S_INT64: GoSchema = { t: 'int64' }
export const S_BOOL: GoSchema = { t: 'bool' }
export const S_INTSTR: GoSchema = { t: 'intstr' }
export const S_ANY: GoSchema = { t: 'any' }
export const S_STRINGS: GoSchema = { t: 'list', go: '[]string', elem: S_STRING }
export const S_STRING_MAP: GoSchema = { t: 'map', go: 'map[string]string', elem: S_STRING }

export const OBJECT_META_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.ObjectMeta',
  fields: {
    name: S_STRING,
    generateName: S_STRING,
    namespace: S_STRING,
    selfLink: S_STRING,
    uid: S_STRING,
    resourceVersion: S_STRING,
    generation: S_INT64,
    creationTimestamp: S_ANY,
    deletionTimestamp: S_ANY,
    deletionGracePeriodSeconds: S_INT64,
    labels: S_STRING_MAP,
    annotations: S_STRING_MAP,
    ownerReferences: S_ANY,
    finalizers: S_STRINGS,
    managedFields: S_ANY,
  },
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number' || typeof v === 'bigint') return 'number'
  if (typeof v === 'boolean') return 'bool'
  if (Array.isArray(v)) return 'array'
  return 'object'
}

function goTypeName(s: GoSchema): string {
  switch (s.t) {
    case 'string':
    case 'int32':
    case 'int64':
    case 'bool':
      return s.t
    case 'intstr':
      return 'int32' // IntOrString.UnmarshalJSON decodes non-strings into its int32 field
    case 'any':
      return 'interface {}'
    case 'list':
    case 'map':
    case 'struct':
      return s.go
  }
}

const INT_RANGES = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const

/** Walks a plain value in document order against `schema`, as the typed JSON decode would. */
export function decodeCheck(root: unknown, schema: GoSchema): DecodeResult {
  const result: DecodeResult = { typeError: null, unknownFields: [] }
  const walk = (
    v: unknown,
    s: GoSchema,
    jsonPath: string,
    strictPath: string,
    goStruct: string,
  ): void => {
    if (v === null || v === undefined || s.t === 'any') return // null leaves the Go zero value
    const fail = (got: string): void => {
      if (result.typeError === null)
        result.typeError = { jsonPath, goStruct, goType: goTypeName(s), got }
    }
    switch (s.t) {
      case 'string':
        if (typeof v !== 'string') fail(jsonKind(v))
        return
      case 'bool':
        if (typeof v !== 'boolean') fail(jsonKind(v))
        return
      case 'int32':
      case 'int64':
      case 'intstr': {
        if (s.t === 'intstr' && typeof v === 'string') return
        if (typeof v !== 'number') {
          fail(jsonKind(v))
          return
        }
        const [lo, hi] = s.t === 'int64' ? INT_RANGES.int64 : INT_RANGES.int32
        if (!Number.isInteger(v) || v < lo || v > hi) fail(`number ${String(v)}`)
        return
      }
      case 'list':
        if (!Array.isArray(v)) {
          fail(jsonKind(v))
          return
        }
        for (let i = 0; i < v.length; i++)
          walk(v[i], s.elem, jsonPath, `${strictPath}[${i}]`, goStruct)
        return
      case 'map':
        if (typeof v !== 'object' || Array.isArray(v)) {
          fail(jsonKind(v))
          return
        }
        for (const [k, item] of Object.entries(v))
          walk(item, s.elem, jsonPath, `${strictPath}.${k}`, goStruct)
        return
      case 'struct': {
        if (typeof v !== 'object' || Array.isArray(v)) {
          fail(jsonKind(v))
          return
        }
        const structName = s.go.replace(/^v1\./, '')
        for (const [k, item] of Object.entries(v)) {
          const fs = Object.prototype.hasOwnProperty.call(s.fields, k) ? s.fields[k] : undefined
          const childJson = jsonPath === '' ? k : `${jsonPath}.${k}`
          const childStrict = strictPath === '' ? k : `${strictPath}.${k}`
          if (fs === undefined) {
            if (s.open !== true) result.unknownFields.push(childStrict)
            continue
          }
          walk(item, fs, childJson, childStrict, structName)
        }
        return
      }
    }
  }
  walk(root, schema, '', '', '')
  return result
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
