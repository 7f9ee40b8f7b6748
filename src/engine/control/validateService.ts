// Mirrors kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateService,
// validateServicePort, ValidatePortNumOrName, validateClientIPAffinityConfig, validateAffinityTimeout,
// ValidateServiceClusterIPsRelatedFields, ValidateNonSpecialIP, validateLoadBalancerClassField,
// validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue,
// validateServiceTrafficDistribution, ValidateServiceUpdate and its upgrade/downgrade helpers) and
// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor).
// Checks run and errors are collected in the apiserver's order; nothing short-circuits unless the
// Go code returns early too.

import {
  duplicate,
  forbidden,
  invalid,
  isObj,
  notSupported,
  optIntAt,
  optStrAt,
  required,
  strAt,
  strListAt,
  strMapAt,
  tooLong,
  arrAt,
  intAt,
  objAt,
  type FieldError,
} from './fieldErrors'
import {
  decodeCheck,
  OBJECT_META_SCHEMA,
  S_ANY,
  S_BOOL,
  S_INT32,
  S_INTSTR,
  S_STRING,
  S_STRING_MAP,
  S_STRINGS,
  type DecodeResult,
  type GoSchema,
} from './decodeCheck'
import {
  isDNS1123Subdomain,
  isIPv6String,
  isQualifiedName,
  isValidCIDRForLegacyField,
  isValidIPForLegacyField,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isDNS1123Label,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nonSpecialIPMessages,
} from './k8sNames'
import { externallyAccessible, normalizeClusterIPsForCreate } from './defaultService'

export {
  clusterIPAllocationError,
  clusterIPAlreadyAllocated,
  clusterIPNotInRange,
  formatInternalError,
  healthCheckNodePortAllocationError,
  ipFamilyPolicyNotDualStack,
  nodePortAlreadyAllocated,
  nodePortOutOfRange,
  nodePortRangeFull,
} from './fieldErrors'

export interface ServiceValidationOptions {
  /**
   * The StrictIPCIDRValidation feature gate: rejects IPv4 octets with leading zeros and
   * IPv4-mapped IPv6 in clusterIPs, externalIPs and loadBalancerSourceRanges. Off by default.
   */
  strictIPs?: boolean
}

type NameFn = (name: string, prefix: boolean) => string[]

// ---------------------------------------------------------------------------------------------
// ObjectMeta

/** unversionedvalidation.ValidateLabels: errors on the map's path (not keyed), key then value, in document order. */
export function validateLabels(
  labels: ReadonlyArray<[string, string]> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = []
  for (const [k, v] of labels ?? []) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m))
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m))
  }
  return errs
}

const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024

function utf8Len(s: string): number {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

/** ValidateAnnotations: keys are qualified names compared lowercased; the total size is capped at 256 KiB. */
export function validateAnnotations(
  annotations: ReadonlyArray<[string, string]> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = []
  let total = 0
  for (const [k, v] of annotations ?? []) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m))
    total += utf8Len(k) + utf8Len(v)
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B)
    errs.push(tooLong(path, `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes`))
  return errs
}

/**
 * ValidateObjectMeta on create. Name generation (generateName) must already have happened, and
 * the namespace must already be filled in from the request, as the apiserver does before this.
 */
export function validateObjectMeta(
  meta: unknown,
  requiresNamespace: boolean,
  nameFn: NameFn,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = []
  const generateName = strAt(meta, 'generateName')
  if (generateName !== '') {
    for (const m of nameFn(generateName, true))
      errs.push(invalid(`${path}.generateName`, generateName, m))
  }
  const name = strAt(meta, 'name')
  if (name === '') errs.push(required(`${path}.name`, 'name or generateName is required'))
  else for (const m of nameFn(name, false)) errs.push(invalid(`${path}.name`, name, m))

  const namespace = strAt(meta, 'namespace')
  if (requiresNamespace) {
    if (namespace === '') errs.push(required(`${path}.namespace`))
    else
      for (const m of nameIsDNSLabel(namespace, false))
        errs.push(invalid(`${path}.namespace`, namespace, m))
  } else if (namespace !== '') {
    errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'))
  }
  const generation = intAt(meta, 'generation')
  if (generation < 0)
    errs.push(invalid(`${path}.generation`, generation, 'must be greater than or equal to 0'))
  errs.push(...validateLabels(strMapAt(meta, 'labels'), `${path}.labels`))
  errs.push(...validateAnnotations(strMapAt(meta, 'annotations'), `${path}.annotations`))
  return errs
}

// ---------------------------------------------------------------------------------------------
// Service

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const SUPPORTED_SESSION_AFFINITY = ['ClientIP', 'None']
const SUPPORTED_SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const SUPPORTED_IP_FAMILIES = ['IPv4', 'IPv6']
const SUPPORTED_IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack']
const SUPPORTED_EXTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local']
const SUPPORTED_INTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local']
// PreferSameZone/PreferSameNode joined PreferClose with the PreferSameTrafficDistribution gate (on since 1.34).
const SUPPORTED_TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameNode', 'PreferSameZone']
const MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 86400
const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode'
const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints'
const ANNOTATION_LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges'

function isHeadless(clusterIPs: readonly string[]): boolean {
  return clusterIPs.length === 1 && clusterIPs[0] === 'None'
}

/** The IntOrString of a targetPort as read after defaulting: a number is Int, a string is String. */
function intOrString(v: unknown): { int: number } | { str: string } {
  if (typeof v === 'string') return { str: v }
  if (typeof v === 'number' && Number.isInteger(v)) return { int: v }
  return { int: 0 }
}

/** ValidatePortNumOrName. The Go code passes IntValue() (a Go int), which renders plain like int32. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  const p = intOrString(port)
  if ('int' in p) return isValidPortNum(p.int).map((m) => invalid(path, p.int, m))
  return isValidPortName(p.str).map((m) => invalid(path, p.str, m))
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m))
}

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m))
}

function validateServicePort(
  sp: unknown,
  requireName: boolean,
  allNames: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = []
  const name = strAt(sp, 'name')
  if (requireName && name === '') {
    errs.push(required(`${path}.name`))
  } else if (name !== '') {
    errs.push(...validateDNS1123Label(name, `${path}.name`))
    if (allNames.has(name)) errs.push(duplicate(`${path}.name`, name))
    else allNames.add(name)
  }
  const port = intAt(sp, 'port')
  for (const m of isValidPortNum(port)) errs.push(invalid(`${path}.port`, port, m))
  const protocol = strAt(sp, 'protocol')
  if (protocol === '') errs.push(required(`${path}.protocol`))
  else if (!SUPPORTED_PROTOCOLS.includes(protocol))
    errs.push(notSupported(`${path}.protocol`, protocol, SUPPORTED_PROTOCOLS))
  errs.push(
    ...validatePortNumOrName(isObj(sp) ? sp['targetPort'] : undefined, `${path}.targetPort`),
  )
  const appProtocol = optStrAt(sp, 'appProtocol')
  if (appProtocol !== undefined)
    errs.push(...validateQualifiedName(appProtocol, `${path}.appProtocol`))
  // Headless services tolerate any targetPort in the v1 API (the Go check is commented out).
  return errs
}

function validateClientIPAffinityConfig(spec: unknown, path: string): FieldError[] {
  const detail = 'when session affinity type is ClientIP'
  const config = objAt(spec, 'sessionAffinityConfig')
  if (config === undefined) return [required(path, detail)]
  const clientIP = objAt(config, 'clientIP')
  if (clientIP === undefined) return [required(`${path}.clientIP`, detail)]
  const timeout = optIntAt(clientIP, 'timeoutSeconds')
  if (timeout === undefined) return [required(`${path}.clientIP.timeoutSeconds`, detail)]
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS) {
    // The text says "less than" but 86400 itself passes: the Go check is `> Max`.
    return [
      invalid(
        `${path}.clientIP.timeoutSeconds`,
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS}`,
      ),
    ]
  }
  return []
}

/** The IP-family view of a Service used by the clusterIPs checks and by the allocator's early check. */
function readIPFields(svc: unknown): {
  type: string
  clusterIP: string
  clusterIPs: string[]
  ipFamilies: string[]
  ipFamilyPolicy: string | undefined
} {
  const spec = objAt(svc, 'spec')
  return {
    type: strAt(spec, 'type'),
    clusterIP: strAt(spec, 'clusterIP'),
    clusterIPs: strListAt(spec, 'clusterIPs'),
    ipFamilies: strListAt(spec, 'ipFamilies'),
    ipFamilyPolicy: optStrAt(spec, 'ipFamilyPolicy'),
  }
}

/**
 * ValidateServiceClusterIPsRelatedFields. Exported because the create hook runs it before
 * allocating (initIPFamilyFields), as the apiserver does.
 */
export function validateServiceClusterIPsRelatedFields(
  svc: unknown,
  opts: ServiceValidationOptions = {},
): FieldError[] {
  const { type, clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy } = readIPFields(svc)
  // ExternalName's fields were checked (all must be unset) by ValidateService already.
  if (type === 'ExternalName') return []
  const errs: FieldError[] = []
  let hasInvalidIPs = false
  const clusterIPsField = 'spec.clusterIPs'

  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsField))
    else if (clusterIPs[0] !== clusterIP)
      errs.push(invalid(clusterIPsField, clusterIPs, 'first value must match `clusterIP`'))
  } else if (clusterIPs.length !== 0) {
    errs.push(
      invalid(clusterIPsField, clusterIPs, 'must be empty when `clusterIP` is not specified'),
    )
  }

  const seen = new Set<string>()
  ipFamilies.forEach((family, i) => {
    if (!SUPPORTED_IP_FAMILIES.includes(family))
      errs.push(notSupported(`spec.ipFamilies[${i}]`, family, SUPPORTED_IP_FAMILIES))
    if (seen.has(family)) errs.push(duplicate(`spec.ipFamilies[${i}]`, family))
    seen.add(family)
  })

  if (ipFamilyPolicy !== undefined && !SUPPORTED_IP_FAMILY_POLICIES.includes(ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', ipFamilyPolicy, SUPPORTED_IP_FAMILY_POLICIES))
  }

  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true
        errs.push(invalid(clusterIPsField, clusterIPs, "'None' must be the first and only value"))
      }
      return
    }
    const msgs = isValidIPForLegacyField(ip, opts.strictIPs === true)
    if (msgs.length > 0) hasInvalidIPs = true
    for (const m of msgs) errs.push(invalid(`${clusterIPsField}[${i}]`, ip, m))
  })

  if (clusterIPs.length > 2)
    errs.push(invalid(clusterIPsField, clusterIPs, 'may only hold up to 2 values'))

  // Bad or misplaced IPs would skew the family checks below, so Go stops here.
  if (hasInvalidIPs) return errs

  if (clusterIPs.length > 1) {
    const v6 = clusterIPs.filter((ip) => isIPv6String(ip)).length
    const dualStack = v6 > 0 && v6 < clusterIPs.length
    if (!dualStack)
      errs.push(
        invalid(clusterIPsField, clusterIPs, 'may specify no more than one IP for each IP family'),
      )
  }

  if (!isHeadless(clusterIPs) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    for (let i = 0; i < clusterIPs.length && i < ipFamilies.length; i++) {
      const ip = clusterIPs[i] ?? ''
      const family = ipFamilies[i]
      if (family === 'IPv4' && isIPv6String(ip))
        errs.push(
          invalid(
            `${clusterIPsField}[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        )
      if (family === 'IPv6' && !isIPv6String(ip))
        errs.push(
          invalid(
            `${clusterIPsField}[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        )
    }
  }
  return errs
}

/** ValidateNonSpecialIP as FieldErrors. */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  return nonSpecialIPMessages(ip).map((m) => invalid(path, ip, m))
}

function validateLoadBalancerClassField(oldSvc: unknown, svc: unknown): FieldError[] {
  const errs: FieldError[] = []
  const spec = objAt(svc, 'spec')
  const isLB = strAt(spec, 'type') === 'LoadBalancer'
  const lbClass = optStrAt(spec, 'loadBalancerClass')
  if (oldSvc !== undefined) {
    const oldSpec = objAt(oldSvc, 'spec')
    const oldClass = optStrAt(oldSpec, 'loadBalancerClass')
    if (strAt(oldSpec, 'type') === 'LoadBalancer' && isLB && oldClass !== lbClass) {
      errs.push(invalid('spec.loadBalancerClass', lbClass ?? null, 'may not change once set'))
    }
  }
  if (isLB) {
    if (lbClass !== undefined)
      errs.push(...validateQualifiedName(lbClass, 'spec.loadBalancerClass'))
  } else if (lbClass !== undefined) {
    errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"))
  }
  return errs
}

function needsHealthCheck(spec: unknown): boolean {
  return strAt(spec, 'type') === 'LoadBalancer' && strAt(spec, 'externalTrafficPolicy') === 'Local'
}

function validateServiceExternalTrafficPolicy(
  spec: Record<string, unknown> | undefined,
): FieldError[] {
  const errs: FieldError[] = []
  const etp = strAt(spec, 'externalTrafficPolicy')
  if (!externallyAccessible(spec ?? {})) {
    if (etp !== '')
      errs.push(
        invalid(
          'spec.externalTrafficPolicy',
          etp,
          'may only be set for externally-accessible services',
        ),
      )
  } else if (etp === '') {
    errs.push(required('spec.externalTrafficPolicy'))
  } else if (!SUPPORTED_EXTERNAL_TRAFFIC_POLICIES.includes(etp)) {
    errs.push(notSupported('spec.externalTrafficPolicy', etp, SUPPORTED_EXTERNAL_TRAFFIC_POLICIES))
  }
  const hcnp = intAt(spec, 'healthCheckNodePort')
  if (!needsHealthCheck(spec)) {
    if (hcnp !== 0) {
      errs.push(
        invalid(
          'spec.healthCheckNodePort',
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      )
    }
  } else if (hcnp === 0) {
    // Reached only when the allocator did not fill it in.
    errs.push(required('spec.healthCheckNodePort'))
  } else {
    for (const m of isValidPortNum(hcnp)) errs.push(invalid('spec.healthCheckNodePort', hcnp, m))
  }
  return errs
}

function validateServiceInternalTrafficFieldsValue(
  spec: Record<string, unknown> | undefined,
): FieldError[] {
  const errs: FieldError[] = []
  const itp = optStrAt(spec, 'internalTrafficPolicy')
  const type = strAt(spec, 'type')
  if (itp === undefined) {
    // Not forbidden on other types, for compatibility with objects stored before the check existed.
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')
      errs.push(required('spec.internalTrafficPolicy'))
  } else if (!SUPPORTED_INTERNAL_TRAFFIC_POLICIES.includes(itp)) {
    errs.push(notSupported('spec.internalTrafficPolicy', itp, SUPPORTED_INTERNAL_TRAFFIC_POLICIES))
  }
  return errs
}

function validateServiceTrafficDistribution(
  spec: Record<string, unknown> | undefined,
): FieldError[] {
  const td = optStrAt(spec, 'trafficDistribution')
  if (td === undefined || SUPPORTED_TRAFFIC_DISTRIBUTIONS.includes(td)) return []
  return [notSupported('spec.trafficDistribution', td, SUPPORTED_TRAFFIC_DISTRIBUTIONS)]
}

/**
 * The ServicePort key Go uses for the duplicate (protocol, port) check, as the >=1.34 error
 * renders it: the internal struct has no json tags, so Go field names and declaration order.
 */
function servicePortKey(protocol: string, port: number): Record<string, unknown> {
  return { Name: '', Protocol: protocol, AppProtocol: null, Port: port, TargetPort: 0, NodePort: 0 }
}

/**
 * ValidateService on a defaulted Service (defaultService). clusterIP → clusterIPs normalization of
 * the create path is applied here, so a manifest with only `clusterIP` is judged as the apiserver
 * judges it. Allocator errors (nodePort range/taken, clusterIP taken) are not produced here.
 */
export function validateService(raw: unknown, opts: ServiceValidationOptions = {}): FieldError[] {
  const svc = normalizeClusterIPsForCreate(raw)
  const errs: FieldError[] = []
  const meta = objAt(svc, 'metadata')
  errs.push(...validateObjectMeta(meta, true, nameIsDNS1035Label))

  const annotations = objAt(meta, 'annotations')
  const hints = annotations?.[ANNOTATION_TOPOLOGY_AWARE_HINTS]
  const mode = annotations?.[ANNOTATION_TOPOLOGY_MODE]
  if (typeof hints === 'string' && typeof mode === 'string' && hints !== mode) {
    errs.push(
      invalid(
        `metadata.annotations[${ANNOTATION_TOPOLOGY_MODE}]`,
        mode,
        `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    )
  }

  const spec = objAt(svc, 'spec')
  const type = strAt(spec, 'type')
  const ports = arrAt(spec, 'ports')
  const clusterIPs = strListAt(spec, 'clusterIPs')
  const headless = isHeadless(clusterIPs)

  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'))

  switch (type) {
    case 'LoadBalancer':
      if (headless)
        errs.push(
          invalid(
            'spec.clusterIPs[0]',
            clusterIPs[0],
            "may not be set to 'None' for LoadBalancer services",
          ),
        )
      break
    case 'NodePort':
      if (headless)
        errs.push(
          invalid(
            'spec.clusterIPs[0]',
            clusterIPs[0],
            "may not be set to 'None' for NodePort services",
          ),
        )
      break
    case 'ExternalName': {
      if (clusterIPs.length > 0)
        errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'))
      if (strListAt(spec, 'ipFamilies').length > 0)
        errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'))
      if (optStrAt(spec, 'ipFamilyPolicy') !== undefined)
        errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'))
      // A CNAME may end in one dot to mark it fully qualified.
      const externalName = strAt(spec, 'externalName')
      const cname = externalName.endsWith('.') ? externalName.slice(0, -1) : externalName
      if (cname.length > 0)
        errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)))
      else errs.push(required('spec.externalName'))
      break
    }
  }

  const allPortNames = new Set<string>()
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, allPortNames, `spec.ports[${i}]`)),
  )

  const selector = strMapAt(spec, 'selector')
  if (selector !== undefined) errs.push(...validateLabels(selector, 'spec.selector'))

  const affinity = strAt(spec, 'sessionAffinity')
  if (affinity === '') errs.push(required('spec.sessionAffinity'))
  else if (!SUPPORTED_SESSION_AFFINITY.includes(affinity))
    errs.push(notSupported('spec.sessionAffinity', affinity, SUPPORTED_SESSION_AFFINITY))
  if (affinity === 'ClientIP') {
    errs.push(...validateClientIPAffinityConfig(spec, 'spec.sessionAffinityConfig'))
  } else if (affinity === 'None' && objAt(spec, 'sessionAffinityConfig') !== undefined) {
    errs.push(
      forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    )
  }

  errs.push(...validateServiceClusterIPsRelatedFields(svc, opts))

  strListAt(spec, 'externalIPs').forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`
    const msgs = isValidIPForLegacyField(ip, opts.strictIPs === true)
    if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(path, ip, m)))
    else errs.push(...validateNonSpecialIP(ip, path))
  })

  if (type === '') errs.push(required('spec.type'))
  else if (!SUPPORTED_SERVICE_TYPES.includes(type))
    errs.push(notSupported('spec.type', type, SUPPORTED_SERVICE_TYPES))

  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (intAt(p, 'nodePort') !== 0)
        errs.push(
          forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        )
    })
  }

  const nodePorts = new Set<string>()
  ports.forEach((p, i) => {
    const nodePort = intAt(p, 'nodePort')
    if (nodePort === 0) return
    const key = `${strAt(p, 'protocol')}/${nodePort}`
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, nodePort))
    nodePorts.add(key)
  })

  const portKeys = new Set<string>()
  ports.forEach((p, i) => {
    const protocol = strAt(p, 'protocol')
    const port = intAt(p, 'port')
    const key = `${protocol}/${port}`
    if (portKeys.has(key))
      errs.push(duplicate(`spec.ports[${i}]`, servicePortKey(protocol, port), 'struct'))
    portKeys.add(key)
  })

  const sourceRanges = strListAt(spec, 'loadBalancerSourceRanges')
  const rangesAnnotation = annotations?.[ANNOTATION_LB_SOURCE_RANGES]
  if (sourceRanges.length > 0) {
    // The capital L is in the Go source.
    const path = 'spec.LoadBalancerSourceRanges'
    if (type !== 'LoadBalancer')
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
    sourceRanges.forEach((value, idx) => {
      // Space padding is tolerated, a leftover from the annotation days.
      const v = value.trim()
      errs.push(
        ...isValidCIDRForLegacyField(v, opts.strictIPs === true).map((m) =>
          invalid(`${path}[${idx}]`, v, m),
        ),
      )
    })
  } else if (typeof rangesAnnotation === 'string') {
    const path = `metadata.annotations[${ANNOTATION_LB_SOURCE_RANGES}]`
    if (type !== 'LoadBalancer')
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
    const val = rangesAnnotation.trim()
    if (val !== '') {
      for (const part of val.split(',')) {
        const v = part.trim()
        errs.push(
          ...isValidCIDRForLegacyField(v, opts.strictIPs === true).map((m) => invalid(path, v, m)),
        )
      }
    }
  }

  const allocateLB = isObj(spec) ? spec['allocateLoadBalancerNodePorts'] : undefined
  const allocateLBSet = allocateLB !== undefined && allocateLB !== null
  if (allocateLBSet && type !== 'LoadBalancer') {
    errs.push(
      forbidden(
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    )
  }
  if (type === 'LoadBalancer' && !allocateLBSet) {
    // Go builds this path without "spec." (unreachable after defaulting).
    errs.push(required('allocateLoadBalancerNodePorts'))
  }

  errs.push(...validateLoadBalancerClassField(undefined, svc))
  errs.push(...validateServiceExternalTrafficPolicy(spec))
  errs.push(...validateServiceInternalTrafficFieldsValue(spec))
  errs.push(...validateServiceTrafficDistribution(spec))
  return errs
}

// ---------------------------------------------------------------------------------------------
// Update

function validateUpgradeDowngradeClusterIPs(oldSvc: unknown, svc: unknown): FieldError[] {
  const errs: FieldError[] = []
  const o = readIPFields(oldSvc)
  const n = readIPFields(svc)
  if (n.type === 'ExternalName' || o.type === 'ExternalName') return errs
  if (isHeadless(o.clusterIPs) && isHeadless(n.clusterIPs)) return errs
  if (o.clusterIPs.length === n.clusterIPs.length) {
    o.clusterIPs.forEach((ip, i) => {
      if (ip !== n.clusterIPs[i])
        errs.push(invalid(`spec.clusterIPs[${i}]`, n.clusterIPs, 'may not change once set'))
    })
  } else if (o.clusterIPs.length > n.clusterIPs.length) {
    if (n.clusterIPs.length === 0)
      errs.push(invalid('spec.clusterIPs[0]', n.clusterIPs, 'primary clusterIP can not be unset'))
    if (o.clusterIPs.length > 0 && n.clusterIPs.length > 0 && n.clusterIPs[0] !== o.clusterIPs[0]) {
      errs.push(invalid('spec.clusterIPs[0]', n.clusterIPs, 'may not change once set'))
    }
    if (n.clusterIPs.length === 1 && n.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          n.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      )
    }
  } else if (o.clusterIPs.length > 0 && n.clusterIPs[0] !== o.clusterIPs[0]) {
    errs.push(invalid('spec.clusterIPs[0]', n.clusterIPs, 'may not change once set'))
  }
  return errs
}

function validateUpgradeDowngradeIPFamilies(oldSvc: unknown, svc: unknown): FieldError[] {
  const errs: FieldError[] = []
  const o = readIPFields(oldSvc)
  const n = readIPFields(svc)
  if (n.type === 'ExternalName' || o.type === 'ExternalName') return errs
  if (isHeadless(n.clusterIPs) !== isHeadless(o.clusterIPs) || isHeadless(n.clusterIPs)) return errs
  if (o.ipFamilies.length === n.ipFamilies.length) {
    o.ipFamilies.forEach((f, i) => {
      if (f !== n.ipFamilies[i])
        errs.push(invalid('spec.ipFamilies[0]', n.ipFamilies, 'may not change once set'))
    })
  } else if (o.ipFamilies.length > n.ipFamilies.length) {
    if (n.clusterIPs.length === 0)
      errs.push(invalid('spec.ipFamilies[0]', n.ipFamilies, 'primary ipFamily can not be unset'))
    // Go reports clusterIPs as the value of these ipFamilies errors.
    if (n.ipFamilies.length > 0 && n.ipFamilies[0] !== o.ipFamilies[0])
      errs.push(invalid('spec.ipFamilies[0]', n.clusterIPs, 'may not change once set'))
    if (n.ipFamilies.length === 1 && n.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          n.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      )
    }
  } else if (
    o.ipFamilies.length > 0 &&
    n.ipFamilies.length > 0 &&
    n.ipFamilies[0] !== o.ipFamilies[0]
  ) {
    errs.push(invalid('spec.ipFamilies[0]', n.clusterIPs, 'may not change once set'))
  }
  return errs
}

/**
 * ValidateServiceUpdate without the ObjectMeta update rules (resourceVersion, immutable
 * name/namespace/uid), which the store checks before this in the simulator. Both objects are
 * defaulted; the new one already carries the old allocations (patchAllocatedValues).
 */
export function validateServiceUpdate(
  svc: unknown,
  oldSvc: unknown,
  opts: ServiceValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = []
  errs.push(...validateUpgradeDowngradeClusterIPs(oldSvc, svc))
  errs.push(...validateUpgradeDowngradeIPFamilies(oldSvc, svc))
  errs.push(...validateLoadBalancerClassField(oldSvc, svc))
  const oldSpec = objAt(oldSvc, 'spec')
  const newSpec = objAt(svc, 'spec')
  if (
    needsHealthCheck(oldSpec) &&
    needsHealthCheck(newSpec) &&
    intAt(oldSpec, 'healthCheckNodePort') !== intAt(newSpec, 'healthCheckNodePort')
  ) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'))
  }
  // On update the plural field is not re-derived from the singular one here.
  errs.push(...validateService(svc, opts))
  return errs
}

// ---------------------------------------------------------------------------------------------
// Decoding

const SERVICE_PORT_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.ServicePort',
  fields: {
    name: S_STRING,
    protocol: S_STRING,
    appProtocol: S_STRING,
    port: S_INT32,
    targetPort: S_INTSTR,
    nodePort: S_INT32,
  },
}

export const SERVICE_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.Service',
  fields: {
    apiVersion: S_STRING,
    kind: S_STRING,
    metadata: OBJECT_META_SCHEMA,
    spec: {
      t: 'struct',
      go: 'v1.ServiceSpec',
      fields: {
        ports: { t: 'list', go: '[]v1.ServicePort', elem: SERVICE_PORT_SCHEMA },
        selector: S_STRING_MAP,
        clusterIP: S_STRING,
        clusterIPs: S_STRINGS,
        type: S_STRING,
        externalIPs: S_STRINGS,
        sessionAffinity: S_STRING,
        loadBalancerIP: S_STRING,
        loadBalancerSourceRanges: S_STRINGS,
        externalName: S_STRING,
        externalTrafficPolicy: S_STRING,
        healthCheckNodePort: S_INT32,
        publishNotReadyAddresses: S_BOOL,
        sessionAffinityConfig: {
          t: 'struct',
          go: 'v1.SessionAffinityConfig',
          fields: {
            clientIP: { t: 'struct', go: 'v1.ClientIPConfig', fields: { timeoutSeconds: S_INT32 } },
          },
        },
        ipFamilies: S_STRINGS,
        ipFamilyPolicy: S_STRING,
        allocateLoadBalancerNodePorts: S_BOOL,
        loadBalancerClass: S_STRING,
        internalTrafficPolicy: S_STRING,
        trafficDistribution: S_STRING,
      },
    },
    status: S_ANY,
  },
}

/**
 * What the apiserver's JSON decode says about a raw Service manifest, before any defaulting:
 * the first type mismatch and the unknown fields. Render with formatDecodeFailure('Service', r).
 */
export function decodeService(raw: unknown): DecodeResult {
  return decodeCheck(raw, SERVICE_SCHEMA)
}
