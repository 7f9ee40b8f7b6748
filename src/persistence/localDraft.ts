/**
 * The last YAML a person typed, kept in localStorage so a reload does not lose it.
 * Storage can be full, disabled or hostile: every access is guarded and never throws.
 */
const KEY = 'k8s-service-playground:draft:v1'

export function readDraft(): string | null {
  try {
    const value = localStorage.getItem(KEY)
    return typeof value === 'string' && value.length < 4 * 1024 * 1024 ? value : null
  } catch {
    return null
  }
}

export function writeDraft(yaml: string): void {
  try {
    localStorage.setItem(KEY, yaml)
  } catch {
    // Storage full or blocked: the draft is a convenience, the session keeps working.
  }
}
