/**
 * Service selectors: equality on every key (labels.SelectorFromSet in k8s.io/apimachinery).
 *
 * A Service with no selector, or with `selector: {}`, has its endpoints managed by the user:
 * the endpoints controllers skip it (`if service.Spec.Selector == nil`), and an empty map does
 * not survive the API server's protobuf storage, so it reads back as nil.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export function matchesSelector(
  selector: Readonly<Record<string, string>> | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (selector === null) return false
  const keys = Object.keys(selector)
  if (keys.length === 0) return false
  return keys.every((key) => Object.hasOwn(labels, key) && labels[key] === selector[key])
}
