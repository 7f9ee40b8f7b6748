/**
 * Diagnostics: user mistakes are data, never exceptions. Each one has a stable code (tests
 * and the UI use it), the message the real component would print, and where it is in the YAML.
 */
import type { SourceRange } from './parse/sourceText'

export type Severity = 'error' | 'warning' | 'info'

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'not-an-object'
  | 'missing-kind'
  | 'ignored-kind'
  | 'unknown-api-version'
  | 'invalid-config'
  | 'protocol-mismatch'
  | 'pod-before-service'
  | 'unschedulable'
  | 'invalid-object'
  | 'selector-matches-no-pods'
  | 'target-port-not-found'
  | 'duplicate-object'

export interface Diagnostic {
  code: DiagnosticCode
  severity: Severity
  message: string
  range?: SourceRange
  /** `Kind/namespace/name` of the object the diagnostic is about, when there is one. */
  objectRef?: string
}
