// apps/v1 defaulting of the workload kinds, reduced to what the controllers and validation read.
//
// Mirrors kubernetes/kubernetes pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment/ReplicaSet/
// StatefulSet/DaemonSet: replicas 1) and pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, which
// recurses into templates).

import { defaultPod } from './defaultService'
import { deepCopy, objAt, optIntAt, strMapAt, type Obj } from './fieldErrors'

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'

export interface WorkloadInput {
  raw: Record<string, unknown>
  kind: WorkloadKind
  name: string
  namespace: string
  ref: string
}

/** The workload after apps/v1 defaulting, reduced to what the controllers read. */
export interface Defaulted {
  meta: Obj
  spec: Obj
  /** spec.template with the Pod defaults applied to its spec (SetDefaults_PodSpec recurses into templates). */
  template: Obj
  replicas: number
  /** How many Pods the simulator creates: replicas, capped so a typo like 100000 cannot freeze the page. */
  podCount: number
  selector: Obj | undefined
}

/** Not a Kubernetes limit (replicas is an int32): a bound on the simulator's work per workload. */
export const MAX_PODS_PER_WORKLOAD = 500

// A decoded int32 pointer: nil when absent or null. A non-integer never reaches the controllers
// (the decoder rejects it with 400), so it is read as nil here rather than thrown on.
export function defaultWorkload(raw: Readonly<Record<string, unknown>>): Defaulted {
  const meta = objAt(raw, 'metadata') ?? {}
  const spec = objAt(raw, 'spec') ?? {}
  const template = deepCopy(objAt(spec, 'template') ?? {})
  const podSpec = objAt(template, 'spec') ?? {}
  const defaultedSpec = objAt(defaultPod({ spec: podSpec }), 'spec') ?? {}
  template['spec'] = defaultedSpec
  const selector = objAt(spec, 'selector')
  const replicas = optIntAt(spec, 'replicas') ?? 1
  const podCount = Math.max(0, Math.min(replicas, MAX_PODS_PER_WORKLOAD))
  return { meta, spec, template, replicas, podCount, selector }
}

export function labelsOf(o: unknown): Record<string, string> {
  return Object.fromEntries(strMapAt(o, 'labels') ?? [])
}

export function annotationsOf(o: unknown): Record<string, string> {
  return Object.fromEntries(strMapAt(o, 'annotations') ?? [])
}
