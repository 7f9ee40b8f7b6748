/**
 * The one store. New YAML enters only through `setYaml`; the simulation and the trace are
 * derived results, replaced whole and never patched. Built on zustand/vanilla so tests drive it
 * without React.
 */
import { createStore } from 'zustand/vanilla'
import { isTraceError, simulate, traceRequest } from '../engine'
import type { ClientSpec, ProxyMode, RequestTrace, Simulation, SimulationSettings } from '../engine'
import { clampPosition, lastPosition, stepBack, stepForward } from '../viewModel/timeline'

/** Who sends: a Pod, a node, or a host outside the cluster (`{kind: 'ip'}`). */
export type Client = ClientSpec

/** Where to: a Service port (its cluster IP), or an address such as NodeIP:NodePort or an LB IP. */
export type Target =
  | { kind: 'service'; serviceRef: string; portIndex: number }
  | { kind: 'address'; ip: string; port: number; serviceRef: string; portIndex: number }

/** Everything a share link or a saved draft carries. */
export interface PlaygroundState {
  yaml: string
  proxyMode: ProxyMode
  seed: number
  client: Client | null
  target: Target | null
  /** How many requests were sent; the trace shown is of the last one. 0: none yet. */
  requests: number
  position: number
}

export interface AppState extends PlaygroundState {
  simulation: Simulation
  /** The last simulation without syntax errors: the canvas keeps showing it while one exists. */
  shown: Simulation
  trace: RequestTrace | null
  traceError: string | null
  playing: boolean
  /** Playback speed multiplier, 0.25 to 4. */
  speed: number
  notice: string | null
  /** The editor's cursor line, for reverse provenance; null when the editor has no focus yet. */
  cursorLine: number | null

  setYaml(yaml: string): void
  setCursorLine(line: number | null): void
  setProxyMode(mode: ProxyMode): void
  setClient(client: Client): void
  setTarget(target: Target): void
  sendRequest(): void
  play(): void
  pause(): void
  stepForward(): void
  stepBack(): void
  restart(): void
  seek(position: number): void
  /** Advance the playback clock by `ms` of wall time. */
  tick(ms: number): void
  setSpeed(speed: number): void
  restore(state: PlaygroundState, notice?: string | null): void
  setNotice(notice: string | null): void
}

/** Hops per second at 1× speed. */
export const HOPS_PER_SECOND = 1.2

export const DEFAULT_STATE: Omit<PlaygroundState, 'yaml'> = {
  proxyMode: 'iptables',
  seed: 1,
  client: null,
  target: null,
  requests: 0,
  position: 0,
}

function settingsFor(state: Pick<PlaygroundState, 'proxyMode' | 'seed'>): SimulationSettings {
  return { seed: state.seed, proxyMode: state.proxyMode }
}

/** The client and target actually used: the chosen ones if they still exist, else the first. */
export function effectiveRequest(
  simulation: Simulation,
  client: Client | null,
  target: Target | null,
): { client: Client; target: Target | null } {
  const { cluster } = simulation
  const clientExists =
    client !== null &&
    (client.kind === 'node'
      ? cluster.nodes.some((n) => n.name === client.name)
      : client.kind === 'pod'
        ? cluster.pods.some((p) => p.ref === client.ref)
        : client.node === '' || cluster.nodes.some((n) => n.name === client.node))
  const firstNode = cluster.nodes[0]?.name ?? 'node-1'
  // An address target stays valid while its Service port still offers that address.
  const targetExists =
    target !== null &&
    cluster.services.some((s) => s.ref === target.serviceRef && s.ports[target.portIndex]) &&
    (target.kind === 'service' ||
      targetAddresses(simulation).some(
        (a) => a.kind === 'address' && a.ip === target.ip && a.port === target.port,
      ))
  const firstService = cluster.services.find(
    (s) => !s.system && s.clusterIP !== 'None' && s.clusterIP !== '' && s.ports.length > 0,
  )
  return {
    client: clientExists ? client : { kind: 'node', name: firstNode },
    target: targetExists
      ? target
      : firstService
        ? { kind: 'service', serviceRef: firstService.ref, portIndex: 0 }
        : null,
  }
}

/**
 * Every address a request can be sent to for the YAML's Services: each port's cluster IP, and,
 * where the Service has them, every node's NodePort, the external IPs and the load balancer IPs.
 */
export function targetAddresses(simulation: Simulation): (Target & { label: string })[] {
  const { cluster } = simulation
  return cluster.services.flatMap((s) => {
    if (s.system || s.clusterIP === '' || s.clusterIP === 'None') return []
    return s.ports.flatMap((p, portIndex) => {
      const name = `${s.namespace}/${s.name}${p.name ? `:${p.name}` : ''}`
      const at = (ip: string, port: number, what: string) => ({
        kind: 'address' as const,
        ip,
        port,
        serviceRef: s.ref,
        portIndex,
        label: `${name} → ${ip}:${port} (${what})`,
      })
      return [
        {
          kind: 'service' as const,
          serviceRef: s.ref,
          portIndex,
          label: `${name} → ${s.clusterIP}:${p.port}`,
        },
        ...(p.nodePort
          ? cluster.nodes.map((n) => at(n.internalIP, p.nodePort, `NodePort on ${n.name}`))
          : []),
        ...s.externalIPs.map((ip) => at(ip, p.port, 'external IP')),
        ...s.loadBalancerIngress.map((ip) => at(ip, p.port, 'load balancer')),
      ]
    })
  })
}

function runTrace(
  simulation: Simulation,
  state: Pick<PlaygroundState, 'client' | 'target' | 'requests' | 'seed'>,
): { trace: RequestTrace | null; traceError: string | null } {
  if (state.requests === 0) return { trace: null, traceError: null }
  const request = effectiveRequest(simulation, state.client, state.target)
  if (!request.target)
    return { trace: null, traceError: 'There is no Service to send a request to.' }
  const target = request.target
  const result = traceRequest(
    simulation,
    {
      client: request.client,
      target:
        target.kind === 'service' ? target : { kind: 'address', ip: target.ip, port: target.port },
    },
    state.seed * 7919 + state.requests,
  )
  return isTraceError(result)
    ? { trace: null, traceError: result.message }
    : { trace: result, traceError: null }
}

export function createAppStore(initial: PlaygroundState) {
  const first = simulate(initial.yaml, settingsFor(initial))
  const firstTrace = runTrace(first, initial)
  return createStore<AppState>()((set, get) => {
    /** Re-run the pipeline for new input and keep the playback position valid. */
    const recompute = (patch: Partial<PlaygroundState>) => {
      const next = { ...get(), ...patch }
      const simulation = simulate(next.yaml, settingsFor(next))
      const shown = simulation.hasSyntaxErrors ? get().shown : simulation
      const traced = runTrace(shown, next)
      set({
        ...patch,
        simulation,
        shown,
        ...traced,
        position: clampPosition(next.position, traced.trace?.hops ?? []),
      })
    }

    return {
      ...initial,
      simulation: first,
      shown: first,
      ...firstTrace,
      position: clampPosition(initial.position, firstTrace.trace?.hops ?? []),
      playing: false,
      speed: 1,
      notice: null,
      cursorLine: null,

      setYaml: (yaml) => {
        if (yaml !== get().yaml) recompute({ yaml })
      },
      setProxyMode: (proxyMode) => recompute({ proxyMode }),
      setClient: (client) => recompute({ client }),
      setTarget: (target) => recompute({ target }),
      sendRequest: () => {
        const state = get()
        const traced = runTrace(state.shown, { ...state, requests: state.requests + 1 })
        set({
          requests: state.requests + 1,
          ...traced,
          position: 0,
          playing: traced.trace !== null,
        })
      },
      play: () => {
        const { trace, position } = get()
        if (!trace) return
        const atEnd = position >= lastPosition(trace.hops)
        set({ playing: true, position: atEnd ? 0 : position })
      },
      pause: () => set({ playing: false }),
      stepForward: () => {
        const { trace, position } = get()
        set({ playing: false, position: stepForward(position, trace?.hops ?? []) })
      },
      stepBack: () => {
        const { trace, position } = get()
        set({ playing: false, position: stepBack(position, trace?.hops ?? []) })
      },
      restart: () => set({ position: 0, playing: get().trace !== null }),
      seek: (position) => set({ position: clampPosition(position, get().trace?.hops ?? []) }),
      tick: (ms) => {
        const { trace, position, speed, playing } = get()
        if (!playing || !trace) return
        const next = position + (ms / 1000) * HOPS_PER_SECOND * speed
        const end = lastPosition(trace.hops)
        set(next >= end ? { position: end, playing: false } : { position: next })
      },
      setSpeed: (speed) => set({ speed: Math.min(4, Math.max(0.25, speed)) }),
      restore: (state, notice = null) => {
        recompute(state)
        set({ notice, playing: false })
      },
      setNotice: (notice) => set({ notice }),
      setCursorLine: (cursorLine) => set({ cursorLine }),
    }
  })
}

export type AppStore = ReturnType<typeof createAppStore>
