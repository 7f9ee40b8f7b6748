/**
 * The traffic levers under the toolbar: keep-alive, how many requests a press sends, the target
 * Service's session affinity (which edits the YAML), kube-proxy's sync delay, and the clock.
 */
import { useId, useMemo } from 'react'
import { setSessionAffinity } from '../../engine'
import { effectiveRequest, MAX_REQUESTS_PER_SEND } from '../../state/createAppStore'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'

const CLOCK_STEPS = [
  { seconds: 1, label: '+1 s' },
  { seconds: 10, label: '+10 s' },
  { seconds: 3600, label: '+1 h' },
  { seconds: 10801, label: '+3 h' },
]

export function formatClock(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return `${h > 0 ? `${h} h ` : ''}${m > 0 ? `${m} min ` : ''}${s > 0 ? `${s} s` : ''}`.trim()
}

export function TrafficBar() {
  const store = useAppStoreApi()
  const id = useId()
  const keepAlive = useAppStore((s) => s.keepAlive)
  const count = useAppStore((s) => s.count)
  const syncDelay = useAppStore((s) => s.syncDelay)
  const clock = useAppStore((s) => s.clock)
  const shown = useAppStore((s) => s.world)
  const client = useAppStore((s) => s.client)
  const target = useAppStore((s) => s.target)
  const yaml = useAppStore((s) => s.yaml)
  const request = useMemo(() => effectiveRequest(shown, client, target), [shown, client, target])
  const service = shown.cluster.services.find((s) => s.ref === request.target?.serviceRef)

  const changeAffinity = (affinity: 'None' | 'ClientIP', timeout?: number) => {
    if (!service) return
    const result = setSessionAffinity(yaml, service.ref, affinity, timeout)
    if (result.ok) store.getState().setYaml(result.yaml)
    else
      store
        .getState()
        .setNotice(`Could not change the Service's session affinity: ${result.reason}`)
  }

  return (
    <div className="levers" role="group" aria-label="Traffic">
      <label className="field">
        <input
          type="checkbox"
          aria-label="Keep-alive"
          checked={keepAlive}
          onChange={(e) => store.getState().setKeepAlive(e.target.checked)}
        />
        <span>Keep-alive</span>
      </label>
      <label className="field" htmlFor={`${id}-count`}>
        <span>Requests</span>
      </label>
      <input
        id={`${id}-count`}
        className="levers__number"
        type="number"
        aria-label="Send N requests"
        min={1}
        max={MAX_REQUESTS_PER_SEND}
        value={count}
        onChange={(e) => store.getState().setCount(Number(e.target.value))}
      />
      <label className="field">
        <span>Session affinity</span>
        <select
          aria-label="Session affinity"
          value={service?.sessionAffinity ?? 'None'}
          disabled={!service}
          onChange={(e) => changeAffinity(e.target.value === 'ClientIP' ? 'ClientIP' : 'None')}
        >
          <option value="None">None</option>
          <option value="ClientIP">ClientIP</option>
        </select>
      </label>
      {service?.sessionAffinity === 'ClientIP' && (
        <label className="field">
          <span>timeout</span>
          <input
            className="levers__number"
            type="number"
            aria-label="Affinity timeout (seconds)"
            min={1}
            max={86400}
            value={service.affinityTimeoutSeconds}
            onChange={(e) => {
              const seconds = Number(e.target.value)
              if (Number.isInteger(seconds) && seconds > 0) changeAffinity('ClientIP', seconds)
            }}
          />
        </label>
      )}
      <label className="field">
        <span>Sync delay</span>
        <input
          className="levers__number"
          type="number"
          aria-label="Sync delay"
          min={0}
          step={1}
          value={syncDelay}
          onChange={(e) => store.getState().setSyncDelay(Number(e.target.value))}
        />
        <span>s</span>
      </label>
      <span className="levers__clock" aria-live="polite" data-testid="clock">
        t = {formatClock(clock)}
      </span>
      <span className="levers__steps" role="group" aria-label="Advance clock">
        {CLOCK_STEPS.map((step) => (
          <button
            key={step.seconds}
            type="button"
            aria-label={`Advance clock by ${formatClock(step.seconds)}`}
            onClick={() => store.getState().advanceClock(step.seconds)}
          >
            {step.label}
          </button>
        ))}
      </span>
    </div>
  )
}
