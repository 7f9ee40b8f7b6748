// Go's text/tabwriter as kubectl configures it, for text that is already split into cells.
//
// Mirrors:
// - staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go (GetNewTabWriter: minwidth 6, tabwidth
//   4, padding 3, padchar ' ', flags tabwriter.RememberWidths, which only matters across flushes)
// - github.com/liggitt/tabwriter (a fork of Go's text/tabwriter): Writer.format and writeLines
//
// A cell is text terminated by a tab. The text after the last tab of a line is not a cell: it is
// written as is, unpadded, which is why kubectl's last column carries no trailing spaces. A column
// block is a run of consecutive lines that all have a cell in that column; its width is the widest
// cell plus the padding, at least minwidth. With a space pad character the tab width plays no part.

export const TABWRITER_MIN_WIDTH = 6
export const TABWRITER_PADDING = 3

/**
 * Aligns rows of cells the way kubectl's tab writer does after `strings.Join(cells, "\t") + "\n"`
 * for each row. Returns the text with a newline after every row.
 */
export function tabwrite(rows: readonly (readonly string[])[]): string {
  // Each row is the cells before its tabs plus the trailing text, exactly as Go splits a line.
  const lines = rows.map((row) => row.map((text) => ({ text, width: runeCount(text) })))
  const widths: number[] = []
  const out: string[] = []

  // Writer.format: find column blocks left to right, recursing for the columns to their right.
  function format(line0: number, line1: number): void {
    const column = widths.length
    let start = line0
    for (let current = line0; current < line1; current++) {
      if (column >= cellsOf(current) - 1) continue
      // A block starts here: print the lines before it with the widths known so far.
      writeLines(start, current)
      start = current
      let width = TABWRITER_MIN_WIDTH
      for (; current < line1; current++) {
        if (column >= cellsOf(current) - 1) break
        const cell = lines[current]?.[column]
        if (cell && cell.width + TABWRITER_PADDING > width) width = cell.width + TABWRITER_PADDING
      }
      widths.push(width)
      format(start, current)
      widths.pop()
      // Go's loop increment then skips the line that ended the block: it has no cell here anyway.
      start = current
    }
    writeLines(start, line1)
  }

  function cellsOf(index: number): number {
    return lines[index]?.length ?? 0
  }

  // Writer.writeLines: cells inside a known column are padded to its width, the rest are not.
  function writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] ?? []
      let text = ''
      line.forEach((cell, j) => {
        text += cell.text
        const width = widths[j]
        if (j < widths.length && width !== undefined) text += ' '.repeat(width - cell.width)
      })
      out.push(text + '\n')
    }
  }

  format(0, lines.length)
  return out.join('')
}

/** Go measures a cell in runes (utf8.RuneCount), not UTF-16 code units. */
function runeCount(text: string): number {
  return Array.from(text).length
}
