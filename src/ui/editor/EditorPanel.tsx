/**
 * The "Manifests" region: the lazily loaded Monaco editor, fed from the store. The canvas paints
 * before Monaco's 4 MiB arrive.
 */
import { lazy, Suspense, useMemo } from 'react'
import { EXAMPLES } from '../../../scenarios'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'
import { currentHopIndex, highlightedLines, markersOf } from '../../state/selectors'

const YamlEditor = lazy(() => import('./YamlEditor'))

export function EditorPanel() {
  const store = useAppStoreApi()
  const yaml = useAppStore((s) => s.yaml)
  const simulation = useAppStore((s) => s.simulation)
  const shown = useAppStore((s) => s.shown)
  const trace = useAppStore((s) => s.trace)
  const hopIndex = useAppStore((s) => currentHopIndex(s.trace, s.position))
  const markers = useMemo(() => markersOf(simulation), [simulation])
  const highlights = useMemo(
    () => highlightedLines(shown.manifests, hopIndex === null ? undefined : trace?.hops[hopIndex]),
    [shown, trace, hopIndex],
  )
  const syntaxError = simulation.diagnostics.find((d) => d.code === 'yaml-syntax')

  return (
    <section
      className="editor-panel"
      aria-label="Manifests"
      role="region"
      data-yaml-length={yaml.length}
    >
      <div className="panel-heading">
        <h2>Manifests</h2>
        <select
          aria-label="Examples"
          className="panel-heading__examples"
          value=""
          onChange={(e) => {
            const example = EXAMPLES.find((x) => x.id === e.target.value)
            if (example) store.getState().loadExample(example.yaml, example.setup)
          }}
        >
          <option value="">Examples…</option>
          {EXAMPLES.map((example) => (
            <option key={example.id} value={example.id}>
              {example.title}
            </option>
          ))}
        </select>
      </div>
      {syntaxError && (
        <p className="banner banner--error" role="status">
          Syntax error on line {syntaxError.range?.startLine}: the canvas shows the last valid
          manifests.
        </p>
      )}
      <div className="editor-panel__body">
        <Suspense fallback={<p className="muted editor-panel__loading">Loading the editor…</p>}>
          <YamlEditor
            value={yaml}
            onChange={(text) => store.getState().setYaml(text)}
            markers={markers}
            highlights={highlights}
            onCursorLine={(line) => store.getState().setCursorLine(line)}
          />
        </Suspense>
      </div>
    </section>
  )
}
