/**
 * Play, pause, step and scrub through the current request's hops. Space plays or pauses and the
 * arrow keys step, whenever focus is not in the editor or a form control.
 */
import { useEffect, useSyncExternalStore } from 'react'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'
import { currentHopIndex } from '../../state/selectors'
import { PauseIcon, PlayIcon, RestartIcon, StepBackIcon, StepForwardIcon } from './icons'
import { usePlaybackClock } from './usePlaybackClock'

const SPEEDS = [0.25, 0.5, 1, 2, 4]

function subscribeReducedMotion(onChange: () => void) {
  const query = window.matchMedia('(prefers-reduced-motion: reduce)')
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
const reducedMotionNow = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.closest('.monaco-editor, .nokey, input, select, textarea, [contenteditable]') !== null
  )
}

export function PlaybackBar() {
  const store = useAppStoreApi()
  const trace = useAppStore((s) => s.trace)
  const playing = useAppStore((s) => s.playing)
  const position = useAppStore((s) => s.position)
  const speed = useAppStore((s) => s.speed)
  const reducedMotion = useSyncExternalStore(subscribeReducedMotion, reducedMotionNow)
  usePlaybackClock(reducedMotion)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return
      const state = store.getState()
      if (event.key === ' ') {
        if (event.target instanceof HTMLButtonElement) return
        event.preventDefault()
        if (state.playing) state.pause()
        else state.play()
      } else if (event.key === 'ArrowRight') {
        event.preventDefault()
        state.stepForward()
      } else if (event.key === 'ArrowLeft') {
        event.preventDefault()
        state.stepBack()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const hops = trace?.hops ?? []
  const last = Math.max(0, hops.length - 1)
  const current = currentHopIndex(trace, position)
  const hop = current === null ? undefined : hops[current]
  const disabled = hops.length === 0
  const state = store.getState

  return (
    <div className="playback" role="group" aria-label="Playback">
      <button
        type="button"
        onClick={() => state().restart()}
        disabled={disabled}
        aria-label="Restart"
      >
        <RestartIcon />
      </button>
      <button
        type="button"
        onClick={() => state().stepBack()}
        disabled={disabled || position <= 0}
        aria-label="Step back"
      >
        <StepBackIcon />
      </button>
      {playing ? (
        <button
          type="button"
          onClick={() => state().pause()}
          aria-label="Pause"
          className="primary"
        >
          <PauseIcon />
        </button>
      ) : (
        <button
          type="button"
          onClick={() => state().play()}
          disabled={disabled || reducedMotion}
          aria-label="Play"
          className="primary"
        >
          <PlayIcon />
        </button>
      )}
      <button
        type="button"
        onClick={() => state().stepForward()}
        disabled={disabled || position >= last}
        aria-label="Step forward"
      >
        <StepForwardIcon />
      </button>
      <input
        type="range"
        aria-label="Timeline"
        min={0}
        max={last}
        step={0.01}
        value={position}
        disabled={disabled}
        onChange={(e) => {
          state().pause()
          state().seek(Number(e.target.value))
        }}
        aria-valuetext={
          hop ? `hop ${(current ?? 0) + 1} of ${hops.length}: ${hop.title}` : 'no request'
        }
      />
      <label className="playback__speed">
        Speed
        <select
          aria-label="Speed"
          value={speed}
          onChange={(e) => state().setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="playback__status" aria-live="polite" data-testid="hop-announcer">
        {hop ? `Hop ${(current ?? 0) + 1} of ${hops.length}: ${hop.summary}` : ''}
      </span>
    </div>
  )
}
