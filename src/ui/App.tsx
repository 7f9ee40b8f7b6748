/**
 * Three panes under a toolbar: the manifests, the topology, the inspector; playback below.
 */
import { ReactFlowProvider } from '@xyflow/react'
import { useAppStore, useAppStoreApi } from '../state/useAppStore'
import { EditorPanel } from './editor/EditorPanel'
import { TopologyCanvas } from './graph/TopologyCanvas'
import { Inspector } from './inspector/Inspector'
import { PlaybackBar } from './playback/PlaybackBar'
import { Toolbar } from './toolbar/Toolbar'
import { TrafficBar } from './levers/TrafficBar'
import './app.css'

export function App() {
  const store = useAppStoreApi()
  const notice = useAppStore((s) => s.notice)
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <TrafficBar />
        {notice && (
          <div className="notice" role="status">
            <span>{notice}</span>
            <button
              type="button"
              onClick={() => store.getState().setNotice(null)}
              aria-label="Dismiss notice"
            >
              ×
            </button>
          </div>
        )}
        <main className="workspace">
          <EditorPanel />
          <div className="centre">
            <TopologyCanvas />
            <PlaybackBar />
          </div>
          <Inspector />
        </main>
      </div>
    </ReactFlowProvider>
  )
}
