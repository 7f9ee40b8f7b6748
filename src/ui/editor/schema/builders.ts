// The small constructors the editor's Kubernetes schema is written with: `$ref` to a
// definition, typed scalars with a description, port numbers and IANA port names, int-or-string
// values, Go durations, resource quantities, ObjectMeta with well-known labels, and the status
// conditions list. Each returns a plain JSON Schema fragment; the definition files under this
// folder build from them.

import type { JSONSchema } from 'monaco-yaml'

export const ref = (name: string): JSONSchema => ({ $ref: `#/definitions/${name}` })

export const portNumber = (description: string): JSONSchema => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  description,
})

export const count = (description: string): JSONSchema => ({
  type: 'integer',
  minimum: 0,
  description,
})

export const str = (description: string): JSONSchema => ({ type: 'string', description })

export const bool = (description: string): JSONSchema => ({ type: 'boolean', description })

export const stringMap = (description: string): JSONSchema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
})

export const stringList = (description: string): JSONSchema => ({
  type: 'array',
  items: { type: 'string' },
  description,
})

// Go nil slices and pointers print as `null`; these accept it.
export const nullableStringList = (description: string): JSONSchema => ({
  type: ['array', 'null'],
  items: { type: 'string' },
  description,
})

export const list = (item: string, description: string): JSONSchema => ({
  type: 'array',
  items: ref(item),
  description,
})

export const apiVersion = (versions: string[], description: string): JSONSchema => ({
  type: 'string',
  enum: versions,
  description,
})

export const protocol = (description: string): JSONSchema => ({
  type: 'string',
  enum: ['TCP', 'UDP', 'SCTP'],
  description,
})

export const trafficPolicy = (description: string): JSONSchema => ({
  type: 'string',
  enum: ['Cluster', 'Local'],
  enumDescriptions: [
    'Route to all ready endpoints of the Service, on any node.',
    'Route only to endpoints on the node that received the traffic; drop it if there are none.',
  ],
  description,
})

// A metav1.Duration is a Go duration string such as "30s", "1m30s" or "0s"; a bare number is
// rejected by the decoder.
export const duration = (description: string, nullable = false): JSONSchema => ({
  type: nullable ? ['string', 'null'] : 'string',
  pattern: '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$',
  patternErrorMessage: 'A duration is a Go duration string such as "30s", "1m30s" or "2h45m".',
  description,
})

// An IANA_SVC_NAME: what a string port must be. A quoted number such as "8080" is a string in
// YAML, so Kubernetes treats it as a port name and rejects it; the pattern's lookahead for a
// letter catches exactly that mistake.
export const portName: JSONSchema = {
  type: 'string',
  maxLength: 15,
  pattern: '^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
  patternErrorMessage:
    'A port name must be an IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with at least one letter. A quoted number like "8080" is a name, not a number.',
}

// Branching on the value's type (rather than anyOf) makes the warning name the real problem:
// anyOf reports the integer branch's "Expected integer" for a quoted number.
export const intOrStringPort = (description: string): JSONSchema => ({
  type: ['integer', 'string'],
  description,
  if: { type: 'string' },
  then: portName,
  else: { minimum: 1, maximum: 65535 },
})

// maxSurge / maxUnavailable: an absolute number or a percentage string such as "25%".
export const intOrPercent = (description: string): JSONSchema => ({
  type: ['integer', 'string'],
  description,
  if: { type: 'string' },
  then: {
    pattern: '^[0-9]+%$',
    patternErrorMessage: 'A string value must be a percentage such as "25%".',
  },
  else: { minimum: 0 },
})

// Resource quantities ("500m", "16Gi", "4") print as strings but are often typed as numbers.
export const quantityMap = (description: string): JSONSchema => ({
  type: 'object',
  additionalProperties: { type: ['string', 'number'] },
  description,
})

// ObjectMeta plus documentation for the well-known labels of one kind. allOf (rather than
// properties next to $ref) keeps ObjectMeta's own fields: the language service merges a $ref
// into its sibling keys, so a sibling `properties` would hide name, namespace, ...
export const metadataWithLabels = (labels: Record<string, JSONSchema>): JSONSchema => ({
  allOf: [ref('ObjectMeta'), { properties: { labels: { type: 'object', properties: labels } } }],
})

export const conditions = (description: string): JSONSchema => list('Condition', description)
