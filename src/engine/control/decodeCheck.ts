// The JSON-to-Go decode the apiserver runs before any defaulting or validation: a small
// description of the Go types a manifest decodes into (GoSchema, the S_* scalars,
// OBJECT_META_SCHEMA), a walk that reports the first type mismatch as encoding/json's
// UnmarshalTypeError does (sigs.k8s.io/json, Go encoding/json decode.go) plus the fields strict
// decoding rejects as "unknown field", and the "cannot be handled as" BadRequest message the
// apiserver wraps them in (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go,
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go).

import { goQuote } from './fieldErrors'

// The apiserver decodes JSON into typed Go structs before any defaulting or validation; a value
// of the wrong JSON type fails the whole request with 400 BadRequest, not a field error.

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
