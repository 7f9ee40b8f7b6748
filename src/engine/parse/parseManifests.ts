/**
 * Stage 1: YAML (or JSON) text → one value per document, with the source range of every field.
 *
 * kubectl reads a file as a stream of YAML documents separated by `---` lines (k8s.io/apimachinery
 * pkg/util/yaml `YAMLReader`), so one broken document does not hide the others: each document is
 * parsed on its own, and a syntax error becomes a diagnostic on its line while the rest simulate.
 * Field ranges are keyed by Kubernetes field paths (`spec.ports[0].targetPort`), the same paths
 * the API server puts in its error messages, so a validation error lands on its exact line.
 */
import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, YAMLException } from 'js-yaml'
import type { Event } from 'js-yaml'
import type { Diagnostic } from '../diagnostics'
import { indexLines } from './sourceText'
import type { LineIndex, SourceRange } from './sourceText'

export interface ParsedDocument {
  /** Position of the document in the stream, from 0. */
  index: number
  range: SourceRange
  value: unknown
  /** Field path → range from the key to the end of its value. The root is ''. */
  fields: ReadonlyMap<string, SourceRange>
}

export interface ParseResult {
  documents: ParsedDocument[]
  diagnostics: Diagnostic[]
}

/** Documents larger than this many nested levels are refused (YAML bombs, stack safety). */
const MAX_DEPTH = 64

export function parseManifests(text: string): ParseResult {
  const lines = indexLines(text)
  const documents: ParsedDocument[] = []
  const diagnostics: Diagnostic[] = []
  let index = 0
  for (const chunk of splitDocuments(text)) {
    const source = text.slice(chunk.start, chunk.end)
    if (isBlank(source)) continue
    try {
      const events = parseEvents(source, { maxDepth: MAX_DEPTH })
      const values = constructFromEvents(events, { source, maxAliases: 100 })
      const fieldMaps = collectFieldRanges(events, source, chunk.start, lines)
      values.forEach((value, i) => {
        if (value === null || value === undefined) return
        documents.push({
          index: index++,
          range: lines.rangeOf(chunk.start, chunk.end),
          value,
          fields: fieldMaps[i] ?? new Map(),
        })
      })
    } catch (error) {
      diagnostics.push(syntaxDiagnostic(error, chunk.start, chunk.end, lines))
      index++
    }
  }
  return { documents, diagnostics }
}

interface Chunk {
  start: number
  end: number
}

/** A `---` at the start of a line always starts a new document in YAML 1.2. */
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = []
  const marker = /^---(?=[ \t]|\r?$)/gm
  let start = 0
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match.index > start) chunks.push({ start, end: match.index })
    start = match.index
  }
  chunks.push({ start, end: text.length })
  return chunks
}

function isBlank(source: string): boolean {
  return source
    .split('\n')
    .every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*(#.*)?$/.test(line.trimEnd()))
}

function syntaxDiagnostic(
  error: unknown,
  chunkStart: number,
  chunkEnd: number,
  lines: LineIndex,
): Diagnostic {
  if (error instanceof YAMLException) {
    const at = chunkStart + (error.mark?.position ?? 0)
    const range = lines.rangeOf(at, Math.min(at + 1, chunkEnd))
    return {
      code: 'yaml-syntax',
      severity: 'error',
      message: `error converting YAML to JSON: yaml: line ${range.startLine}: ${error.reason}`,
      range,
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    code: 'yaml-syntax',
    severity: 'error',
    message: `error converting YAML to JSON: ${message}`,
    range: lines.rangeOf(chunkStart, chunkStart),
  }
}

interface Frame {
  kind: 'mapping' | 'sequence'
  /** Kubernetes field path of this collection; null for a complex mapping key. */
  path: string | null
  start: number
  end: number
  /** Mapping: true when the next node is a key. */
  expectKey: boolean
  /** Mapping: the key waiting for its value, and where that key starts. */
  pendingKey: { name: string; start: number } | null
  /** Sequence: index of the next item. */
  nextIndex: number
}

type Placement = { role: 'key' } | { role: 'value'; path: string | null; start: number }

/** Walks the event stream once, recording the range of every field under its Kubernetes path. */
function collectFieldRanges(
  events: Event[],
  source: string,
  base: number,
  lines: LineIndex,
): Map<string, SourceRange>[] {
  const result: Map<string, SourceRange>[] = []
  let fields = new Map<string, SourceRange>()
  const stack: Frame[] = []

  const record = (path: string | null, start: number, end: number) => {
    if (path !== null) fields.set(path, lines.rangeOf(base + start, base + end))
  }
  const extend = (end: number) => {
    for (const frame of stack) frame.end = Math.max(frame.end, end)
  }

  // Where does a node that starts at `start` sit: a mapping key, or a value with a path?
  const place = (start: number): Placement => {
    const parent = stack[stack.length - 1]
    if (!parent) return { role: 'value', path: '', start }
    if (parent.kind === 'sequence') {
      const path = parent.path === null ? null : `${parent.path}[${parent.nextIndex}]`
      parent.nextIndex++
      return { role: 'value', path, start }
    }
    if (parent.expectKey) {
      parent.expectKey = false
      return { role: 'key' }
    }
    parent.expectKey = true
    const key = parent.pendingKey
    parent.pendingKey = null
    if (!key || parent.path === null) return { role: 'value', path: null, start }
    const path = parent.path === '' ? key.name : `${parent.path}.${key.name}`
    return { role: 'value', path, start: key.start }
  }

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        fields = new Map()
        break
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const placed = place(event.start)
        stack.push({
          kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence',
          path: placed.role === 'value' ? placed.path : null,
          start: placed.role === 'value' ? placed.start : event.start,
          end: event.start,
          expectKey: true,
          pendingKey: null,
          nextIndex: 0,
        })
        break
      }
      case EVENT_ID.SCALAR: {
        const end = endOfScalar(source, event.valueStart, event.valueEnd)
        const placed = place(event.valueStart)
        const parent = stack[stack.length - 1]
        if (placed.role === 'key' && parent) {
          parent.pendingKey = { name: getScalarValue(source, event), start: event.valueStart }
        } else if (placed.role === 'value') {
          record(placed.path, placed.start, end)
        }
        extend(end)
        break
      }
      case EVENT_ID.ALIAS: {
        const placed = place(event.anchorStart)
        const parent = stack[stack.length - 1]
        if (placed.role === 'key' && parent)
          parent.pendingKey = { name: '?', start: event.anchorStart }
        else if (placed.role === 'value') record(placed.path, placed.start, event.anchorEnd)
        extend(event.anchorEnd)
        break
      }
      case EVENT_ID.POP: {
        const frame = stack.pop()
        if (!frame) {
          result.push(fields)
          break
        }
        record(frame.path, frame.start, frame.end)
        const parent = stack[stack.length - 1]
        // A collection used as a mapping key (`? [a, b]: c`) has no field path of its own.
        if (parent?.kind === 'mapping' && !parent.expectKey && parent.pendingKey === null) {
          parent.pendingKey = { name: '?', start: frame.start }
        }
        extend(frame.end)
        break
      }
    }
  }
  return result
}

/** Quoted scalars end at the closing quote, which the value offsets leave out. */
function endOfScalar(source: string, start: number, end: number): number {
  const open = source[start - 1]
  if ((open === '"' || open === "'") && source[end] === open) return end + 1
  return end
}
