// The apiserver's create validation of the apps/v1 workload kinds.
//
// Mirrors kubernetes/kubernetes pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec,
// ValidatePodTemplateSpecFor{ReplicaSet,StatefulSet}).

import {
  forbidden,
  intAt,
  invalid,
  isObj,
  notSupported,
  objAt,
  required,
  strAt,
  strMapAt,
  type FieldError,
  type Obj,
} from './fieldErrors'
import { defaultWorkload, labelsOf, type Defaulted, type WorkloadInput } from './defaultWorkload'
import { nameIsDNSLabel, nameIsDNSSubdomain } from './k8sNames'
import {
  labelSelectorAsSelector,
  selectorMatches,
  selectorValue,
  validateLabelSelector,
} from './labelSelector'
import { validatePod } from './validatePod'
import { validateAnnotations, validateLabels, validateObjectMeta } from './validateService'

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
