/**
 * Offsets in the YAML text, turned into the 1-based line/column ranges that Monaco and
 * kubectl-style messages use.
 */

export interface SourceRange {
  /** Zero-based offsets into the whole text, end exclusive. */
  startOffset: number
  endOffset: number
  /** 1-based, as Monaco counts. */
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

export interface LineIndex {
  rangeOf(startOffset: number, endOffset: number): SourceRange
}

export function indexLines(text: string): LineIndex {
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1)

  const position = (offset: number): { line: number; column: number } => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((lineStarts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
  }

  return {
    rangeOf(startOffset, endOffset) {
      const start = position(startOffset)
      const end = position(Math.max(startOffset, endOffset))
      return {
        startOffset,
        endOffset,
        startLine: start.line,
        startColumn: start.column,
        endLine: end.line,
        endColumn: end.column,
      }
    },
  }
}
