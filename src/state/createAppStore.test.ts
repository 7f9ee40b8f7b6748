import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAppStore, DEFAULT_STATE, HOPS_PER_SECOND } from './createAppStore'

const yaml = readFileSync('scenarios/nginx-service.yaml', 'utf8')
const fresh = () => createAppStore({ ...DEFAULT_STATE, yaml })

describe('the store', () => {
  it('sends a request that reaches the Pod and starts playing from the first hop', () => {
    const store = fresh()
    expect(store.getState().trace).toBeNull()
    store.getState().sendRequest()
    const { trace, playing, position, requests } = store.getState()
    expect(trace?.outcome).toEqual({
      kind: 'connected',
      podRef: 'Pod/default/nginx',
      endpoint: '10.244.0.2:80',
    })
    expect([playing, position, requests]).toEqual([true, 0, 1])
  })

  it('plays on its clock and stops at the last hop', () => {
    const store = fresh()
    store.getState().sendRequest()
    store.getState().tick(1000)
    expect(store.getState().position).toBeCloseTo(HOPS_PER_SECOND)
    store.getState().tick(60_000)
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

  it('replays the same request identically from the same state (share links rely on it)', () => {
    const a = fresh()
    a.getState().sendRequest()
    const b = createAppStore({ ...DEFAULT_STATE, yaml, requests: 1 })
    expect(b.getState().trace).toEqual(a.getState().trace)
  })

  it('falls back to the first node when the chosen client Pod disappears', () => {
    const store = fresh()
    store.getState().setClient({ kind: 'pod', ref: 'Pod/default/nginx' })
    store.getState().sendRequest()
    expect(store.getState().trace?.hops[0]?.title).toBe('pod nginx connects')
    store.getState().setYaml(yaml.replace('name: nginx\n', 'name: other\n'))
    expect(store.getState().trace?.hops[0]?.title).toBe('node node-1 connects')
  })
})
