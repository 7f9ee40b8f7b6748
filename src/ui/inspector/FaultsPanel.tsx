/**
 * Faults on the timeline: delete a Pod, make it unready or ready again, scale a workload. Each
 * becomes an event at the current simulated time; the controllers react at once and kube-proxy
 * after the sync delay. The events are listed in time order and can be removed.
 */
import { useId, useState } from 'react'
import type { FaultEvent, Simulation } from '../../engine'
import { formatClock } from '../levers/TrafficBar'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet']

function describe(event: FaultEvent): string {
  const name = (ref: string) => ref.split('/').slice(1).join('/')
  switch (event.kind) {
    case 'delete-pod':
      return `delete Pod ${name(event.pod)}`
    case 'set-ready':
      return `mark Pod ${name(event.pod)} ${event.ready ? 'ready' : 'not ready'}`
    case 'scale':
      return `scale ${event.workload.split('/')[0] ?? ''} ${name(event.workload)} to ${event.replicas}`
  }
}

export function FaultsPanel() {
  const store = useAppStoreApi()
  const id = useId()
  const world = useAppStore((s) => s.world)
  const shown = useAppStore((s) => s.shown)
  const events = useAppStore((s) => s.events)
  const clock = useAppStore((s) => s.clock)
  const syncDelay = useAppStore((s) => s.syncDelay)
  const pods = world.cluster.pods
  const workloads = workloadsOf(shown)
  const [podPick, setPodPick] = useState<string | null>(null)
  const [workloadPick, setWorkloadPick] = useState<string | null>(null)
  const [replicas, setReplicas] = useState(1)
  const pod = pods.find((p) => p.ref === podPick) ?? pods[0]
  const workload = workloads.find((w) => w.ref === workloadPick) ?? workloads[0]

  return (
    <section className="inspector__section faults" aria-label="Faults">
      <p className="muted">
        Faults happen at t = {formatClock(clock)}. Controllers react at once; kube-proxy changes its
        rules {syncDelay > 0 ? `${syncDelay} s later (the sync delay)` : 'at once (sync delay 0)'}.
      </p>
      <div className="faults__row">
        <label htmlFor={`${id}-pod`}>Pod</label>
        <select
          id={`${id}-pod`}
          value={pod?.ref ?? ''}
          disabled={pods.length === 0}
          onChange={(e) => setPodPick(e.target.value)}
        >
          {pods.map((p) => (
            <option key={p.ref} value={p.ref}>
              {p.namespace}/{p.name} ({p.podIP || 'no IP'}
              {p.ready ? '' : ', not ready'})
            </option>
          ))}
        </select>
      </div>
      <div className="faults__row">
        <button
          type="button"
          disabled={!pod}
          onClick={() => pod && store.getState().deletePod(pod.ref)}
        >
          Delete pod
        </button>
        {pod?.ready === false ? (
          <button type="button" onClick={() => store.getState().setPodReady(pod.ref, true)}>
            Mark ready
          </button>
        ) : (
          <button
            type="button"
            disabled={!pod}
            onClick={() => pod && store.getState().setPodReady(pod.ref, false)}
          >
            Mark not ready
          </button>
        )}
      </div>
      {workloads.length > 0 && (
        <div className="faults__row">
          <label htmlFor={`${id}-workload`}>Workload</label>
          <select
            id={`${id}-workload`}
            value={workload?.ref ?? ''}
            onChange={(e) => setWorkloadPick(e.target.value)}
          >
            {workloads.map((w) => (
              <option key={w.ref} value={w.ref}>
                {w.ref.split('/')[0]} {w.name}
              </option>
            ))}
          </select>
          <input
            className="levers__number"
            type="number"
            aria-label="Replicas"
            min={0}
            max={100}
            value={replicas}
            onChange={(e) => setReplicas(Math.max(0, Math.min(100, Number(e.target.value) || 0)))}
          />
          <button
            type="button"
            disabled={!workload}
            onClick={() => workload && store.getState().scaleWorkload(workload.ref, replicas)}
          >
            Scale
          </button>
        </div>
      )}
      <h2>Events</h2>
      {events.length === 0 ? (
        <p className="muted">No fault yet.</p>
      ) : (
        <ol className="events" aria-label="Events">
          {events.map((event, i) => (
            <li key={i}>
              <span className="mono">t = {formatClock(event.at)}</span> {describe(event)}
              <button
                type="button"
                className="events__remove"
                aria-label={`Remove event: ${describe(event)}`}
                onClick={() => store.getState().removeEvent(i)}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" onClick={() => store.getState().resetTimeline()}>
        Reset timeline
      </button>
    </section>
  )
}

function workloadsOf(simulation: Simulation): { ref: string; name: string }[] {
  return simulation.manifests
    .filter((m) => WORKLOAD_KINDS.includes(m.kind))
    .map((m) => ({ ref: m.ref, name: m.name }))
}
