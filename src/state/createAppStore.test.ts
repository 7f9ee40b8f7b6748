import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTraceError } from '../engine'
import { createAppStore, DEFAULT_STATE, HOPS_PER_SECOND } from './createAppStore'
import { histogramOf } from './traffic'

const yaml = readFileSync('scenarios/nginx-service.yaml', 'utf8')
const kubia = readFileSync('scenarios/kubia-single-port.yaml', 'utf8')
const fresh = (text = yaml) => createAppStore({ ...DEFAULT_STATE, yaml: text })
const endpointOf = (store: ReturnType<typeof fresh>) => {
  const outcome = store.getState().trace?.outcome
  return outcome?.kind === 'connected' ? outcome.endpoint : outcome?.message
}

describe('the store', () => {
  it('sends a request that reaches the Pod and starts playing from the first hop', () => {
    const store = fresh()
    expect(store.getState().trace).toBeNull()
    store.getState().sendRequest()
    const { trace, playing, position, sends } = store.getState()
    expect(trace?.outcome).toEqual({
      kind: 'connected',
      podRef: 'Pod/default/nginx',
      endpoint: '10.244.0.2:80',
    })
    expect([playing, position, sends.length]).toEqual([true, 0, 1])
  })

  it('plays on its clock and stops at the last hop', () => {
    const store = fresh()
    store.getState().sendRequest()
    store.getState().tick(1000)
    expect(store.getState().position).toBeCloseTo(HOPS_PER_SECOND)
    store.getState().tick(600_000)
    const { position, playing, trace } = store.getState()
    expect(position).toBe(trace!.hops.length - 1)
    expect(playing).toBe(false)
  })

  it('keeps the last good simulation on screen while the YAML has a syntax error', () => {
    const store = fresh()
    const good = store.getState().shown
    store.getState().setYaml(yaml.replace('name: nginx-service', 'name: [oops'))
    const state = store.getState()
    expect(state.simulation.hasSyntaxErrors).toBe(true)
    expect(state.simulation.diagnostics[0]?.range?.startLine).toBe(27)
    expect(state.shown).toBe(good)
    store.getState().setYaml(yaml.replace('port: 8081', 'port: 9000'))
    expect(
      store.getState().shown.cluster.services.find((s) => s.name === 'nginx-service')?.ports[0]
        ?.port,
    ).toBe(9000)
  })

  it('replays the same sends identically from the same state (share links rely on it)', () => {
    const a = fresh(kubia)
    a.getState().setCount(20)
    a.getState().sendRequest()
    const b = createAppStore({ ...DEFAULT_STATE, yaml: kubia, sends: a.getState().sends })
    expect(b.getState().runs).toEqual(a.getState().runs)
  })

  it('sends N requests and counts them per endpoint beside the 1/3 share of the rules', () => {
    const store = fresh(kubia)
    store.getState().setCount(300)
    store.getState().sendRequest()
    const { bars, expectedShare } = histogramOf(store.getState().runs[0]!)
    expect(bars).toHaveLength(3)
    expect(bars.reduce((sum, b) => sum + b.count, 0)).toBe(300)
    expect(expectedShare).toBeCloseTo(1 / 3)
    expect(bars.every((b) => b.share > 0.2 && b.share < 0.46)).toBe(true)
  })

  it('keep-alive pins every request of a send to one endpoint', () => {
    const store = fresh(kubia)
    store.getState().setCount(50)
    store.getState().setKeepAlive(true)
    store.getState().sendRequest()
    expect(histogramOf(store.getState().runs[0]!).bars).toHaveLength(1)
  })

  it('a deleted Pod is still in the rules during the sync delay: the request fails, then avoids it', () => {
    const store = fresh()
    store.getState().setSyncDelay(5)
    store.getState().deletePod('Pod/default/nginx')
    store.getState().sendRequest()
    expect(endpointOf(store)).toMatch(/^curl: \(7\) Failed to connect to .*/)
    store.getState().advanceClock(10)
    store.getState().sendRequest()
    // The Pod is gone for good (no controller owns it): after the delay the Service has no
    // endpoints and the filter table rejects.
    expect(store.getState().trace?.hops.some((h) => h.summary.includes('REJECT'))).toBe(true)
  })

  it('ClientIP affinity sticks until the timeout, then draws again', () => {
    const store = fresh(readFileSync('scenarios/kubia-client-ip.yaml', 'utf8'))
    store.getState().setCount(10)
    store.getState().sendRequest()
    const first = histogramOf(store.getState().runs[0]!).bars
    expect(first).toHaveLength(1)
    store.getState().advanceClock(10801)
    store.getState().setCount(30)
    store.getState().sendRequest()
    const traces = store.getState().runs[1]!.traces
    expect(traces.every((t) => !isTraceError(t))).toBe(true)
    // The first request after the timeout is a fresh draw; the rest stick to it.
    expect(new Set(histogramOf(store.getState().runs[1]!).bars.map((b) => b.endpoint)).size).toBe(1)
  })

  it('falls back to the first node when the chosen client Pod disappears', () => {
    const store = fresh()
    store.getState().setClient({ kind: 'pod', ref: 'Pod/default/nginx' })
    store.getState().sendRequest()
    expect(store.getState().trace?.hops[0]?.title).toBe('pod nginx connects')
    store.getState().setYaml(yaml.replace('name: nginx\n', 'name: other\n'))
    store.getState().sendRequest()
    expect(store.getState().trace?.hops[0]?.title).toBe('node node-1 connects')
  })
})
