// The workload controllers as pure functions: what kube-controller-manager creates for the apps/v1
// Deployment, ReplicaSet, StatefulSet and DaemonSet kinds once the apiserver has stored them.
//
// Mirrors kubernetes/kubernetes:
// - pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment/ReplicaSet/StatefulSet/DaemonSet: replicas 1,
//   strategy RollingUpdate with maxSurge/maxUnavailable 25%, podManagementPolicy OrderedReady)
// - pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec, ValidateReplicaSetSpec,
//   ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidatePodTemplateSpecFor{ReplicaSet,StatefulSet})
//   and staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation (ValidateLabelSelector),
//   staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector)
// - pkg/controller/deployment/sync.go (getNewReplicaSet) and deployment/util/deployment_util.go
//   (SetNewReplicaSetAnnotations, annotationsToSkip, MaxSurge, ResolveFenceposts)
// - pkg/controller/controller_utils.go (ComputeHash, GetPodFromTemplate, getPodsPrefix) and
//   pkg/controller/replicaset/replica_set.go (manageReplicas → CreatePods with generateName)
// - pkg/controller/statefulset/stateful_set_utils.go (newStatefulSetPod, initIdentity,
//   updateIdentity, getPodName, updateStorage, getPatch, setPodRevision) and
//   pkg/controller/history/controller_history.go (HashControllerRevision, ControllerRevisionName)
// - pkg/controller/daemon/daemon_controller.go (syncNodes) and daemon/util/daemonset_util.go
//   (CreatePodTemplate, AddOrUpdateDaemonPodTolerations, ReplaceDaemonSetPodNodeNameNodeAffinity)
// - staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go (SafeEncodeString, alphanums) and
//   staging/src/k8s.io/apiserver/pkg/storage/names/generate.go (SimpleNameGenerator: 58 + 5)

import { defaultPod } from './defaultService'
import {
  arrAt,
  deepCopy,
  forbidden,
  goJSON,
  intAt,
  invalid,
  isObj,
  notSupported,
  objAt,
  optIntAt,
  renderErrorBody,
  required,
  strAt,
  strMapAt,
  type FieldError,
  type Obj,
} from './fieldErrors'
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './k8sNames'
import { generateName } from './reconcileEndpointSlices'
import type { Rng } from '../rng'
import { validatePod } from './validatePod'
import { validateAnnotations, validateLabels, validateObjectMeta } from './validateService'

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'

export interface WorkloadInput {
  raw: Record<string, unknown>
  kind: WorkloadKind
  name: string
  namespace: string
  ref: string
}

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
// Hashing

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits, no vowels, no confusable 0/1/3. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

/**
 * rand.SafeEncodeString: each rune is replaced by alphanums[rune % 27], so a decimal number
 * becomes a word that cannot spell anything (digits map onto 4 5 6 7 8 9 b c d f).
 */
export function safeEncodeString(s: string): string {
  let out = ''
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length] ?? ''
  return out
}

// Go hashes bytes, so strings go through UTF-8 first (no TextEncoder: the engine has no DOM/Node lib).
function utf8Bytes(s: string): number[] {
  const out: number[] = []
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp < 0x80) out.push(cp)
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f))
    else if (cp < 0x10000)
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      )
  }
  return out
}

const FNV32_OFFSET = 0x811c9dc5
const FNV32_PRIME = 0x01000193

/** Go's hash/fnv New32a (FNV-1a, 32 bit): xor then multiply. No dependency provides it. */
export function fnv1a32(s: string): number {
  let h = FNV32_OFFSET
  for (const b of utf8Bytes(s)) h = Math.imul(h ^ b, FNV32_PRIME) >>> 0
  return h >>> 0
}

/** Go's hash/fnv New32 (FNV-1, 32 bit): multiply then xor. HashControllerRevision uses this one. */
export function fnv132(s: string): number {
  let h = FNV32_OFFSET
  for (const b of utf8Bytes(s)) h = (Math.imul(h, FNV32_PRIME) ^ b) >>> 0
  return h >>> 0
}

/**
 * controller.ComputeHash: the pod-template-hash of a Deployment's ReplicaSet and the
 * controller-revision-hash of a DaemonSet. The real input is spew's dump of the Go
 * v1.PodTemplateSpec struct (hashutil.DeepHashObject), which cannot be reproduced from YAML
 * without Go's type layout. Here the input is the canonical JSON (sorted keys) of the defaulted
 * template instead: the result has the real shape (FNV-1a 32, decimal, SafeEncodeString, so up to
 * 10 characters of [4-9bcdf]) and changes exactly when the template changes, but it is not the
 * value a real cluster prints for the same template.
 */
export function computeHash(template: unknown): string {
  return safeEncodeString(String(fnv1a32(goJSON(template))))
}

/**
 * history.HashControllerRevision over the StatefulSet's revision data (getPatch):
 * FNV-1 32 of `{"spec":{"template":{..., "$patch":"replace"}}}` as json.Marshal of maps writes it
 * (sorted keys). That is the real algorithm; the value still differs from a real cluster's
 * because the real template JSON carries every field the apiserver defaulted (and
 * `creationTimestamp: null`), and this simulator defaults only the fields it models.
 */
export function statefulSetRevisionHash(template: unknown): string {
  const patch = { spec: { template: { ...(isObj(template) ? template : {}), $patch: 'replace' } } }
  return safeEncodeString(String(fnv132(goJSON(patch))))
}

// ---------------------------------------------------------------------------------------------
// Label selectors (metav1.LabelSelector → labels.Selector)

interface Requirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values: string[]
}

/** LabelSelectorAsSelector: nil selects nothing, an empty selector everything, else all requirements. */
type Selector =
  | { kind: 'nothing' }
  | { kind: 'everything' }
  | { kind: 'requirements'; requirements: Requirement[] }
  | { kind: 'error' }

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : []
}

function labelSelectorAsSelector(selector: Obj | undefined): Selector {
  if (selector === undefined) return { kind: 'nothing' }
  const matchLabels = strMapAt(selector, 'matchLabels') ?? []
  const expressions = arrAt(selector, 'matchExpressions')
  if (matchLabels.length + expressions.length === 0) return { kind: 'everything' }
  const requirements: Requirement[] = []
  // labels.NewRequirement rejects bad keys and values as well as bad operator/value combinations.
  const valid = (key: string, values: readonly string[]): boolean =>
    isQualifiedName(key).length === 0 && values.every((v) => isValidLabelValue(v).length === 0)
  for (const [key, value] of matchLabels) {
    if (!valid(key, [value])) return { kind: 'error' }
    requirements.push({ key, operator: 'In', values: [value] })
  }
  for (const expr of expressions) {
    const key = strAt(expr, 'key')
    const operator = strAt(expr, 'operator')
    const values = stringsOf(isObj(expr) ? expr['values'] : undefined)
    if (!valid(key, values)) return { kind: 'error' }
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) return { kind: 'error' }
      requirements.push({ key, operator, values })
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) return { kind: 'error' }
      requirements.push({ key, operator, values })
    } else return { kind: 'error' }
  }
  return { kind: 'requirements', requirements }
}

function selectorMatches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  switch (selector.kind) {
    case 'nothing':
    case 'error':
      return false
    case 'everything':
      return true
    case 'requirements':
      return selector.requirements.every((r) => {
        const has = Object.hasOwn(labels, r.key)
        const value = labels[r.key] ?? ''
        switch (r.operator) {
          case 'In':
            return has && r.values.includes(value)
          case 'NotIn':
            return !has || !r.values.includes(value)
          case 'Exists':
            return has
          case 'DoesNotExist':
            return !has
        }
        return false
      })
  }
}

/** The selector as Go's json.Marshal of *metav1.LabelSelector prints it (struct order, omitempty). */
function selectorValue(selector: Obj): Obj {
  const out: Obj = {}
  const matchLabels = strMapAt(selector, 'matchLabels') ?? []
  if (matchLabels.length > 0) {
    const sorted: Obj = {}
    for (const [k, v] of [...matchLabels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      sorted[k] = v
    out['matchLabels'] = sorted
  }
  const expressions = arrAt(selector, 'matchExpressions')
  if (expressions.length > 0) {
    out['matchExpressions'] = expressions.map((e) => {
      const r: Obj = { key: strAt(e, 'key'), operator: strAt(e, 'operator') }
      const values = stringsOf(isObj(e) ? e['values'] : undefined)
      if (values.length > 0) r['values'] = values
      return r
    })
  }
  return out
}

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector false (create). */
function validateLabelSelector(selector: Obj, path: string): FieldError[] {
  const errs = validateLabels(strMapAt(selector, 'matchLabels'), `${path}.matchLabels`)
  arrAt(selector, 'matchExpressions').forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`
    const operator = strAt(expr, 'operator')
    const values = stringsOf(isObj(expr) ? expr['values'] : undefined)
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"))
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        )
    } else errs.push(invalid(`${p}.operator`, operator, 'not a valid selector operator'))
    const key = strAt(expr, 'key')
    for (const m of isQualifiedName(key)) errs.push(invalid(`${p}.key`, key, m))
    values.forEach((v, vi) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${vi}]`, v, m))
    })
  })
  return errs
}

// ---------------------------------------------------------------------------------------------
// Defaulting

/** The workload after apps/v1 defaulting, reduced to what the controllers read. */
interface Defaulted {
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
function defaultWorkload(raw: Readonly<Record<string, unknown>>): Defaulted {
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

function labelsOf(o: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of strMapAt(o, 'labels') ?? []) out[k] = v
  return out
}

function annotationsOf(o: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of strMapAt(o, 'annotations') ?? []) out[k] = v
  return out
}

// ---------------------------------------------------------------------------------------------
// Validation

function nonNegative(value: number, path: string): FieldError[] {
  return value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : []
}

/** ValidatePodTemplateSpec: template labels/annotations (on `template.labels`, a real quirk) and the Pod spec. */
function validatePodTemplateSpec(template: Obj, path: string): FieldError[] {
  const meta = objAt(template, 'metadata')
  const errs = [
    ...validateLabels(strMapAt(meta, 'labels'), `${path}.labels`),
    ...validateAnnotations(strMapAt(meta, 'annotations'), `${path}.annotations`),
  ]
  // ValidatePodSpec is validatePod's spec part; only its spec.* errors belong to the template.
  const podErrs = validatePod({ metadata: { name: 'x', namespace: 'x' }, spec: template['spec'] })
  for (const e of podErrs)
    if (e.field.startsWith('spec.')) errs.push({ ...e, field: `${path}.${e.field}` })
  return errs
}

function templateRestartChecks(template: Obj, path: string, kindName: string): FieldError[] {
  const errs: FieldError[] = []
  const spec = objAt(template, 'spec')
  const restartPolicy = strAt(spec, 'restartPolicy')
  if (restartPolicy !== 'Always')
    errs.push(notSupported(`${path}.spec.restartPolicy`, restartPolicy, ['Always']))
  if (
    isObj(spec) &&
    spec['activeDeadlineSeconds'] !== undefined &&
    spec['activeDeadlineSeconds'] !== null
  )
    errs.push(
      forbidden(
        `${path}.spec.activeDeadlineSeconds`,
        `activeDeadlineSeconds in ${kindName} is not Supported`,
      ),
    )
  return errs
}

function templateLabelsValue(template: Obj): unknown {
  const meta = objAt(template, 'metadata')
  return objAt(meta, 'labels') === undefined ? null : labelsOf(meta)
}

const MISMATCH = '`selector` does not match template `labels`'

/** ValidateDeploymentSpec / ValidateReplicaSetSpec (they share ValidatePodTemplateSpecForReplicaSet). */
function validateReplicaSetLike(d: Defaulted, kind: 'Deployment' | 'ReplicaSet'): FieldError[] {
  const errs: FieldError[] = nonNegative(d.replicas, 'spec.replicas')
  if (kind === 'ReplicaSet')
    errs.push(...nonNegative(intAt(d.spec, 'minReadySeconds'), 'spec.minReadySeconds'))
  if (d.selector === undefined) errs.push(required('spec.selector'))
  else {
    errs.push(...validateLabelSelector(d.selector, 'spec.selector'))
    if (labelSelectorAsSelector(d.selector).kind === 'everything')
      // The ReplicaSet text says "deployment" too: ValidateReplicaSetSpec copied it.
      errs.push(
        invalid(
          'spec.selector',
          selectorValue(d.selector),
          'empty selector is invalid for deployment',
          'struct',
        ),
      )
  }
  const selector = labelSelectorAsSelector(d.selector)
  if (selector.kind === 'error') {
    errs.push(
      invalid('spec.selector', selectorValue(d.selector ?? {}), 'invalid label selector', 'struct'),
    )
  } else {
    // labels.Nothing() is not Empty(), so a missing selector also reports the mismatch.
    if (
      selector.kind !== 'everything' &&
      !selectorMatches(selector, labelsOf(objAt(d.template, 'metadata')))
    )
      errs.push(invalid('spec.template.metadata.labels', templateLabelsValue(d.template), MISMATCH))
    errs.push(...validatePodTemplateSpec(d.template, 'spec.template'))
    errs.push(...templateRestartChecks(d.template, 'spec.template', 'ReplicaSet'))
  }
  if (kind === 'Deployment')
    errs.push(...nonNegative(intAt(d.spec, 'minReadySeconds'), 'spec.minReadySeconds'))
  return errs
}

function validateStatefulSet(d: Defaulted): FieldError[] {
  const errs: FieldError[] = []
  const policy = podManagementPolicy(d.spec)
  if (policy !== 'OrderedReady' && policy !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"))
  errs.push(...nonNegative(d.replicas, 'spec.replicas'))
  errs.push(...nonNegative(intAt(d.spec, 'minReadySeconds'), 'spec.minReadySeconds'))
  const ordinals = objAt(d.spec, 'ordinals')
  if (ordinals !== undefined)
    errs.push(...nonNegative(intAt(ordinals, 'start'), 'spec.ordinals.start'))
  if (d.selector === undefined) errs.push(required('spec.selector'))
  else {
    errs.push(...validateLabelSelector(d.selector, 'spec.selector'))
    if (labelSelectorAsSelector(d.selector).kind === 'everything')
      errs.push(
        invalid(
          'spec.selector',
          selectorValue(d.selector),
          'empty selector is invalid for statefulset',
          'struct',
        ),
      )
  }
  const selector = labelSelectorAsSelector(d.selector)
  if (selector.kind === 'error') {
    errs.push(invalid('spec.selector', selectorValue(d.selector ?? {}), '', 'struct'))
  } else {
    if (
      selector.kind !== 'everything' &&
      !selectorMatches(selector, labelsOf(objAt(d.template, 'metadata')))
    )
      errs.push(invalid('spec.template.metadata.labels', templateLabelsValue(d.template), MISMATCH))
    // ValidatePodTemplateSpecForStatefulSet checks labels and annotations only, not the Pod spec.
    const meta = objAt(d.template, 'metadata')
    errs.push(...validateLabels(strMapAt(meta, 'labels'), 'spec.template.labels'))
    errs.push(...validateAnnotations(strMapAt(meta, 'annotations'), 'spec.template.annotations'))
  }
  errs.push(...templateRestartChecks(d.template, 'spec.template', 'StatefulSet'))
  return errs
}

function validateDaemonSet(d: Defaulted): FieldError[] {
  // No Required check: ValidateLabelSelector(nil) passes, and the nil selector then matches nothing.
  const errs: FieldError[] =
    d.selector === undefined ? [] : validateLabelSelector(d.selector, 'spec.selector')
  const selector = labelSelectorAsSelector(d.selector)
  if (
    selector.kind !== 'error' &&
    !selectorMatches(selector, labelsOf(objAt(d.template, 'metadata')))
  )
    errs.push(invalid('spec.template.metadata.labels', templateLabelsValue(d.template), MISMATCH))
  if (d.selector !== undefined && selector.kind === 'everything')
    errs.push(
      invalid(
        'spec.selector',
        selectorValue(d.selector),
        'empty selector is invalid for daemonset',
        'struct',
      ),
    )
  errs.push(...validatePodTemplateSpec(d.template, 'spec.template'))
  errs.push(...templateRestartChecks(d.template, 'spec.template', 'DaemonSet'))
  errs.push(...nonNegative(intAt(d.spec, 'minReadySeconds'), 'spec.minReadySeconds'))
  return errs
}

function podManagementPolicy(spec: Obj): string {
  const p = strAt(spec, 'podManagementPolicy')
  return p === '' ? 'OrderedReady' : p
}

/**
 * The apiserver's create validation for one workload (after defaulting), in the order
 * validation.go appends the errors. Empty when the object would be stored.
 */
export function validateWorkload(input: WorkloadInput): FieldError[] {
  const d = defaultWorkload(input.raw)
  // The namespace comes from the request (kubectl's context) when the manifest has none.
  const meta = { ...d.meta, namespace: input.namespace }
  switch (input.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      return [
        ...validateObjectMeta(meta, true, nameIsDNSSubdomain),
        ...validateReplicaSetLike(d, input.kind),
      ]
    case 'StatefulSet':
      // ValidateStatefulSetName: a DNS label, since the name becomes each Pod's hostname.
      return [...validateObjectMeta(meta, true, nameIsDNSLabel), ...validateStatefulSet(d)]
    case 'DaemonSet':
      return [...validateObjectMeta(meta, true, nameIsDNSSubdomain), ...validateDaemonSet(d)]
  }
  return []
}

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
