// The workload controllers as pure functions: what kube-controller-manager creates for the apps/v1
// Deployment, ReplicaSet, StatefulSet and DaemonSet kinds once the apiserver has stored them.
// Defaulting, validation, selectors and hashes live beside it (defaultWorkload.ts,
// validateWorkload.ts, labelSelector.ts, podTemplateHash.ts).
//
// Mirrors kubernetes/kubernetes:
// - pkg/controller/deployment/sync.go (getNewReplicaSet) and deployment/util/deployment_util.go
//   (SetNewReplicaSetAnnotations, annotationsToSkip, MaxSurge, ResolveFenceposts)
// - pkg/controller/controller_utils.go (GetPodFromTemplate, getPodsPrefix) and
//   pkg/controller/replicaset/replica_set.go (manageReplicas → CreatePods with generateName)
// - pkg/controller/statefulset/stateful_set_utils.go (newStatefulSetPod, initIdentity,
//   updateIdentity, getPodName, updateStorage, getPatch, setPodRevision) and
//   pkg/controller/history/controller_history.go (ControllerRevisionName)
// - pkg/controller/daemon/daemon_controller.go (syncNodes) and daemon/util/daemonset_util.go
//   (CreatePodTemplate, AddOrUpdateDaemonPodTolerations, ReplaceDaemonSetPodNodeNameNodeAffinity)
// - staging/src/k8s.io/apiserver/pkg/storage/names/generate.go (SimpleNameGenerator: 58 + 5)

import {
  arrAt,
  deepCopy,
  intAt,
  isObj,
  objAt,
  renderErrorBody,
  strAt,
  type Obj,
} from './fieldErrors'
import {
  MAX_PODS_PER_WORKLOAD,
  annotationsOf,
  defaultWorkload,
  labelsOf,
  type Defaulted,
  type WorkloadInput,
} from './defaultWorkload'
import { nameIsDNSSubdomain } from './k8sNames'
import { computeHash, statefulSetRevisionHash } from './podTemplateHash'
import { generateName } from './reconcileEndpointSlices'
import type { Rng } from '../rng'
import { validateWorkload } from './validateWorkload'

export interface GeneratedObject {
  kind: 'ReplicaSet' | 'Pod'
  /** The full object as the apiserver stores it, without status. */
  raw: Record<string, unknown>
  /** Ref of the workload it came from, e.g. 'Deployment/default/web' (also for a Deployment's Pods). */
  owner: string
  /** Path inside the owner's manifest that the Pod's spec comes from, so field ranges can be mapped back. */
  templatePath: string
}

export interface WorkloadDiagnostic {
  ref: string
  field: string
  message: string
  severity: 'error' | 'warning'
}

// Label and annotation keys the controllers write (k8s.io/api/apps/v1/types.go, deployment_util.go).
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash'
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash'
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
export const DAEMONSET_TEMPLATE_GENERATION_LABEL = 'pod-template-generation'
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas'

// deployment_util.go annotationsToSkip: never copied from the Deployment to its ReplicaSets.
const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
])

// ---------------------------------------------------------------------------------------------
// Object construction

/**
 * metav1.NewControllerRef. The owner's uid is left out: the apiserver assigns it at create time
 * and this simulator has no uids; nothing in the engine resolves owners by uid.
 */
function controllerRef(apiVersion: string, kind: string, name: string): Obj {
  return { apiVersion, kind, name, controller: true, blockOwnerDeletion: true }
}

/** getPodsPrefix: `<owner>-`, or the bare name when the dash would make the prefix invalid. */
function podsPrefix(ownerName: string): string {
  const prefix = `${ownerName}-`
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : ownerName
}

// SimpleNameGenerator keeps at most 63 - 5 characters of the prefix before the random suffix.
const MAX_GENERATED_NAME_PREFIX = 58

function nameFromGenerateName(prefix: string, rng: Rng): string {
  return generateName(prefix.slice(0, MAX_GENERATED_NAME_PREFIX), rng)
}

/**
 * controller.GetPodFromTemplate: only labels, annotations and finalizers come from the template's
 * metadata (its name, namespace and the rest are ignored), the spec is copied whole.
 */
function podFromTemplate(
  template: Obj,
  namespace: string,
  ownerName: string,
  ownerRef: Obj,
  extraLabels: ReadonlyArray<[string, string]>,
): { metadata: Obj; spec: Obj } {
  const tmeta = objAt(template, 'metadata')
  const labels: Record<string, string> = labelsOf(tmeta)
  for (const [k, v] of extraLabels) labels[k] = v
  const metadata: Obj = { generateName: podsPrefix(ownerName), namespace, labels }
  const annotations = annotationsOf(tmeta)
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations
  metadata['ownerReferences'] = [ownerRef]
  const finalizers = arrAt(tmeta, 'finalizers')
  if (finalizers.length > 0) metadata['finalizers'] = deepCopy(finalizers)
  return { metadata, spec: deepCopy(objAt(template, 'spec') ?? {}) }
}

function pod(metadata: Obj, spec: Obj): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec }
}

// Name first, as the apiserver's JSON prints ObjectMeta (name, generateName, namespace, ...).
function withName(name: string, metadata: Obj): Obj {
  return { name, ...metadata }
}

/** intstr.GetScaledValueFromIntOrPercent; an unparsable value counts as 0 (validation's job). */
function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v)
    if (m === null) return 0
    const scaled = (Number(m[1]) * total) / 100
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled)
  }
  return 0
}

/** deploymentutil.MaxSurge via ResolveFenceposts, with apps/v1 defaults (25%/25%); 0 for Recreate. */
function maxSurge(spec: Obj, replicas: number): number {
  const strategy = objAt(spec, 'strategy')
  const type = strAt(strategy, 'type')
  if (type !== '' && type !== 'RollingUpdate') return 0
  const rolling = objAt(strategy, 'rollingUpdate')
  const surge = isObj(rolling) ? rolling['maxSurge'] : undefined
  const surgeRaw = surge === undefined || surge === null ? '25%' : surge
  return scaledValue(surgeRaw, replicas, true)
}

function replicaSetPods(
  rsName: string,
  namespace: string,
  template: Obj,
  replicas: number,
  owner: string,
  rng: Rng,
): GeneratedObject[] {
  const out: GeneratedObject[] = []
  const ref = controllerRef('apps/v1', 'ReplicaSet', rsName)
  for (let i = 0; i < replicas; i++) {
    const { metadata, spec } = podFromTemplate(template, namespace, rsName, ref, [])
    const name = nameFromGenerateName(strAt(metadata, 'generateName'), rng)
    out.push({
      kind: 'Pod',
      raw: pod(withName(name, metadata), spec),
      owner,
      templatePath: 'spec.template',
    })
  }
  return out
}

/** getNewReplicaSet for a Deployment that has no ReplicaSet yet, then the ReplicaSet's Pods. */
function expandDeployment(input: WorkloadInput, d: Defaulted, rng: Rng): GeneratedObject[] {
  const hash = computeHash(d.template)
  const tmeta = objAt(d.template, 'metadata') ?? {}
  const rsLabels: Record<string, string> = { ...labelsOf(tmeta), [POD_TEMPLATE_HASH_LABEL]: hash }
  const rsTemplate: Obj = deepCopy({ ...d.template, metadata: { ...tmeta, labels: rsLabels } })
  // CloneSelectorAndAddLabel: the hash joins matchLabels, matchExpressions are kept.
  const selector = deepCopy(d.selector ?? {})
  selector['matchLabels'] = {
    ...labelsFromMap(selector['matchLabels']),
    [POD_TEMPLATE_HASH_LABEL]: hash,
  }
  const rsName = `${input.name}-${hash}`

  const annotations: Record<string, string> = {}
  for (const [k, v] of Object.entries(annotationsOf(d.meta)))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v
  annotations[REVISION_ANNOTATION] = '1'
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(d.replicas)
  annotations[MAX_REPLICAS_ANNOTATION] = String(d.replicas + maxSurge(d.spec, d.replicas))

  // NewRSNewReplicas for the first ReplicaSet: min(replicas + surge - 0, replicas) = replicas.
  const rsSpec: Obj = { replicas: d.replicas }
  const minReadySeconds = intAt(d.spec, 'minReadySeconds')
  if (minReadySeconds !== 0) rsSpec['minReadySeconds'] = minReadySeconds
  rsSpec['selector'] = selector
  rsSpec['template'] = rsTemplate

  const rs: GeneratedObject = {
    kind: 'ReplicaSet',
    raw: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: input.namespace,
        labels: { ...rsLabels },
        annotations,
        ownerReferences: [controllerRef('apps/v1', 'Deployment', input.name)],
      },
      spec: rsSpec,
    },
    owner: input.ref,
    templatePath: 'spec.template',
  }
  return [rs, ...replicaSetPods(rsName, input.namespace, rsTemplate, d.podCount, input.ref, rng)]
}

function labelsFromMap(v: unknown): Record<string, string> {
  return labelsOf({ labels: v })
}

/** updateStorage: one persistentVolumeClaim volume per volumeClaimTemplate, named `<claim>-<sts>-<ordinal>`. */
function statefulSetVolumes(spec: Obj, podSpec: Obj, setName: string, ordinal: number): void {
  const claims = arrAt(spec, 'volumeClaimTemplates')
    .map((c) => strAt(objAt(c, 'metadata'), 'name'))
    .filter((n) => n !== '')
  if (claims.length === 0) return
  // Go ranges over a map here (random order); sorted keeps the output deterministic.
  const names = [...new Set(claims)].sort()
  const volumes: unknown[] = names.map((name) => ({
    name,
    persistentVolumeClaim: { claimName: `${name}-${setName}-${ordinal}` },
  }))
  for (const v of arrAt(podSpec, 'volumes')) if (!names.includes(strAt(v, 'name'))) volumes.push(v)
  podSpec['volumes'] = volumes
}

/** newVersionedStatefulSetPod for every ordinal: all Pods exist once OrderedReady has rolled through. */
function expandStatefulSet(input: WorkloadInput, d: Defaulted): GeneratedObject[] {
  const revision = `${input.name.slice(0, 223)}-${statefulSetRevisionHash(d.template)}`
  const start = intAt(objAt(d.spec, 'ordinals'), 'start')
  const serviceName = strAt(d.spec, 'serviceName')
  const ref = controllerRef('apps/v1', 'StatefulSet', input.name)
  const out: GeneratedObject[] = []
  for (let ordinal = start; ordinal < start + d.podCount; ordinal++) {
    const name = `${input.name}-${ordinal}`
    const { metadata, spec } = podFromTemplate(d.template, input.namespace, input.name, ref, [
      [STATEFULSET_POD_NAME_LABEL, name],
      // PodIndexLabel: beta and on by default since 1.28, GA in 1.32.
      [POD_INDEX_LABEL, String(ordinal)],
      [CONTROLLER_REVISION_HASH_LABEL, revision],
    ])
    statefulSetVolumes(d.spec, spec, input.name, ordinal)
    // initIdentity: stable network identity for the headless Service's DNS records.
    spec['hostname'] = name
    if (serviceName !== '') spec['subdomain'] = serviceName
    else delete spec['subdomain']
    out.push({
      kind: 'Pod',
      raw: pod(withName(name, metadata), spec),
      owner: input.ref,
      templatePath: 'spec.template',
    })
  }
  return out
}

// AddOrUpdateDaemonPodTolerations, in its order; network-unavailable only with hostNetwork.
const DAEMON_TOLERATIONS: ReadonlyArray<[string, string]> = [
  ['node.kubernetes.io/not-ready', 'NoExecute'],
  ['node.kubernetes.io/unreachable', 'NoExecute'],
  ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
  ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
  ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
  ['node.kubernetes.io/unschedulable', 'NoSchedule'],
]

/** v1helper.AddOrUpdateTolerationInPodSpec: a toleration matching key/operator/value/effect is replaced. */
function addOrUpdateToleration(podSpec: Obj, key: string, effect: string): void {
  const toleration: Obj = { key, operator: 'Exists', effect }
  const existing = arrAt(podSpec, 'tolerations')
  const matches = (t: unknown): boolean =>
    strAt(t, 'key') === key &&
    strAt(t, 'effect') === effect &&
    strAt(t, 'operator') === 'Exists' &&
    strAt(t, 'value') === ''
  let updated = false
  const next = existing.map((t) => {
    if (!matches(t)) return t
    updated = true
    return { ...toleration }
  })
  if (!updated) next.push(toleration)
  podSpec['tolerations'] = next
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: required node affinity pinned to one node by metadata.name. */
function pinToNode(podSpec: Obj, nodeName: string): void {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }
  const affinity = objAt(podSpec, 'affinity') ?? {}
  const nodeAffinity = objAt(affinity, 'nodeAffinity') ?? {}
  const requiredTerms = objAt(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution') ?? {}
  requiredTerms['nodeSelectorTerms'] = [term]
  nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'] = requiredTerms
  affinity['nodeAffinity'] = nodeAffinity
  podSpec['affinity'] = affinity
}

/**
 * nodeShouldRunDaemonPod, reduced to what the simulator knows about nodes (their names): a
 * template pinned by spec.nodeName or by a `kubernetes.io/hostname` nodeSelector runs on that node
 * only. Other node selectors, affinities and taints cannot be evaluated without node labels, so
 * every node runs the Pod.
 */
function nodeFits(podSpec: Obj, nodeName: string): boolean {
  const pinned = strAt(podSpec, 'nodeName')
  if (pinned !== '' && pinned !== nodeName) return false
  const hostname = strAt(objAt(podSpec, 'nodeSelector'), 'kubernetes.io/hostname')
  return hostname === '' || hostname === nodeName
}

/**
 * syncNodes for a new DaemonSet: one Pod per node. The real controller creates the Pod unbound,
 * pinned by node affinity, and kube-scheduler then binds it (spec.nodeName); the bind is done here
 * at once so the rest of the engine places the Pod like any Pod with a nodeName.
 */
function expandDaemonSet(
  input: WorkloadInput,
  d: Defaulted,
  nodeNames: readonly string[],
  rng: Rng,
): { objects: GeneratedObject[]; diagnostics: WorkloadDiagnostic[] } {
  const hash = computeHash(d.template)
  const ref = controllerRef('apps/v1', 'DaemonSet', input.name)
  const templateSpec = objAt(d.template, 'spec') ?? {}
  const objects: GeneratedObject[] = []
  for (const nodeName of nodeNames) {
    if (!nodeFits(templateSpec, nodeName)) continue
    // CreatePodTemplate: templateGeneration is 1 on create (the registry's PrepareForCreate).
    const { metadata, spec } = podFromTemplate(d.template, input.namespace, input.name, ref, [
      [DAEMONSET_TEMPLATE_GENERATION_LABEL, '1'],
      [CONTROLLER_REVISION_HASH_LABEL, hash],
    ])
    for (const [key, effect] of DAEMON_TOLERATIONS) addOrUpdateToleration(spec, key, effect)
    if (spec['hostNetwork'] === true)
      addOrUpdateToleration(spec, 'node.kubernetes.io/network-unavailable', 'NoSchedule')
    pinToNode(spec, nodeName)
    spec['nodeName'] = nodeName
    const name = nameFromGenerateName(strAt(metadata, 'generateName'), rng)
    objects.push({
      kind: 'Pod',
      raw: pod(withName(name, metadata), spec),
      owner: input.ref,
      templatePath: 'spec.template',
    })
  }
  const diagnostics: WorkloadDiagnostic[] = []
  if (objects.length === 0)
    diagnostics.push({
      ref: input.ref,
      field: 'spec.template.spec',
      message:
        nodeNames.length === 0
          ? `DaemonSet "${input.name}" has no node to run on: the cluster has no nodes, so it creates no Pods.`
          : `DaemonSet "${input.name}" fits no node (spec.nodeName or nodeSelector kubernetes.io/hostname names none of them), so it creates no Pods.`,
      severity: 'warning',
    })
  return { objects, diagnostics }
}

/**
 * What the workload controllers create for the given workloads, in document order. An invalid
 * workload is reported (one diagnostic per field error, `field` and the text after it, as
 * `The Deployment "x" is invalid: <field>: <message>` prints them) and creates nothing.
 * The rng is drawn only for generated name suffixes, workload by workload, Pod by Pod.
 */
export function expandWorkloads(
  workloads: readonly WorkloadInput[],
  nodeNames: readonly string[],
  rng: Rng,
): { objects: GeneratedObject[]; diagnostics: WorkloadDiagnostic[] } {
  const objects: GeneratedObject[] = []
  const diagnostics: WorkloadDiagnostic[] = []
  for (const input of workloads) {
    const errors = validateWorkload(input)
    if (errors.length > 0) {
      const seen = new Set<string>()
      for (const e of errors) {
        const message = renderErrorBody(e)
        // ToAggregate drops identical messages.
        if (seen.has(`${e.field}: ${message}`)) continue
        seen.add(`${e.field}: ${message}`)
        diagnostics.push({ ref: input.ref, field: e.field, message, severity: 'error' })
      }
      continue
    }
    const d = defaultWorkload(input.raw)
    if (d.podCount < d.replicas)
      diagnostics.push({
        ref: input.ref,
        field: 'spec.replicas',
        message: `The simulator creates at most ${MAX_PODS_PER_WORKLOAD} Pods per workload; ${input.kind} "${input.name}" asks for ${d.replicas}.`,
        severity: 'warning',
      })
    switch (input.kind) {
      case 'Deployment':
        objects.push(...expandDeployment(input, d, rng))
        break
      case 'ReplicaSet':
        objects.push(
          ...replicaSetPods(input.name, input.namespace, d.template, d.podCount, input.ref, rng),
        )
        break
      case 'StatefulSet':
        objects.push(...expandStatefulSet(input, d))
        break
      case 'DaemonSet': {
        const r = expandDaemonSet(input, d, nodeNames, rng)
        objects.push(...r.objects)
        diagnostics.push(...r.diagnostics)
        break
      }
    }
  }
  return { objects, diagnostics }
}
