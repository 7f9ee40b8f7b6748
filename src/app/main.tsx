/**
 * The composition root: choose the first state (share link → saved draft → the seed's first
 * example), create the store, wire the side effects, render.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import exampleYaml from '../../scenarios/nginx-service.yaml?raw'
import { readDraft, writeDraft } from '../persistence/localDraft'
import { readShareHash } from '../persistence/urlHash'
import { createAppStore, DEFAULT_STATE } from '../state/createAppStore'
import type { PlaygroundState } from '../state/createAppStore'
import { AppStoreContext } from '../state/useAppStore'
import { App } from '../ui/App'

function initialState(): { state: PlaygroundState; notice: string | null } {
  const shared = readShareHash()
  if (shared?.ok) return { state: shared.state, notice: null }
  const state = { ...DEFAULT_STATE, yaml: readDraft() ?? exampleYaml }
  // A bad link opens the saved draft (or the example) and says why; the draft is untouched.
  return { state, notice: shared && !shared.ok ? shared.reason : null }
}

const { state, notice } = initialState()
const store = createAppStore(state)
if (notice) store.getState().setNotice(notice)

// Autosave the draft when the person edits the YAML. Opening a link does not go through
// setYaml, so it never overwrites the saved draft by itself.
let saveTimer: number | undefined
store.subscribe((next, previous) => {
  if (next.yaml === previous.yaml) return
  window.clearTimeout(saveTimer)
  saveTimer = window.setTimeout(() => writeDraft(next.yaml), 500)
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>
  </StrictMode>,
)
