/**
 * Edits that UI controls make to the YAML text: set a Service's session affinity, scale a
 * workload.
 *
 * The YAML text is the single source of truth, and it belongs to the person who wrote it. Loading
 * it into objects and dumping them again would drop comments, reorder keys, requote strings and
 * reflow flow collections, so a click on a toggle would rewrite the whole file. Instead each edit
 * is a splice of the text: the parser's field ranges say where a value is, the value's characters
 * are replaced (or a line is inserted with the indentation already used around it, or the lines
 * of a block are removed), and every other byte stays as it was. After the splice the text is
 * parsed again and the edit is kept only if the object now reads as asked and every other object
 * reads as before, so a case the splicing does not understand becomes a refusal, never a broken
 * file.
 */
import { parseManifests } from '../parse/parseManifests'
import { readManifests } from '../parse/readManifests'
import type { Manifest } from '../parse/readManifests'
import type { SourceRange } from '../parse/sourceText'

export type EditResult = { ok: true; yaml: string } | { ok: false; reason: string }

type Step = { ok: true; text: string } | { ok: false; reason: string }

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet'])

/** The API server's limit for sessionAffinityConfig.clientIP.timeoutSeconds (one day). */
const MAX_TIMEOUT_SECONDS = 86400

/**
 * Set spec.sessionAffinity (and for ClientIP, spec.sessionAffinityConfig.clientIP.timeoutSeconds)
 * of the Service `ref` ('Service/ns/name'). None removes sessionAffinityConfig (the API server
 * clears it anyway).
 *
 * `timeoutSeconds` is written only when given; without it an existing timeout is kept, and a
 * missing one means the API default (10800). With None it is ignored. An absent
 * `sessionAffinity` already means None, so setting None does not add the line.
 */
export function setSessionAffinity(
  yaml: string,
  ref: string,
  affinity: 'None' | 'ClientIP',
  timeoutSeconds?: number,
): EditResult {
  if (affinity !== 'None' && affinity !== 'ClientIP') {
    return {
      ok: false,
      reason: `sessionAffinity must be None or ClientIP, not ${String(affinity)}.`,
    }
  }
  const timeout = affinity === 'ClientIP' ? timeoutSeconds : undefined
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) || timeout <= 0 || timeout > MAX_TIMEOUT_SECONDS)
  ) {
    return {
      ok: false,
      reason: `timeoutSeconds must be a whole number greater than 0 and at most ${MAX_TIMEOUT_SECONDS}, not ${timeout}.`,
    }
  }
  const found = findManifest(yaml, ref, (kind) => kind === 'Service', 'a Service')
  if (!found.ok) return found

  let text = yaml
  const apply = (step: (current: string) => Step): string | null => {
    const next = step(text)
    if (!next.ok) return next.reason
    text = next.text
    return null
  }
  const failure =
    (affinity === 'ClientIP' || hasField(found.manifest, 'spec.sessionAffinity')
      ? apply((current) => setValue(current, ref, ['spec', 'sessionAffinity'], affinity))
      : null) ??
    (timeout !== undefined
      ? apply((current) =>
          setValue(
            current,
            ref,
            ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
            timeout,
            'sessionAffinity',
          ),
        )
      : null) ??
    (affinity === 'None'
      ? apply((current) => removeField(current, ref, ['spec', 'sessionAffinityConfig']))
      : null)
  if (failure !== null) return { ok: false, reason: failure }

  return verify(yaml, text, ref, (raw) => {
    const spec = asRecord(raw.spec)
    const config = asRecord(spec?.sessionAffinityConfig)
    const actual = spec?.sessionAffinity ?? 'None'
    if (actual !== affinity) return false
    if (affinity === 'None') return config === undefined
    return timeout === undefined || asRecord(config?.clientIP)?.timeoutSeconds === timeout
  })
}

/** Set spec.replicas of a Deployment/ReplicaSet/StatefulSet `ref` ('Deployment/ns/name'). */
export function setReplicas(yaml: string, ref: string, replicas: number): EditResult {
  if (!Number.isInteger(replicas) || replicas < 0) {
    return { ok: false, reason: `replicas must be a whole number of 0 or more, not ${replicas}.` }
  }
  const found = findManifest(
    yaml,
    ref,
    (kind) => WORKLOAD_KINDS.has(kind),
    'a Deployment, ReplicaSet or StatefulSet',
  )
  if (!found.ok) return found
  const edited = setValue(yaml, ref, ['spec', 'replicas'], replicas)
  if (!edited.ok) return edited
  return verify(yaml, edited.text, ref, (raw) => asRecord(raw.spec)?.replicas === replicas)
}

// ---------------------------------------------------------------------------------------------
// Finding the object and checking the result

type Found = { ok: true; manifest: Manifest } | { ok: false; reason: string }

function findManifest(
  text: string,
  ref: string,
  kindFits: (kind: string) => boolean,
  expected: string,
): Found {
  const parsed = parseManifests(text)
  const matches = readManifests(parsed.documents).manifests.filter((m) => m.ref === ref)
  const [manifest] = matches
  if (!manifest) {
    const syntax = parsed.diagnostics.find((d) => d.code === 'yaml-syntax')
    // A document with a syntax error yields no object, so the one asked for may be in it.
    if (syntax) {
      return {
        ok: false,
        reason: `${ref} was not found; the YAML has a syntax error on line ${syntax.range?.startLine ?? 1} (${syntax.message}). Fix it first.`,
      }
    }
    return { ok: false, reason: `${ref} was not found in the YAML.` }
  }
  if (matches.length > 1) {
    return {
      ok: false,
      reason: `${ref} is defined ${matches.length} times; it is not clear which one to edit.`,
    }
  }
  if (!kindFits(manifest.kind)) {
    return { ok: false, reason: `${ref} is a ${manifest.kind}, not ${expected}.` }
  }
  return { ok: true, manifest }
}

function hasField(manifest: Manifest, path: string): boolean {
  return manifest.source.fields.has(path)
}

/**
 * Keeps the edit only if the object reads as asked, every other object reads exactly as before,
 * and no new syntax error appeared: the splices are careful, this makes them safe.
 */
function verify(
  before: string,
  after: string,
  ref: string,
  reads: (raw: Record<string, unknown>) => boolean,
): EditResult {
  const old = parseManifests(before)
  const now = parseManifests(after)
  const oldOthers = readManifests(old.documents).manifests.filter((m) => m.ref !== ref)
  const nowAll = readManifests(now.documents).manifests
  const target = nowAll.filter((m) => m.ref === ref)
  const nowOthers = nowAll.filter((m) => m.ref !== ref)
  const syntaxErrors = (diagnostics: { code: string }[]) =>
    diagnostics.filter((d) => d.code === 'yaml-syntax').length
  const [edited] = target
  if (
    target.length !== 1 ||
    !edited ||
    !reads(edited.raw) ||
    syntaxErrors(now.diagnostics) !== syntaxErrors(old.diagnostics) ||
    JSON.stringify(nowOthers.map((m) => m.raw)) !== JSON.stringify(oldOthers.map((m) => m.raw))
  ) {
    return {
      ok: false,
      reason: `${ref} could not be edited safely in this YAML layout; the text was left unchanged. Edit it by hand.`,
    }
  }
  return { ok: true, yaml: after }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

// ---------------------------------------------------------------------------------------------
// Locating keys and values in the text

interface Located {
  /** Where the key's text starts, opening quote included. */
  keyStart: number
  keyQuoted: boolean
  /** Just after the `:`. */
  afterColon: number
  valueStart: number
  valueEnd: number
  shape: 'empty' | 'scalar' | 'block' | 'flow'
}

/** The fields of the object `ref` in a fresh parse of `text`, or why there are none. */
function fieldsOf(
  text: string,
  ref: string,
): { ok: true; fields: ReadonlyMap<string, SourceRange> } | { ok: false; reason: string } {
  const manifest = readManifests(parseManifests(text).documents).manifests.find(
    (m) => m.ref === ref,
  )
  if (!manifest) return { ok: false, reason: `${ref} was not found in the YAML.` }
  return { ok: true, fields: manifest.source.fields }
}

/** Splits a field's range (key start to value end) into the key, the colon and the value. */
function locate(text: string, range: SourceRange, key: string): Located | null {
  // The parser starts a quoted key's range after its opening quote.
  const quote = text[range.startOffset - 1]
  const keyQuoted = quote === '"' || quote === "'"
  const keyStart = keyQuoted ? range.startOffset - 1 : range.startOffset
  let at: number
  if (keyQuoted) {
    const close = endOfQuoted(text, keyStart)
    if (close < 0) return null
    at = close
  } else {
    if (text.slice(keyStart, keyStart + key.length) !== key) return null
    at = keyStart + key.length
  }
  at = skipSpaces(text, at)
  if (text[at] !== ':') return null
  const afterColon = at + 1
  const valueStart = skipSpaces(text, afterColon)
  const first = text[valueStart]
  // An anchor, alias or tag makes the value's extent and meaning depend on text elsewhere.
  if (first === '&' || first === '*' || first === '!') return null
  if (first === '{' || first === '[') {
    const close = matchBracket(text, valueStart)
    if (close < 0) return null
    return { keyStart, keyQuoted, afterColon, valueStart, valueEnd: close + 1, shape: 'flow' }
  }
  if (first === undefined || first === '\n' || first === '\r' || first === '#') {
    // Nothing on the key's line: either no value at all or a block collection below it.
    const shape = range.endOffset > valueStart ? 'block' : 'empty'
    const valueEnd = shape === 'block' ? range.endOffset : valueStart
    return { keyStart, keyQuoted, afterColon, valueStart, valueEnd, shape }
  }
  if (first === '"' || first === "'") {
    const close = endOfQuoted(text, valueStart)
    if (close < 0) return null
    return { keyStart, keyQuoted, afterColon, valueStart, valueEnd: close, shape: 'scalar' }
  }
  if (range.endOffset <= valueStart) return null
  return {
    keyStart,
    keyQuoted,
    afterColon,
    valueStart,
    valueEnd: range.endOffset,
    shape: 'scalar',
  }
}

function skipSpaces(text: string, at: number): number {
  let i = at
  while (text[i] === ' ' || text[i] === '\t') i++
  return i
}

/** Index just past the closing quote of the quoted scalar opening at `open`, or -1. */
function endOfQuoted(text: string, open: number): number {
  const quote = text[open]
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]
    if (quote === '"' && c === '\\') i++
    else if (c === quote) {
      // In single quotes a doubled quote is an escaped quote, not the end.
      if (quote === "'" && text[i + 1] === "'") i++
      else return i + 1
    }
  }
  return -1
}

/** Index of the bracket closing the flow collection that opens at `open`, or -1. */
function matchBracket(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i
    } else if ((c === '"' || c === "'") && startsScalar(text, i)) {
      const end = endOfQuoted(text, i)
      if (end < 0) return -1
      i = end - 1
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const eol = text.indexOf('\n', i)
      if (eol < 0) return -1
      i = eol
    }
  }
  return -1
}

/** A quote opens a quoted scalar only where a scalar may start, not inside `it's`. */
function startsScalar(text: string, at: number): boolean {
  let i = at - 1
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--
  return i < 0 || '{[,:'.includes(text[i] ?? '')
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1
}

/** Index just past the newline ending the line that holds `at`, or -1 on the last line. */
function nextLineStart(text: string, at: number): number {
  const eol = text.indexOf('\n', at)
  return eol < 0 ? -1 : eol + 1
}

/** The spaces a new sibling of the key at `keyStart` should start with. */
function indentOf(text: string, keyStart: number): string {
  const prefix = text.slice(lineStart(text, keyStart), keyStart)
  // A key right after a sequence dash (`- name: x`) is indented by the dash's width.
  return /^ *$/.test(prefix) ? prefix : ' '.repeat(prefix.length)
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n'
}

/** Direct children of `parent` among the field paths, in no particular order. */
function childrenOf(fields: ReadonlyMap<string, SourceRange>, parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}.`
  const under = [...fields.keys()].filter(
    (path) => path !== parent && path.startsWith(prefix) && !path.startsWith(`${prefix}[`),
  )
  // Keys may contain dots (`app.kubernetes.io/name`), so a child is a path no other one contains.
  return under.filter(
    (path) =>
      !path.slice(prefix.length).includes('[') &&
      !under.some(
        (other) => other !== path && (path.startsWith(`${other}.`) || path.startsWith(`${other}[`)),
      ),
  )
}

/** The key name of a child path, relative to its parent. */
function keyName(parent: string, child: string): string {
  return parent === '' ? child : child.slice(parent.length + 1)
}

/**
 * How many spaces this document indents a nested mapping by, read from a key that has block
 * children; 2 when none does.
 */
function indentStep(text: string, fields: ReadonlyMap<string, SourceRange>): number {
  for (const [path, range] of fields) {
    if (path === '' || path.endsWith(']')) continue
    const parentStart = lineStart(text, range.startOffset)
    if (!/^ *$/.test(text.slice(parentStart, range.startOffset))) continue
    for (const child of childrenOf(fields, path)) {
      const childRange = fields.get(child)
      if (!childRange || childRange.startLine === range.startLine) continue
      const childStart = lineStart(text, childRange.startOffset)
      if (!/^ *$/.test(text.slice(childStart, childRange.startOffset))) continue
      const step = childRange.startOffset - childStart - (range.startOffset - parentStart)
      if (step > 0) return step
    }
  }
  return 2
}

// ---------------------------------------------------------------------------------------------
// The edits

/** Writes a scalar the way the value it replaces was quoted (numbers are never quoted). */
function formatValue(value: string | number, quote: string | undefined): string {
  if (typeof value === 'number') return String(value)
  if (quote === '"') return JSON.stringify(value)
  if (quote === "'") return `'${value.replaceAll("'", "''")}'`
  return value
}

/**
 * Sets the scalar at `path` (object-relative keys): replaced in place when it exists, otherwise
 * inserted under the deepest mapping that does, creating the missing mappings on the way.
 * `after` names the sibling a new top-level key should follow (it goes last otherwise).
 */
function setValue(
  text: string,
  ref: string,
  path: readonly string[],
  value: string | number,
  after?: string,
): Step {
  const found = fieldsOf(text, ref)
  if (!found.ok) return found
  const { fields } = found
  const dotted = path.join('.')
  const existing = fields.get(dotted)
  if (existing) {
    const at = locate(text, existing, path[path.length - 1] ?? '')
    if (!at)
      return {
        ok: false,
        reason: `${dotted} of ${ref} could not be located in the text (anchors, aliases and tags are left to hand edits).`,
      }
    if (at.shape === 'block' || at.shape === 'flow') {
      return {
        ok: false,
        reason: `${dotted} of ${ref} holds a mapping or a list, not a single value; edit it by hand.`,
      }
    }
    if (at.shape === 'empty') {
      // `key:` with nothing after it (null): the value goes right after the colon.
      return {
        ok: true,
        text: splice(text, at.afterColon, at.afterColon, ` ${formatValue(value, undefined)}`),
      }
    }
    // Only the value's characters change, so a trailing comment on the line stays.
    const replacement = formatValue(value, text[at.valueStart])
    return { ok: true, text: splice(text, at.valueStart, at.valueEnd, replacement) }
  }

  // The deepest ancestor that exists is where the new keys go.
  let depth = path.length - 1
  while (depth > 0 && !fields.has(path.slice(0, depth).join('.'))) depth--
  const parent = path.slice(0, depth).join('.')
  const missing = path.slice(depth)
  const parentRange = fields.get(parent)
  if (!parentRange)
    return {
      ok: false,
      reason: `${ref} could not be located in the text (anchors, aliases and tags are left to hand edits).`,
    }

  if (parent === '') {
    const first = text[parentRange.startOffset]
    if (first === '{')
      return insertFlow(text, fields, parent, parentRange.startOffset, missing, value)
    return insertBlock(text, fields, parent, missing, value, after ?? 'metadata')
  }
  const at = locate(text, parentRange, path[depth - 1] ?? '')
  if (!at)
    return {
      ok: false,
      reason: `${parent} of ${ref} could not be located in the text (anchors, aliases and tags are left to hand edits).`,
    }
  if (at.shape === 'scalar') {
    return {
      ok: false,
      reason: `${parent} of ${ref} is a single value, not a mapping, so ${dotted} cannot be added.`,
    }
  }
  if (at.shape === 'flow') {
    if (text[at.valueStart] !== '{') {
      return { ok: false, reason: `${parent} of ${ref} is a list, not a mapping.` }
    }
    return insertFlow(text, fields, parent, at.valueStart, missing, value, at.keyQuoted)
  }
  if (at.shape === 'empty') {
    // `spec:` with nothing under it: the new keys go on the next lines, one step deeper.
    const indent = indentOf(text, at.keyStart) + ' '.repeat(indentStep(text, fields))
    return {
      ok: true,
      text: insertLines(
        text,
        at.valueStart,
        blockLines(missing, value, indent, indentStep(text, fields)),
      ),
    }
  }
  return insertBlock(text, fields, parent, missing, value, depth === 1 ? after : undefined)
}

/** Inserts `missing` keys as new lines among the block children of `parent`. */
function insertBlock(
  text: string,
  fields: ReadonlyMap<string, SourceRange>,
  parent: string,
  missing: readonly string[],
  value: string | number,
  after: string | undefined,
): Step {
  const children = childrenOf(fields, parent)
  const sibling = after === undefined ? undefined : parent === '' ? after : `${parent}.${after}`
  const anchor =
    sibling !== undefined && children.includes(sibling)
      ? sibling
      : children.reduce<string | undefined>((last, child) => {
          const end = fields.get(child)?.startOffset ?? -1
          return last === undefined || end > (fields.get(last)?.startOffset ?? -1) ? child : last
        }, undefined)
  const anchorRange = anchor === undefined ? undefined : fields.get(anchor)
  if (anchor === undefined || !anchorRange) {
    return {
      ok: false,
      reason: `${parent || 'The object'} has no keys to place the new one among.`,
    }
  }
  const at = locate(text, anchorRange, keyName(parent, anchor))
  if (!at)
    return {
      ok: false,
      reason: `${anchor} could not be located in the text (anchors, aliases and tags are left to hand edits).`,
    }
  const firstChild = fields.get(children[0] ?? '')
  const indent = indentOf(text, firstChild ? keyStartOf(text, firstChild) : at.keyStart)
  const lastChar = Math.max(at.valueEnd - 1, at.keyStart)
  return {
    ok: true,
    text: insertLines(text, lastChar, blockLines(missing, value, indent, indentStep(text, fields))),
  }
}

function keyStartOf(text: string, range: SourceRange): number {
  const quote = text[range.startOffset - 1]
  return quote === '"' || quote === "'" ? range.startOffset - 1 : range.startOffset
}

/** `a:` / `  b:` / `    c: value`, one key per line, each one step deeper. */
function blockLines(
  keys: readonly string[],
  value: string | number,
  indent: string,
  step: number,
): string[] {
  return keys.map((key, i) => {
    const prefix = indent + ' '.repeat(step * i)
    return i === keys.length - 1
      ? `${prefix}${key}: ${formatValue(value, undefined)}`
      : `${prefix}${key}:`
  })
}

/** Inserts whole lines after the line that holds `at`. */
function insertLines(text: string, at: number, lines: readonly string[]): string {
  const eol = lineEnding(text)
  const next = nextLineStart(text, at)
  if (next < 0) return `${text}${eol}${lines.join(eol)}`
  return splice(text, next, next, lines.map((line) => line + eol).join(''))
}

/** Adds `key: value` to the flow mapping opening at `open`, before its closing brace. */
function insertFlow(
  text: string,
  fields: ReadonlyMap<string, SourceRange>,
  parent: string,
  open: number,
  missing: readonly string[],
  value: string | number,
  parentKeyQuoted = false,
): Step {
  const close = matchBracket(text, open)
  if (close < 0) return { ok: false, reason: `The flow mapping ${parent} is not closed.` }
  const children = childrenOf(fields, parent)
  const firstChild = fields.get(children[0] ?? '')
  // JSON (or JSON-like YAML) quotes every key and string; follow what the mapping does.
  const json = firstChild
    ? keyStartOf(text, firstChild) !== firstChild.startOffset
    : parentKeyQuoted
  const key = (name: string) => (json ? JSON.stringify(name) : name)
  const leaf = formatValue(value, json ? '"' : undefined)
  const entry = missing.reduceRight<string>(
    (inner, name, i) =>
      i === missing.length - 1 ? `${key(name)}: ${inner}` : `${key(name)}: {${inner}}`,
    leaf,
  )
  let last = close - 1
  while (last > open && /\s/.test(text[last] ?? '')) last--
  if (last === open) return { ok: true, text: splice(text, open + 1, open + 1, entry) }
  const trailingComma = text[last] === ','
  const separator = trailingComma ? '' : ','
  const tail = trailingComma ? ',' : ''
  if (text.slice(last + 1, close).includes('\n')) {
    // One entry per line (pretty-printed JSON): the new entry gets its own line too.
    const lastChild = children.reduce<SourceRange | undefined>((latest, child) => {
      const range = fields.get(child)
      return range && (!latest || range.startOffset > latest.startOffset) ? range : latest
    }, undefined)
    const indent = lastChild ? indentOf(text, keyStartOf(text, lastChild)) : ''
    const insert = `${separator}${lineEnding(text)}${indent}${entry}${tail}`
    return { ok: true, text: splice(text, last + 1, last + 1, insert) }
  }
  return { ok: true, text: splice(text, last + 1, last + 1, `${separator} ${entry}${tail}`) }
}

/** Removes the field at `path` with its value: whole lines in block style, the entry in flow. */
function removeField(text: string, ref: string, path: readonly string[]): Step {
  const found = fieldsOf(text, ref)
  if (!found.ok) return found
  const dotted = path.join('.')
  const range = found.fields.get(dotted)
  if (!range) return { ok: true, text }
  const at = locate(text, range, path[path.length - 1] ?? '')
  if (!at)
    return {
      ok: false,
      reason: `${dotted} of ${ref} could not be located in the text (anchors, aliases and tags are left to hand edits).`,
    }
  const start = lineStart(text, at.keyStart)
  if (!inFlowMapping(text, found.fields, path) && /^[ \t]*$/.test(text.slice(start, at.keyStart))) {
    // The key starts its line, so the field is exactly the lines from here to its value's end.
    const next = nextLineStart(text, Math.max(at.valueEnd - 1, at.keyStart))
    if (next >= 0) return { ok: true, text: splice(text, start, next, '') }
    // The last line of the file: drop the newline before it instead.
    const cut = start > 0 ? start - (text[start - 2] === '\r' ? 2 : 1) : 0
    return { ok: true, text: splice(text, cut, text.length, '') }
  }
  // An entry of a flow mapping: remove it with one of the commas around it.
  let before = at.keyStart - 1
  while (before >= 0 && /\s/.test(text[before] ?? '')) before--
  if (text[before] === ',') return { ok: true, text: splice(text, before, at.valueEnd, '') }
  let following = at.valueEnd
  while (following < text.length && /\s/.test(text[following] ?? '')) following++
  if (text[following] === ',') {
    const end = skipSpaces(text, following + 1)
    return { ok: true, text: splice(text, at.keyStart, end, '') }
  }
  return { ok: true, text: splice(text, at.keyStart, at.valueEnd, '') }
}

/** Whether the field at `path` is an entry of a flow mapping (`{...}`, JSON) rather than a block. */
function inFlowMapping(
  text: string,
  fields: ReadonlyMap<string, SourceRange>,
  path: readonly string[],
): boolean {
  const parentPath = path.slice(0, -1)
  const parentRange = fields.get(parentPath.join('.'))
  if (!parentRange) return false
  if (parentPath.length === 0) return text[parentRange.startOffset] === '{'
  return locate(text, parentRange, parentPath[parentPath.length - 1] ?? '')?.shape === 'flow'
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end)
}
