/**
 * The React binding of the store: the only file outside src/state/createAppStore.ts that
 * touches zustand. Components call `useAppStore(selector)`.
 */
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { AppState, AppStore } from './createAppStore'

export const AppStoreContext = createContext<AppStore | null>(null)

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext)
  if (!store) throw new Error('useAppStore needs an <AppStoreContext.Provider>')
  return useStore(store, selector)
}

export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext)
  if (!store) throw new Error('useAppStoreApi needs an <AppStoreContext.Provider>')
  return store
}
