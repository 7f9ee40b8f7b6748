// Mirrors kubernetes/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Service, SetDefaults_Pod,
// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Endpoints, defaultHostNetworkPorts), the
// declarative `+default="TCP"` of ContainerPort.protocol in pkg/apis/core/v1/zz_generated.defaults.go,
// and normalizeClusterIPs of pkg/registry/core/service/storage/storage.go.
// The apiserver defaults right after decoding, so a simulator that skips this reports errors the real
// server never shows ("missing protocol", "missing sessionAffinity" ...).

import { deepCopy, isObj, type Obj } from './fieldErrors'

// Go zero values: a string field that is absent, null or "" is the same empty string.
function isEmptyString(v: unknown): boolean {
  return v === undefined || v === null || v === ''
}

// A pointer field is nil when absent or null.
function isNil(v: unknown): boolean {
  return v === undefined || v === null
}

// Returns the nested object, creating it when nil (as Go decodes a missing struct to its zero value).
// Leaves wrong-typed values alone: decoding rejects them before defaulting would run.
function ensureObj(parent: Obj, key: string): Obj | undefined {
  const v = parent[key]
  if (isNil(v)) {
    const created: Obj = {}
    parent[key] = created
    return created
  }
  return isObj(v) ? v : undefined
}

// Array.isArray narrows unknown to any[]; keep the elements unknown.
function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? (v as unknown[]) : undefined
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v)
}

export const DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 10800

/** service.ExternallyAccessible (pkg/api/v1/service/util.go). */
export function externallyAccessible(spec: Obj): boolean {
  const type = spec['type']
  const externalIPs = spec['externalIPs']
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0)
  )
}

/** SetDefaults_Service on a deep copy of a parsed manifest. Non-objects are returned copied, untouched. */
export function defaultService(raw: unknown): unknown {
  const svc = deepCopy(raw)
  if (!isObj(svc)) return svc
  const spec = ensureObj(svc, 'spec')
  if (spec === undefined) return svc

  if (isEmptyString(spec['sessionAffinity'])) spec['sessionAffinity'] = 'None'
  if (spec['sessionAffinity'] === 'None') {
    // Wiped, not validated: a config next to affinity None never reaches validation.
    delete spec['sessionAffinityConfig']
  }
  if (spec['sessionAffinity'] === 'ClientIP') {
    const cfg = spec['sessionAffinityConfig']
    const clientIP = isObj(cfg) ? cfg['clientIP'] : undefined
    const timeout = isObj(clientIP) ? clientIP['timeoutSeconds'] : undefined
    if (!isObj(cfg) || !isObj(clientIP) || isNil(timeout)) {
      // Go replaces the whole config, dropping anything else the user put in it.
      spec['sessionAffinityConfig'] = {
        clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS },
      }
    }
  }
  if (isEmptyString(spec['type'])) spec['type'] = 'ClusterIP'

  const ports = asArray(spec['ports'])
  if (ports !== undefined) {
    for (let i = 0; i < ports.length; i++) {
      if (isNil(ports[i])) ports[i] = {} // a null list element decodes to a zero ServicePort
      const sp = ports[i]
      if (!isObj(sp)) continue
      if (isEmptyString(sp['protocol'])) sp['protocol'] = 'TCP'
      const tp = sp['targetPort']
      // IntOrString zero value is Int 0; "" is FromString(""). Both mean "same as port".
      if (isNil(tp) || tp === 0 || tp === '') {
        const port = sp['port']
        if (isNil(port)) sp['targetPort'] = 0
        else if (isInt(port)) sp['targetPort'] = port
      }
    }
  }

  if (externallyAccessible(spec) && isEmptyString(spec['externalTrafficPolicy']))
    spec['externalTrafficPolicy'] = 'Cluster'

  if (isNil(spec['internalTrafficPolicy'])) {
    const t = spec['type']
    if (t === 'NodePort' || t === 'LoadBalancer' || t === 'ClusterIP')
      spec['internalTrafficPolicy'] = 'Cluster'
  }

  if (spec['type'] === 'LoadBalancer') {
    if (isNil(spec['allocateLoadBalancerNodePorts'])) spec['allocateLoadBalancerNodePorts'] = true
    const lb = isObj(svc['status']) ? svc['status']['loadBalancer'] : undefined
    const ingress = isObj(lb) ? lb['ingress'] : undefined
    if (Array.isArray(ingress)) {
      for (const ing of ingress) {
        if (isObj(ing) && !isEmptyString(ing['ip']) && isNil(ing['ipMode'])) ing['ipMode'] = 'VIP'
      }
    }
  }
  return svc
}

/**
 * normalizeClusterIPs for a create: a manifest that sets only `clusterIP` gets `clusterIPs: [clusterIP]`.
 * This runs in the create hook before validation, which is why a bad clusterIP is reported on
 * `spec.clusterIPs[0]`. Returns a deep copy; run it on the output of defaultService.
 */
export function normalizeClusterIPsForCreate(svc: unknown): unknown {
  const out = deepCopy(svc)
  const spec = isObj(out) ? out['spec'] : undefined
  if (!isObj(spec)) return out
  const clusterIP = spec['clusterIP']
  const clusterIPs = spec['clusterIPs']
  const hasIPs = Array.isArray(clusterIPs) && clusterIPs.length > 0
  if (typeof clusterIP === 'string' && clusterIP !== '' && !hasIPs) spec['clusterIPs'] = [clusterIP]
  return out
}

// parsers.ParseImageName defaults a missing tag to "latest"; a digest means no tag.
function imageTag(image: string): string {
  if (image.includes('@')) return ''
  const lastSlash = image.lastIndexOf('/')
  const colon = image.lastIndexOf(':')
  return colon > lastSlash ? image.slice(colon + 1) : 'latest'
}

function defaultContainers(value: unknown, hostNetwork: boolean): void {
  const list = asArray(value)
  if (list === undefined) return
  for (let i = 0; i < list.length; i++) {
    if (isNil(list[i])) list[i] = {}
    const c = list[i]
    if (!isObj(c)) continue
    // SetDefaults_Container
    if (isEmptyString(c['imagePullPolicy'])) {
      const image = typeof c['image'] === 'string' ? c['image'] : ''
      c['imagePullPolicy'] = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent'
    }
    if (isEmptyString(c['terminationMessagePath']))
      c['terminationMessagePath'] = '/dev/termination-log'
    if (isEmptyString(c['terminationMessagePolicy'])) c['terminationMessagePolicy'] = 'File'
    const ports = asArray(c['ports'])
    if (ports === undefined) continue
    for (let j = 0; j < ports.length; j++) {
      if (isNil(ports[j])) ports[j] = {}
      const p = ports[j]
      if (!isObj(p)) continue
      if (isEmptyString(p['protocol'])) p['protocol'] = 'TCP'
      // defaultHostNetworkPorts: with the node's network namespace the container port is the host port.
      if (hostNetwork && (isNil(p['hostPort']) || p['hostPort'] === 0) && isInt(p['containerPort']))
        p['hostPort'] = p['containerPort']
    }
  }
}

/** SetDefaults_Pod + SetDefaults_PodSpec + SetDefaults_Container + ContainerPort protocol, on a deep copy. */
export function defaultPod(raw: unknown): unknown {
  const pod = deepCopy(raw)
  if (!isObj(pod)) return pod
  const spec = ensureObj(pod, 'spec')
  if (spec === undefined) return pod
  if (isNil(spec['enableServiceLinks'])) spec['enableServiceLinks'] = true
  if (isEmptyString(spec['dnsPolicy'])) spec['dnsPolicy'] = 'ClusterFirst'
  if (isEmptyString(spec['restartPolicy'])) spec['restartPolicy'] = 'Always'
  if (isNil(spec['securityContext'])) spec['securityContext'] = {}
  if (isNil(spec['terminationGracePeriodSeconds'])) spec['terminationGracePeriodSeconds'] = 30
  if (isEmptyString(spec['schedulerName'])) spec['schedulerName'] = 'default-scheduler'
  const hostNetwork = spec['hostNetwork'] === true
  defaultContainers(spec['containers'], hostNetwork)
  defaultContainers(spec['initContainers'], hostNetwork)
  return pod
}

/** SetDefaults_Endpoints: every subset port's protocol "" → TCP, on a deep copy. */
export function defaultEndpoints(raw: unknown): unknown {
  const ep = deepCopy(raw)
  if (!isObj(ep)) return ep
  const subsets = asArray(ep['subsets'])
  if (subsets === undefined) return ep
  for (const ss of subsets) {
    if (!isObj(ss)) continue
    const ports = asArray(ss['ports'])
    if (ports === undefined) continue
    for (let i = 0; i < ports.length; i++) {
      if (isNil(ports[i])) ports[i] = {}
      const p = ports[i]
      if (isObj(p) && isEmptyString(p['protocol'])) p['protocol'] = 'TCP'
    }
  }
  return ep
}
