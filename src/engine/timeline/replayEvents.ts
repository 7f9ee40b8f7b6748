/**
 * Faults on a timeline: what the API server stores after each event, and what the controllers
 * make of it at once.
 *
 * - `delete-pod` removes the Pod from the API at the event's time, as
 *   `kubectl delete pod --grace-period=0 --force` does: no Terminating phase, no terminating
 *   endpoints, and its address is gone from the node at once (a packet DNATed to it finds no
 *   neighbour: "No route to host").
 * - `set-ready` flips the Pod's Ready condition, as a failing or passing readiness probe makes
 *   kubelet do (pkg/kubelet/prober). Readiness changes only the endpoints: the Pod keeps running
 *   and still accepts a connection that reaches it.
 * - `scale` sets `spec.replicas` of a Deployment, ReplicaSet or StatefulSet (`kubectl scale`).
 *   A DaemonSet has no scale subresource, so scaling one changes nothing.
 *
 * Then the workload controllers reconcile the owner of every Pod that went, and the endpoints,
 * EndpointSlice and mirroring controllers run over the new Pod list (buildCluster's own
 * functions: createWorkloadPods, runEndpointControllers):
 *
 * - ReplicaSet, and Deployment through its one ReplicaSet (pkg/controller/replicaset
 *   replica_set.go `manageReplicas`): too few Pods → new Pods from the template, named by the
 *   apiserver's generateName (`<rs>-` + 5 random characters); too many → the Pods
 *   `getPodsToDelete` ranks first (podsToDelete.ts: not Ready and newer Pods first).
 * - StatefulSet (pkg/controller/statefulset stateful_set_control.go `updateStatefulSet`): a
 *   missing ordinal is created again under the same name (`web-1`, same hostname and labels);
 *   ordinals at or above `replicas` are condemned and deleted, highest first. OrderedReady waits
 *   for each Pod to be Ready (or gone) before the next; here Pods are Ready at once and deleted
 *   at once, so the whole step happens at the event's time.
 * - DaemonSet (pkg/controller/daemon `syncNodes`): a deleted Pod is replaced on the same node.
 *
 * New Pods are Ready the moment they exist: the playground models no image pulls, no container
 * start and no readiness probes, so a replacement serves at the event's own time. A real one is
 * not Ready (and not a ready endpoint) until its probe first passes.
 *
 * Placement of new Pods: the node with the fewest Pods that exist now, ties in node order (the
 * same stand-in for the scheduler as placePods, counted over live Pods, since a deleted Pod
 * frees its place). Addresses come from the same placer that addressed the file's Pods, which
 * models the CNI host-local IPAM plugin: it allocates from the address after the last one it
 * reserved (containernetworking/plugins plugins/ipam/host-local/backend/allocator/allocator.go,
 * `GetIter`: "Round-robin by trying to allocate from the last reserved IP + 1 ... a
 * crash-looping container will not see the same IP until the entire range has been run
 * through"), so a replacement never gets the address its predecessor just released. The placer
 * does not wrap around at the end of the node's podCIDR as host-local would: a node that has
 * handed out all its addresses gives further Pods none.
 *
 * Everything is deterministic: generated names draw from `forkRng(seed, 'timeline')`, one
 * stream in event order.
 */
import {
  createWorkloadPods,
  runControlPlane,
  runEndpointControllers,
} from '../control/buildCluster'
import type { ControlPlane } from '../control/buildCluster'
import { MAX_PODS_PER_WORKLOAD } from '../control/defaultWorkload'
import { POD_INDEX_LABEL } from '../control/expandWorkloads'
import type { WorkloadInput } from '../control/defaultWorkload'
import type { PodPlacer } from '../control/placePods'
import type { ClusterState, NodeState, PodState } from '../model/cluster'
import { forkRng } from '../rng'
import type { Rng } from '../rng'
import type { Simulation } from '../simulate'
import { isPodActive, podsToDelete } from './podsToDelete'
import type { PodTimes } from './podsToDelete'

export type FaultEvent =
  /** `pod`: `Pod/<namespace>/<name>`. */
  | { at: number; kind: 'delete-pod'; pod: string }
  | { at: number; kind: 'set-ready'; pod: string; ready: boolean }
  /** `workload`: `Deployment/<namespace>/<name>`, `ReplicaSet/...` or `StatefulSet/...`. */
  | { at: number; kind: 'scale'; workload: string; replicas: number }

/** What one event did, for the timeline's markers and the inspector. */
export interface EventEffect {
  /** The event's position in the timeline's own list. */
  index: number
  event: FaultEvent
  /** False when the event changed nothing (no such Pod or workload, a DaemonSet, ...). */
  applied: boolean
  /** In plain words: what changed, or why nothing did. */
  note: string
  /** Refs of the Pods the event or the controllers removed, and of the Pods created. */
  deleted: string[]
  created: string[]
}

/** The API state after each event, in the order they happen. */
export interface Replay {
  /** The events' indices in the timeline's list, sorted by `at` (ties in list order). */
  order: number[]
  /** `at` of each event in `order`. */
  times: number[]
  /** clusters[k]: the cluster after the first k events of `order`; clusters[0] is the base's. */
  clusters: ClusterState[]
  /** In the order the events happen. */
  effects: EventEffect[]
}

/** What changes between events; everything else the base's control plane keeps. */
interface World {
  pods: PodState[]
  /** Seconds of simulated time: 0 for the file's Pods. */
  createdAt: ReadonlyMap<string, number>
  /** Since when a Pod is Ready; absent while it is not. */
  readySince: ReadonlyMap<string, number>
  /** Workload ref → spec.replicas. */
  replicas: ReadonlyMap<string, number>
}

interface Context {
  plane: ControlPlane
  nodes: readonly NodeState[]
  workloads: ReadonlyMap<string, WorkloadInput>
  rng: Rng
  createdIndex: number
}

/** The events in the order they happen: by `at`, ties in list order; a NaN time never comes. */
export function eventOrder(events: readonly FaultEvent[]): number[] {
  return events
    .map((event, index) => ({ at: event.at, index }))
    .filter((e) => !Number.isNaN(e.at))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((e) => e.index)
}

function initialWorld(cluster: ClusterState, workloads: readonly WorkloadInput[]): World {
  const replicas = new Map<string, number>()
  // What the controllers settled on for the file is the number of Pods they made (replicas,
  // capped at the simulator's per-workload limit).
  for (const w of workloads) replicas.set(w.ref, 0)
  for (const pod of cluster.pods) {
    if (pod.owner !== null && replicas.has(pod.owner)) {
      replicas.set(pod.owner, (replicas.get(pod.owner) ?? 0) + 1)
    }
  }
  return {
    pods: cluster.pods,
    createdAt: new Map(),
    readySince: new Map(cluster.pods.filter((p) => p.ready).map((p) => [p.ref, 0])),
    replicas,
  }
}

function timesOf(world: World): PodTimes {
  return {
    createdAt: (ref) => world.createdAt.get(ref) ?? 0,
    readySince: (ref) => world.readySince.get(ref) ?? null,
  }
}

/** The scheduler stand-in: fewest live Pods, ties in node order, then the host-local placer. */
function schedulingPlacer(
  placer: PodPlacer,
  nodes: readonly NodeState[],
  pods: readonly PodState[],
) {
  const count = new Map(nodes.map((n) => [n.name, 0]))
  for (const pod of pods) {
    const n = count.get(pod.nodeName)
    if (n !== undefined) count.set(pod.nodeName, n + 1)
  }
  const wrapped: PodPlacer = {
    place(requested) {
      let nodeName = requested.nodeName
      if (nodeName === null) {
        let best: string | null = null
        for (const node of nodes) {
          if (best === null || (count.get(node.name) ?? 0) < (count.get(best) ?? 0)) {
            best = node.name
          }
        }
        nodeName = best
      }
      if (nodeName !== null && count.has(nodeName)) {
        count.set(nodeName, (count.get(nodeName) ?? 0) + 1)
      }
      return placer.place({ ...requested, nodeName })
    },
  }
  return wrapped
}

function withReplicas(workload: WorkloadInput, replicas: number): WorkloadInput {
  const spec = workload.raw['spec']
  const specObject = typeof spec === 'object' && spec !== null ? spec : {}
  return { ...workload, raw: { ...workload.raw, spec: { ...specObject, replicas } } }
}

/**
 * New Pods for a workload through expandWorkloads and admission, leaving out any whose name is
 * taken (a StatefulSet's live ordinals; a generated name that happens to collide).
 */
function expand(
  ctx: Context,
  world: World,
  taken: Set<string>,
  workload: WorkloadInput,
  replicas: number,
  nodeNames: readonly string[],
): PodState[] {
  const made = createWorkloadPods(
    [withReplicas(workload, replicas)],
    {
      nodeNames,
      manifestsByRef: ctx.plane.manifestsByRef,
      placer: schedulingPlacer(ctx.plane.placer, ctx.nodes, world.pods),
      firstCreatedIndex: ctx.createdIndex,
      skip: (ref) => taken.has(ref),
    },
    ctx.rng,
  )
  ctx.createdIndex = made.nextCreatedIndex
  for (const pod of made.pods) taken.add(pod.ref)
  return made.pods
}

function ordinalOf(pod: PodState): number {
  const label = pod.labels[POD_INDEX_LABEL]
  const fromLabel = label === undefined ? NaN : Number(label)
  if (Number.isInteger(fromLabel)) return fromLabel
  const suffix = /-(\d+)$/.exec(pod.name)
  return suffix ? Number(suffix[1]) : -1
}

function ordinalsStart(workload: WorkloadInput): number {
  const spec = workload.raw['spec']
  const ordinals =
    typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['ordinals'] : null
  const start =
    typeof ordinals === 'object' && ordinals !== null
      ? (ordinals as Record<string, unknown>)['start']
      : undefined
  return typeof start === 'number' && Number.isInteger(start) ? start : 0
}

interface Change {
  deleted: PodState[]
  created: PodState[]
}

/** One sync of the workload's controller against the current Pods. */
function reconcileWorkload(
  ctx: Context,
  world: World,
  ref: string,
  freedNodes: readonly string[],
): Change {
  const workload = ctx.workloads.get(ref)
  if (!workload) return { deleted: [], created: [] }
  const owned = world.pods.filter((p) => p.owner === ref && isPodActive(p))
  const taken = new Set(world.pods.map((p) => p.ref))
  const desired = world.replicas.get(ref) ?? 0
  switch (workload.kind) {
    case 'Deployment':
    case 'ReplicaSet': {
      if (owned.length > desired) {
        return {
          deleted: podsToDelete(owned, owned, owned.length - desired, timesOf(world)),
          created: [],
        }
      }
      const created: PodState[] = []
      // A generated name that collides is refused with AlreadyExists and the controller tries
      // again on its next sync; a few tries stand for that.
      for (let attempt = 0; attempt < 4 && owned.length + created.length < desired; attempt++) {
        const need = desired - owned.length - created.length
        created.push(
          ...expand(
            ctx,
            world,
            taken,
            workload,
            need,
            ctx.nodes.map((n) => n.name),
          ),
        )
      }
      return { deleted: [], created }
    }
    case 'StatefulSet': {
      const end = ordinalsStart(workload) + desired
      const condemned = owned
        .filter((p) => ordinalOf(p) >= end)
        .sort((a, b) => ordinalOf(b) - ordinalOf(a))
      const created =
        desired > 0
          ? expand(
              ctx,
              world,
              taken,
              workload,
              desired,
              ctx.nodes.map((n) => n.name),
            )
          : []
      return { deleted: condemned, created }
    }
    case 'DaemonSet': {
      // One Pod per node it fits: the nodes whose Pod just went get a new one.
      const covered = new Set(owned.map((p) => p.nodeName))
      const nodeNames = [...new Set(freedNodes)].filter((name) => !covered.has(name))
      return {
        deleted: [],
        created: nodeNames.length > 0 ? expand(ctx, world, taken, workload, 1, nodeNames) : [],
      }
    }
  }
}

function controllerName(ctx: Context, ownerRef: string): string {
  const kind = ctx.workloads.get(ownerRef)?.kind
  // A Deployment's Pods belong to its ReplicaSet, whose controller replaces them.
  return kind === 'Deployment' ? 'ReplicaSet' : (kind ?? 'owner')
}

function describePods(pods: readonly PodState[]): string {
  return pods.map((p) => `${p.name} (${p.podIP === '' ? 'no address' : p.podIP})`).join(', ')
}

function withChange(world: World, change: Change, at: number): World {
  if (change.deleted.length === 0 && change.created.length === 0) return world
  const gone = new Set(change.deleted.map((p) => p.ref))
  const createdAt = new Map(world.createdAt)
  const readySince = new Map(world.readySince)
  for (const ref of gone) {
    createdAt.delete(ref)
    readySince.delete(ref)
  }
  for (const pod of change.created) {
    createdAt.set(pod.ref, at)
    if (pod.ready) readySince.set(pod.ref, at)
  }
  return {
    ...world,
    pods: [...world.pods.filter((p) => !gone.has(p.ref)), ...change.created],
    createdAt,
    readySince,
  }
}

function effectOf(
  index: number,
  event: FaultEvent,
  note: string,
  change: Change | null,
): EventEffect {
  return {
    index,
    event,
    applied: change !== null,
    note,
    deleted: change?.deleted.map((p) => p.ref) ?? [],
    created: change?.created.map((p) => p.ref) ?? [],
  }
}

/** The controllers' part of a note: what they deleted and created. */
function reaction(ctx: Context, ownerRef: string, change: Change): string {
  const parts: string[] = []
  const who = `the ${controllerName(ctx, ownerRef)} controller`
  if (change.deleted.length > 0) parts.push(`${who} deletes ${describePods(change.deleted)}`)
  if (change.created.length > 0) parts.push(`${who} creates ${describePods(change.created)}`)
  return parts.length > 0 ? `; ${parts.join('; ')}` : ''
}

function applyEvent(
  ctx: Context,
  world: World,
  event: FaultEvent,
  index: number,
): { world: World; effect: EventEffect } {
  const unchanged = (note: string) => ({ world, effect: effectOf(index, event, note, null) })
  switch (event.kind) {
    case 'delete-pod': {
      const pod = world.pods.find((p) => p.ref === event.pod)
      if (!pod) return unchanged(`pods "${nameOf(event.pod)}" not found`)
      const removed = withChange(world, { deleted: [pod], created: [] }, event.at)
      const owner = pod.owner
      const reacted =
        owner === null
          ? { deleted: [], created: [] }
          : reconcileWorkload(ctx, removed, owner, [pod.nodeName])
      const change = { deleted: [pod, ...reacted.deleted], created: reacted.created }
      return {
        world: withChange(removed, reacted, event.at),
        effect: effectOf(
          index,
          event,
          `pod "${pod.name}" deleted${owner === null ? '' : reaction(ctx, owner, reacted)}`,
          change,
        ),
      }
    }
    case 'set-ready': {
      const pod = world.pods.find((p) => p.ref === event.pod)
      if (!pod) return unchanged(`pods "${nameOf(event.pod)}" not found`)
      if (pod.ready === event.ready) {
        return unchanged(`pod "${pod.name}" is already ${event.ready ? 'Ready' : 'not Ready'}`)
      }
      const updated: PodState = { ...pod, ready: event.ready }
      const readySince = new Map(world.readySince)
      if (event.ready) readySince.set(pod.ref, event.at)
      else readySince.delete(pod.ref)
      return {
        world: {
          ...world,
          pods: world.pods.map((p) => (p === pod ? updated : p)),
          readySince,
        },
        effect: effectOf(
          index,
          event,
          `pod "${pod.name}" is ${event.ready ? 'Ready' : 'not Ready'}`,
          { deleted: [], created: [] },
        ),
      }
    }
    case 'scale': {
      const workload = ctx.workloads.get(event.workload)
      if (!workload) {
        const [kind = '', , name = ''] = event.workload.split('/')
        return unchanged(`${kind.toLowerCase()}s.apps "${name}" not found`)
      }
      if (workload.kind === 'DaemonSet') {
        return unchanged(
          `a DaemonSet has no replicas: it runs one Pod per node (kubectl scale: no scale subresource)`,
        )
      }
      if (!Number.isInteger(event.replicas) || event.replicas < 0) {
        // ValidateNonnegativeField on the Scale's spec.replicas.
        return unchanged(
          `The ${workload.kind} "${workload.name}" is invalid: spec.replicas: Invalid value: ${event.replicas}: must be greater than or equal to 0`,
        )
      }
      // The same bound expandWorkloads puts on the file's workloads.
      const replicas = Math.min(event.replicas, MAX_PODS_PER_WORKLOAD)
      const scaled: World = {
        ...world,
        replicas: new Map(world.replicas).set(workload.ref, replicas),
      }
      const change = reconcileWorkload(ctx, scaled, workload.ref, [])
      return {
        world: withChange(scaled, change, event.at),
        effect: effectOf(
          index,
          event,
          `${workload.kind} "${workload.name}" scaled to ${replicas}${reaction(ctx, workload.ref, change)}`,
          change,
        ),
      }
    }
  }
}

function nameOf(ref: string): string {
  return ref.split('/').slice(2).join('/') || ref
}

/**
 * The API state after each event of `events` (in the order they happen), starting from the
 * base simulation. The base's control plane is run once more to recover what the controllers
 * continue from (the workloads, the host-local placer's next addresses); the same manifests and
 * settings give the same cluster, so its Pods are the base's.
 */
export function replayEvents(base: Simulation, events: readonly FaultEvent[]): Replay {
  const order = eventOrder(events)
  const clusters: ClusterState[] = [base.cluster]
  const effects: EventEffect[] = []
  const times = order.map((index) => events[index]?.at ?? 0)
  if (order.length === 0) return { order, times, clusters, effects }
  const plane = runControlPlane(base.manifests, base.settings)
  const ctx: Context = {
    plane,
    nodes: base.cluster.nodes,
    workloads: new Map(plane.workloads.map((w) => [w.ref, w])),
    rng: forkRng(base.cluster.settings.seed, 'timeline'),
    createdIndex: plane.nextCreatedIndex,
  }
  let world = initialWorld(base.cluster, plane.workloads)
  let cluster = base.cluster
  for (const index of order) {
    const event = events[index]
    if (!event) continue
    const next = applyEvent(ctx, world, event, index)
    if (next.world.pods !== world.pods) {
      cluster = runEndpointControllers(plane.inputs, next.world.pods).cluster
    }
    world = next.world
    clusters.push(cluster)
    effects.push(next.effect)
  }
  return { order, times, clusters, effects }
}
