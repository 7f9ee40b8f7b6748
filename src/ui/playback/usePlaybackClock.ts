/**
 * The app's one animation loop. While playing, each frame advances the store's position by the
 * wall time since the last frame; the position alone decides what the canvas shows.
 * With prefers-reduced-motion nothing moves on its own: stepping still works.
 */
import { useEffect } from 'react'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'

export function usePlaybackClock(reducedMotion: boolean) {
  const store = useAppStoreApi()
  const playing = useAppStore((s) => s.playing)

  useEffect(() => {
    if (!playing) return
    if (reducedMotion) {
      store.getState().pause()
      return
    }
    let last: number | null = null
    let frame = requestAnimationFrame(function loop(now) {
      if (last !== null) store.getState().tick(Math.min(now - last, 100))
      last = now
      frame = requestAnimationFrame(loop)
    })
    return () => cancelAnimationFrame(frame)
  }, [playing, reducedMotion, store])
}
