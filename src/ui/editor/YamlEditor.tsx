import { useEffect, useEffectEvent, useRef } from 'react'
import { MANIFESTS_MODEL_URI, monaco } from './monacoSetup'
import './YamlEditor.css'

export interface EditorMarker {
  severity: 'error' | 'warning' | 'info'
  message: string
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
  code?: string
}

/** Whole lines to highlight: the provenance of the selected hop. */
export interface EditorHighlight {
  startLineNumber: number
  endLineNumber: number
}

export interface YamlEditorProps {
  /** The text. The editor replaces its content only when this differs from what it last reported. */
  value: string
  /** Called 250 ms after the last keystroke with the full text. */
  onChange: (text: string) => void
  /** Engine diagnostics, shown under their own marker owner next to the schema warnings. */
  markers: EditorMarker[]
  /** Highlighted with a background and a glyph; the first one is scrolled into view. */
  highlights: EditorHighlight[]
  /** The cursor moved to another line, or the user clicked a line (reverse provenance). */
  onCursorLine?: (line: number) => void
}

const CHANGE_DEBOUNCE_MS = 250
const MARKER_OWNER = 'svcsim'

const SEVERITY: Record<EditorMarker['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
}

const HIGHLIGHT_OPTIONS: monaco.editor.IModelDecorationOptions = {
  isWholeLine: true,
  className: 'hop-source-line',
  glyphMarginClassName: 'hop-source-glyph',
  glyphMarginHoverMessage: { value: 'Source of the selected hop' },
  overviewRuler: { color: '#e0a100', position: monaco.editor.OverviewRulerLane.Full },
  stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
}

interface EditorSession {
  editor: monaco.editor.IStandaloneCodeEditor
  model: monaco.editor.ITextModel
  highlights: monaco.editor.IEditorDecorationsCollection
  /** Text last exchanged with the host (reported by onChange or received as value). */
  synced: string | null
  /** Replaces the whole text without reporting it back through onChange. */
  replace: (text: string) => void
}

export default function YamlEditor({
  value,
  onChange,
  markers,
  highlights,
  onCursorLine,
}: YamlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null)
  const sessionRef = useRef<EditorSession | null>(null)

  const emitChange = useEffectEvent((text: string) => {
    onChange(text)
  })
  const emitCursorLine = useEffectEvent((line: number) => {
    onCursorLine?.(line)
  })

  // One effect owns the editor's life: create on mount, dispose on unmount. The effects below
  // only push props into the live editor, so a new value, marker list or highlight never
  // recreates it (which would lose cursor, scroll and undo history).
  useEffect(() => {
    const host = hostRef.current
    if (!host) return

    const uri = monaco.Uri.parse(MANIFESTS_MODEL_URI)
    // A hot reload can leave the previous model registered under the same URI.
    monaco.editor.getModel(uri)?.dispose()
    const model = monaco.editor.createModel('', 'yaml', uri)
    model.updateOptions({ tabSize: 2, insertSpaces: true })

    const editor = monaco.editor.create(host, {
      model,
      theme: 'vs',
      ariaLabel: 'Manifests YAML',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      detectIndentation: false,
      scrollBeyondLastLine: false,
      wordWrap: 'off',
      renderWhitespace: 'boundary',
      glyphMargin: true,
    })

    let timer: ReturnType<typeof setTimeout> | undefined
    let applyingExternal = false
    let lastCursorLine = 0

    const session: EditorSession = {
      editor,
      model,
      highlights: editor.createDecorationsCollection(),
      synced: null,
      replace(text) {
        clearTimeout(timer)
        timer = undefined
        applyingExternal = true
        try {
          if (session.synced === null) {
            // The first text is the starting point, not an edit the user could undo.
            model.setValue(text)
          } else {
            // A later replacement (URL load, example load) goes through the undo stack, so
            // Ctrl+Z brings back what was there before.
            editor.pushUndoStop()
            editor.executeEdits(
              'external-replace',
              [{ range: model.getFullModelRange(), text }],
              [new monaco.Selection(1, 1, 1, 1)],
            )
            editor.pushUndoStop()
            editor.setScrollPosition({ scrollTop: 0, scrollLeft: 0 })
          }
          // Highlighted lines belong to the old text; the host sends new ones after it reparses.
          session.highlights.clear()
        } finally {
          applyingExternal = false
        }
        session.synced = text
      },
    }
    sessionRef.current = session

    const report = () => {
      timer = undefined
      const text = model.getValue()
      session.synced = text
      emitChange(text)
    }

    const contentListener = model.onDidChangeContent(() => {
      if (applyingExternal) return
      clearTimeout(timer)
      timer = setTimeout(report, CHANGE_DEBOUNCE_MS)
    })

    // Typing on one line moves the cursor on every keystroke; only a new line is news. A click
    // is always reported, so clicking the same line again re-selects what it produced.
    const cursorListener = editor.onDidChangeCursorPosition((event) => {
      if (applyingExternal) return
      const line = event.position.lineNumber
      if (line === lastCursorLine && event.source !== 'mouse') return
      lastCursorLine = line
      emitCursorLine(line)
    })

    return () => {
      // Typing in the last 250 ms before unmount would otherwise be lost.
      if (timer !== undefined) {
        clearTimeout(timer)
        report()
      }
      contentListener.dispose()
      cursorListener.dispose()
      sessionRef.current = null
      editor.dispose()
      model.dispose()
    }
  }, [])

  useEffect(() => {
    const session = sessionRef.current
    if (!session || value === session.synced) return
    if (value === session.model.getValue()) {
      session.synced = value
      return
    }
    session.replace(value)
  }, [value])

  useEffect(() => {
    const session = sessionRef.current
    if (!session) return
    monaco.editor.setModelMarkers(
      session.model,
      MARKER_OWNER,
      markers.map((marker) => ({
        severity: SEVERITY[marker.severity],
        message: marker.message,
        startLineNumber: marker.startLineNumber,
        startColumn: marker.startColumn,
        endLineNumber: marker.endLineNumber,
        endColumn: marker.endColumn,
        ...(marker.code === undefined ? {} : { code: marker.code }),
        source: 'simulator',
      })),
    )
  }, [markers])

  useEffect(() => {
    const session = sessionRef.current
    if (!session) return
    // Highlights come from the last parse; lines past the end (text shortened since) are dropped.
    const lineCount = session.model.getLineCount()
    const ranges = highlights
      .filter((h) => h.startLineNumber >= 1 && h.startLineNumber <= lineCount)
      .map((h) => {
        const end = Math.min(Math.max(h.endLineNumber, h.startLineNumber), lineCount)
        return new monaco.Range(h.startLineNumber, 1, end, 1)
      })
    session.highlights.set(ranges.map((range) => ({ range, options: HIGHLIGHT_OPTIONS })))
    const first = ranges[0]
    if (first) {
      session.editor.revealLinesInCenterIfOutsideViewport(
        first.startLineNumber,
        first.endLineNumber,
        monaco.editor.ScrollType.Smooth,
      )
    }
  }, [highlights])

  return (
    <div className="yaml-editor">
      {/* nokey: React Flow's window keydown handler ignores events from inside .nokey. Without it,
          Space (its pan key) and Backspace (its delete key) never reach Monaco, whose input
          surface in Chromium is an EditContext div, not a textarea React Flow would skip. */}
      <div ref={hostRef} className="yaml-editor__host nokey" />
    </div>
  )
}
