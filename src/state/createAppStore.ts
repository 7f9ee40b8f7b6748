/**
 * The one store. New YAML enters only through `setYaml`; the simulation and the trace are
 * derived results, replaced whole and never patched. Built on zustand/vanilla so tests drive it
 * without React.
 */
import { createStore } from 'zustand/vanilla'
import { isTraceError, proxyStateAt, simulate } from '../engine'
import type {
  ClientSpec,
  FaultEvent,
  ProxyMode,
  RequestTrace,
  Simulation,
  SimulationSettings,
} from '../engine'
import { clampPosition, lastPosition, stepBack, stepForward } from '../viewModel/timeline'
import { computeRuns } from './traffic'
import type { Run, Send } from './traffic'

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
  /** IPVS scheduler chosen in the toolbar; '' keeps the KubeProxyConfiguration's (else rr). */
  scheduler: string
  seed: number
  client: Client | null
  target: Target | null
  /** "Keep-alive": the requests of one send share one connection. */
  keepAlive: boolean
  /** "Send N requests": how many requests one press sends (1 to 10,000). */
  count: number
  /** "Sync delay": seconds between a change in the API and kube-proxy's rules catching up. */
  syncDelay: number
  /** Simulated seconds: sends and faults happen at this time. */
  clock: number
  /** Every send so far, in order; they run on one session. */
  sends: Send[]
  /** Faults on the timeline (Delete pod, Mark not ready / ready, scale). */
  events: FaultEvent[]
  /** Which request of the last send is shown (0-based); -1 is the last one. */
  selected: number
  position: number
}

export interface AppState extends PlaygroundState {
  simulation: Simulation
  /** The last simulation without syntax errors: the canvas keeps showing it while one exists. */
  shown: Simulation
  /** Every send with the traces it produced. */
  runs: Run[]
  /** IPVS connection counters per node after the sends (node → ipvsCounterKey → counts). */
  ipvsCounters: ReadonlyMap<string, ReadonlyMap<string, { active: number; inactive: number }>>
  /** The world at the shown request's time: the API's cluster, kube-proxy's rules. */
  world: Simulation
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
  setScheduler(scheduler: string): void
  setClient(client: Client): void
  setTarget(target: Target): void
  setKeepAlive(keepAlive: boolean): void
  setCount(count: number): void
  setSyncDelay(seconds: number): void
  /** Move simulated time forward (to see an affinity expire, or kube-proxy catch up). */
  advanceClock(seconds: number): void
  sendRequest(): void
  selectRequest(index: number): void
  deletePod(pod: string): void
  setPodReady(pod: string, ready: boolean): void
  scaleWorkload(workload: string, replicas: number): void
  removeEvent(index: number): void
  /** Forget every send and fault and set the clock back to 0. */
  resetTimeline(): void
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
  /** Load an example: its YAML, and the faults and requests that make its point at once. */
  loadExample(yaml: string, setup?: ExampleSetup): void
  setNotice(notice: string | null): void
}

export interface ExampleSetup {
  syncDelay?: number
  /** Delete the Pod at this index (creation order) at t = 0. */
  deletePodIndex?: number
  /** Send this many requests at t = 0 from the first node to the first Service. */
  count?: number
}

/** Hops per second at 1× speed. */
export const HOPS_PER_SECOND = 1.2

export const DEFAULT_STATE: Omit<PlaygroundState, 'yaml'> = {
  proxyMode: 'iptables',
  scheduler: '',
  seed: 1,
  client: null,
  target: null,
  keepAlive: false,
  count: 1,
  syncDelay: 0,
  clock: 0,
  sends: [],
  events: [],
  selected: -1,
  position: 0,
}

export const MAX_REQUESTS_PER_SEND = 10_000

function settingsFor(
  state: Pick<PlaygroundState, 'proxyMode' | 'seed' | 'scheduler'>,
): SimulationSettings {
  return {
    seed: state.seed,
    proxyMode: state.proxyMode,
    ...(state.scheduler !== '' ? { scheduler: state.scheduler } : {}),
  }
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

/** The canvas shows the present: the API's cluster and kube-proxy's rules at the clock. */
function worldAt(
  shown: Simulation,
  state: Pick<PlaygroundState, 'events' | 'syncDelay' | 'clock'>,
): Simulation {
  return proxyStateAt(
    { base: shown, events: state.events, syncDelaySeconds: state.syncDelay },
    state.clock,
  )
}

/** The shown request of the last send, and the world now. */
function derive(
  shown: Simulation,
  state: Pick<PlaygroundState, 'sends' | 'events' | 'syncDelay' | 'seed' | 'selected' | 'clock'>,
): Pick<AppState, 'runs' | 'ipvsCounters' | 'world' | 'trace' | 'traceError'> {
  const { runs, ipvsCounters } = computeRuns(
    shown,
    state.sends,
    state.events,
    state.syncDelay,
    state.seed,
    state.clock,
  )
  const last = runs[runs.length - 1]
  const traces = last?.traces ?? []
  const index =
    state.selected < 0 || state.selected >= traces.length ? traces.length - 1 : state.selected
  const picked = traces[index]
  const world = worldAt(shown, state)
  if (!picked) return { runs, ipvsCounters, world, trace: null, traceError: null }
  return isTraceError(picked)
    ? { runs, ipvsCounters, world, trace: null, traceError: picked.message }
    : { runs, ipvsCounters, world, trace: picked, traceError: null }
}

export function createAppStore(initial: PlaygroundState) {
  const first = simulate(initial.yaml, settingsFor(initial))
  const firstDerived = derive(first, initial)
  return createStore<AppState>()((set, get) => {
    /** Re-run the pipeline for new input and keep the playback position valid. */
    const recompute = (patch: Partial<PlaygroundState>) => {
      const next = { ...get(), ...patch }
      const simulation = simulate(next.yaml, settingsFor(next))
      const shown = simulation.hasSyntaxErrors ? get().shown : simulation
      const derived = derive(shown, next)
      set({
        ...patch,
        simulation,
        shown,
        ...derived,
        position: clampPosition(next.position, derived.trace?.hops ?? []),
      })
    }

    /** A change to the traffic or the timeline: the YAML is unchanged, only the runs re-derive. */
    const retime = (patch: Partial<PlaygroundState>, play = false) => {
      const next = { ...get(), ...patch }
      const derived = derive(next.shown, next)
      set({ ...patch, ...derived, position: 0, playing: play && derived.trace !== null })
    }

    /** A fault at the current time; the effective request stays as it is. */
    const addEvent = (event: FaultEvent) => {
      const { events, clock } = get()
      retime({ events: [...events, { ...event, at: clock }] })
    }

    return {
      ...initial,
      simulation: first,
      shown: first,
      ...firstDerived,
      position: clampPosition(initial.position, firstDerived.trace?.hops ?? []),
      playing: false,
      speed: 1,
      notice: null,
      cursorLine: null,

      setYaml: (yaml) => {
        if (yaml !== get().yaml) recompute({ yaml })
      },
      setProxyMode: (proxyMode) => recompute({ proxyMode }),
      setScheduler: (scheduler) => recompute({ scheduler }),
      setClient: (client) => recompute({ client }),
      setTarget: (target) => recompute({ target }),
      setKeepAlive: (keepAlive) => set({ keepAlive }),
      setCount: (count) =>
        set({ count: Math.min(MAX_REQUESTS_PER_SEND, Math.max(1, Math.floor(count) || 1)) }),
      setSyncDelay: (seconds) =>
        retime({ syncDelay: Math.max(0, Number.isFinite(seconds) ? seconds : 0) }),
      advanceClock: (seconds) => {
        if (!(seconds > 0)) return
        const next = { ...get(), clock: get().clock + seconds }
        set({ clock: next.clock, world: worldAt(next.shown, next) })
      },
      sendRequest: () => {
        const state = get()
        const request = effectiveRequest(state.world, state.client, state.target)
        if (!request.target) {
          set({ trace: null, traceError: 'There is no Service to send a request to.' })
          return
        }
        const send: Send = {
          at: state.clock,
          client: request.client,
          target: request.target,
          count: state.count,
          keepAlive: state.keepAlive,
        }
        retime({ sends: [...state.sends, send], selected: -1 }, true)
      },
      selectRequest: (selected) => retime({ selected }),
      deletePod: (pod) => addEvent({ at: 0, kind: 'delete-pod', pod }),
      setPodReady: (pod, ready) => addEvent({ at: 0, kind: 'set-ready', pod, ready }),
      scaleWorkload: (workload, replicas) =>
        addEvent({ at: 0, kind: 'scale', workload, replicas: Math.max(0, Math.floor(replicas)) }),
      removeEvent: (index) => retime({ events: get().events.filter((_, i) => i !== index) }),
      resetTimeline: () => retime({ sends: [], events: [], clock: 0, selected: -1 }),
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
      loadExample: (yaml, setup = {}) => {
        // The proxy mode and scheduler stay: an example is there to be compared across them.
        recompute({
          yaml,
          client: null,
          target: null,
          sends: [],
          events: [],
          clock: 0,
          selected: -1,
          position: 0,
          syncDelay: setup.syncDelay ?? 0,
          count: setup.count ?? 1,
          keepAlive: false,
        })
        const pod =
          setup.deletePodIndex === undefined
            ? undefined
            : get().world.cluster.pods[setup.deletePodIndex]
        if (pod) get().deletePod(pod.ref)
        if (setup.count !== undefined) get().sendRequest()
        set({ playing: false, position: 0 })
      },
      setCursorLine: (cursorLine) => set({ cursorLine }),
    }
  })
}

export type AppStore = ReturnType<typeof createAppStore>
