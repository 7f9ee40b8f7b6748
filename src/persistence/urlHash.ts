/**
 * The only code that touches the URL and the clipboard.
 */
import type { PlaygroundState } from '../state/createAppStore'
import { decodeShareCode, encodeShareCode } from './shareCode'
import type { DecodeResult } from './shareCode'

/** The state in the page's hash, if it holds a share code. */
export function readShareHash(): DecodeResult | null {
  const hash = location.hash.replace(/^#/, '')
  if (hash === '') return null
  return decodeShareCode(hash)
}

/** Put the state in the URL (without a history entry) and return the full link. */
export function writeShareHash(state: PlaygroundState): string {
  const url = new URL(location.href)
  url.hash = encodeShareCode(state)
  history.replaceState(null, '', url)
  return url.toString()
}

export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
