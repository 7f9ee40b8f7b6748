// metav1.LabelSelector, the selector of the apps/v1 workloads (matchLabels and matchExpressions).
// A Service's selector is the simpler set form: see matchSelector.ts.
//
// Mirrors kubernetes/kubernetes:
// - staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector)
// - staging/src/k8s.io/apimachinery/pkg/labels/selector.go (NewRequirement, Requirement.Matches)
// - staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateLabelSelector)

import {
  arrAt,
  forbidden,
  invalid,
  isObj,
  required,
  strAt,
  strMapAt,
  type FieldError,
  type Obj,
} from './fieldErrors'
import { compareBytewise } from '../encoding/goJson'
import { isQualifiedName, isValidLabelValue } from './k8sNames'
import { validateLabels } from './validateService'

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

export function labelSelectorAsSelector(selector: Obj | undefined): Selector {
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

export function selectorMatches(
  selector: Selector,
  labels: Readonly<Record<string, string>>,
): boolean {
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
export function selectorValue(selector: Obj): Obj {
  const out: Obj = {}
  const matchLabels = strMapAt(selector, 'matchLabels') ?? []
  if (matchLabels.length > 0) {
    // A Go map: json.Marshal writes its keys in byte order.
    out['matchLabels'] = Object.fromEntries(
      [...matchLabels].sort(([a], [b]) => compareBytewise(a, b)),
    )
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
export function validateLabelSelector(selector: Obj, path: string): FieldError[] {
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
