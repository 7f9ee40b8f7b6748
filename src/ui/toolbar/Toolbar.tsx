/**
 * The toolbar: the proxy mode, who sends the request and where to, and the two big actions.
 */
import { useMemo, useState } from 'react'
import { SCHEDULER_NAMES } from '../../engine'
import {
  clientKey,
  clientOptions,
  parseClientKey,
  parseTargetKey,
  targetKey,
  targetOptions,
} from '../../state/selectors'
import { effectiveRequest } from '../../state/createAppStore'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'
import { copyToClipboard, writeShareHash } from '../../persistence/urlHash'

export function Toolbar() {
  const store = useAppStoreApi()
  const shown = useAppStore((s) => s.world)
  const client = useAppStore((s) => s.client)
  const target = useAppStore((s) => s.target)
  const proxyMode = useAppStore((s) => s.proxyMode)
  const scheduler = useAppStore((s) => s.scheduler)
  const clients = useMemo(() => clientOptions(shown), [shown])
  const targets = useMemo(() => targetOptions(shown), [shown])
  const request = useMemo(() => effectiveRequest(shown, client, target), [shown, client, target])
  const clientValue = clientKey(request.client)
  const targetValue = request.target ? targetKey(request.target) : ''

  const count = useAppStore((s) => s.count)
  const [sending, setSending] = useState(false)
  // A large send takes about a second: let the page say so before the work starts.
  const send = () => {
    if (count < 1000) {
      store.getState().sendRequest()
      return
    }
    setSending(true)
    window.setTimeout(() => {
      store.getState().sendRequest()
      setSending(false)
    }, 30)
  }

  const share = async () => {
    const state = store.getState()
    const link = writeShareHash({
      yaml: state.yaml,
      proxyMode: state.proxyMode,
      scheduler: state.scheduler,
      seed: state.seed,
      client: state.client,
      target: state.target,
      keepAlive: state.keepAlive,
      count: state.count,
      syncDelay: state.syncDelay,
      clock: state.clock,
      sends: state.sends,
      events: state.events,
      selected: state.selected,
      position: state.position,
    })
    const copied = await copyToClipboard(link)
    store
      .getState()
      .setNotice(
        copied
          ? 'Link copied: it opens this exact state.'
          : 'Link is in the address bar (copying was not allowed).',
      )
  }

  return (
    <header className="toolbar">
      <h1 className="toolbar__title">Kubernetes Service Playground</h1>
      <label className="field">
        <span>Proxy mode</span>
        <select
          aria-label="Proxy mode"
          value={proxyMode}
          onChange={(e) => {
            const mode = e.target.value
            if (mode === 'iptables' || mode === 'ipvs' || mode === 'userspace') {
              store.getState().setProxyMode(mode)
            }
          }}
        >
          <option value="iptables">iptables</option>
          <option value="ipvs">ipvs</option>
          <option value="userspace">userspace (legacy, &lt; v1.26)</option>
          <option value="nftables" disabled>
            nftables (coming)
          </option>
        </select>
      </label>
      {proxyMode === 'ipvs' && (
        <label className="field">
          <span>Scheduler</span>
          <select
            aria-label="Scheduler"
            value={scheduler || shown.cluster.settings.ipvsScheduler || 'rr'}
            onChange={(e) => store.getState().setScheduler(e.target.value)}
          >
            {SCHEDULER_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Client</span>
        <select
          aria-label="Client"
          value={clientValue}
          onChange={(e) => {
            const picked = parseClientKey(e.target.value)
            if (picked) store.getState().setClient(picked)
          }}
        >
          {clients.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Target</span>
        <select
          aria-label="Target"
          value={targetValue}
          disabled={targets.length === 0}
          onChange={(e) => {
            const picked = parseTargetKey(e.target.value)
            if (picked) store.getState().setTarget(picked)
          }}
        >
          {targets.length === 0 && <option value="">no Service with a cluster IP</option>}
          {targets.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <div className="toolbar__actions">
        <button
          type="button"
          className="primary"
          onClick={send}
          disabled={targets.length === 0 || sending}
          aria-busy={sending}
        >
          Send request
        </button>
        <span className="toolbar__status" role="status">
          {sending ? `Sending ${count.toLocaleString('en')} requests…` : ''}
        </span>
        <button type="button" onClick={() => void share()}>
          Share
        </button>
      </div>
    </header>
  )
}
