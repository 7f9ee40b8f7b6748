// Mirrors kubernetes/kubernetes pkg/apis/discovery/validation/validation.go (ValidateEndpointSlice,
// validateAddressType, validateEndpoints, validatePorts, validateHints), with the v1 defaulting
// that runs first (pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort) and the address
// checks it calls: apimachinery IsValidIPv4Address/IsValidIPv6Address (util/validation/ip.go),
// IsFullyQualifiedDomainName (util/validation/validation.go) and core ValidateEndpointIP.
// Paths have no `spec.` prefix: an EndpointSlice has no spec.

import {
  arrAt,
  duplicate,
  internalError,
  invalid,
  isObj,
  notSupported,
  objAt,
  optStrAt,
  required,
  strAt,
  strMapAt,
  tooMany,
  type FieldError,
} from './fieldErrors'
import {
  decodeCheck,
  OBJECT_META_SCHEMA,
  S_ANY,
  S_BOOL,
  S_INT32,
  S_STRING,
  S_STRING_MAP,
  S_STRINGS,
  type DecodeResult,
  type GoSchema,
} from './decodeCheck'
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPv6String,
  isValidLabelValue,
  nameIsDNSSubdomain,
  parseIPSloppy,
} from './k8sNames'
import {
  validateDNS1123Label,
  validateLabels,
  validateNonSpecialIP,
  validateObjectMeta,
  validateQualifiedName,
} from './validateService'

// sets.List order (sorted), as NotSupported prints them.
const SUPPORTED_ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6']
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const MAX_TOPOLOGY_LABELS = 16
const MAX_ADDRESSES = 100
// The API docs say "a maximum of 100 ports", but validation allows 20000 so that Endpoints with
// many ports can still be mirrored.
const MAX_PORTS = 20000
const MAX_ENDPOINTS = 1000
const MAX_ZONE_HINTS = 8
const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone'

/** IsValidIPv4Address: ParseIPSloppy, then a 4-byte form (IPv4-mapped IPv6 passes). */
function validateIPv4Address(path: string, value: string): FieldError[] {
  const ip = parseIPSloppy(value)
  if (ip === null || isIPv6String(value))
    return [invalid(path, value, 'must be a valid IPv4 address')]
  return []
}

function validateIPv6Address(path: string, value: string): FieldError[] {
  if (!isIPv6String(value)) return [invalid(path, value, 'must be a valid IPv6 address')]
  return []
}

/** IsFullyQualifiedDomainName: a trailing dot is allowed; at least two labels. */
function validateFQDN(path: string, value: string): FieldError[] {
  if (value.length === 0) return [required(path)]
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  const subdomainErrs = isDNS1123Subdomain(name)
  if (subdomainErrs.length > 0) return [invalid(path, name, subdomainErrs.join(','))]
  const labels = name.split('.')
  if (labels.length < 2)
    return [invalid(path, name, 'should be a domain with at least two segments separated by dots')]
  for (const label of labels) {
    const errs = isDNS1123Label(label)
    if (errs.length > 0) return [invalid(path, label, errs.join(','))]
  }
  return []
}

function validateEndpoints(endpoints: unknown[], addressType: string): FieldError[] {
  const errs: FieldError[] = []
  if (endpoints.length > MAX_ENDPOINTS) {
    errs.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS))
    return errs
  }
  endpoints.forEach((endpoint, i) => {
    const idx = `endpoints[${i}]`
    const addressPath = `${idx}.addresses`
    const addresses = arrAt(endpoint, 'addresses').map((a) => (typeof a === 'string' ? a : ''))
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'))
    else if (addresses.length > MAX_ADDRESSES)
      errs.push(tooMany(addressPath, addresses.length, MAX_ADDRESSES))

    addresses.forEach((address, j) => {
      const path = `${addressPath}[${j}]`
      // Unknown address types fall through unvalidated, as upstream.
      switch (addressType) {
        case 'IPv4':
          errs.push(...validateIPv4Address(path, address))
          errs.push(...validateNonSpecialIP(address, path))
          break
        case 'IPv6':
          errs.push(...validateIPv6Address(path, address))
          errs.push(...validateNonSpecialIP(address, path))
          break
        case 'FQDN':
          errs.push(...validateFQDN(path, address))
          break
      }
    })

    const nodeName = optStrAt(endpoint, 'nodeName')
    if (nodeName !== undefined) {
      for (const m of nameIsDNSSubdomain(nodeName, false))
        errs.push(invalid(`${idx}.nodeName`, nodeName, m))
    }

    const topologyPath = `${idx}.deprecatedTopology`
    const topology = strMapAt(endpoint, 'deprecatedTopology') ?? []
    if (topology.length > MAX_TOPOLOGY_LABELS)
      errs.push(tooMany(topologyPath, topology.length, MAX_TOPOLOGY_LABELS))
    errs.push(...validateLabels(topology, topologyPath))
    // The zone belongs in `zone`; the key in the deprecated map is refused as an internal
    // error (v1beta1 conversion moved it; v1 has no custom conversion, so a v1 object hits it).
    if (topology.some(([k]) => k === LABEL_TOPOLOGY_ZONE))
      errs.push(
        internalError(
          `${topologyPath}[${LABEL_TOPOLOGY_ZONE}]`,
          'reserved key was not removed in conversion',
        ),
      )

    const hostname = optStrAt(endpoint, 'hostname')
    if (hostname !== undefined) errs.push(...validateDNS1123Label(hostname, `${idx}.hostname`))

    const hints = objAt(endpoint, 'hints')
    if (hints !== undefined) errs.push(...validateHints(hints, `${idx}.hints`))
  })
  return errs
}

function validateHints(hints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = []
  const forZones = arrAt(hints, 'forZones')
  const fzPath = `${path}.forZones`
  if (forZones.length > MAX_ZONE_HINTS) {
    errs.push(tooMany(fzPath, forZones.length, MAX_ZONE_HINTS))
    return errs
  }
  const seen = new Set<string>()
  forZones.forEach((zone, i) => {
    const zonePath = `${fzPath}[${i}].name`
    const name = strAt(zone, 'name')
    if (seen.has(name)) errs.push(duplicate(zonePath, name))
    else seen.add(name)
    for (const m of isValidLabelValue(name)) errs.push(invalid(zonePath, name, m))
  })
  return errs
}

function validatePorts(ports: unknown[]): FieldError[] {
  const errs: FieldError[] = []
  if (ports.length > MAX_PORTS) {
    errs.push(tooMany('ports', ports.length, MAX_PORTS))
    return errs
  }
  const names = new Set<string>()
  ports.forEach((port, i) => {
    const idx = `ports[${i}]`
    // SetDefaults_EndpointPort: a missing name is "" and a missing protocol is TCP, so the
    // Required error for protocol cannot happen on a v1 object.
    const name = optStrAt(port, 'name') ?? ''
    if (name.length > 0) errs.push(...validateDNS1123Label(name, `${idx}.name`))
    if (names.has(name)) errs.push(duplicate(`${idx}.name`, name))
    else names.add(name)
    const protocol = optStrAt(port, 'protocol') ?? 'TCP'
    if (!SUPPORTED_PROTOCOLS.includes(protocol))
      errs.push(notSupported(`${idx}.protocol`, protocol, SUPPORTED_PROTOCOLS))
    const appProtocol = optStrAt(port, 'appProtocol')
    if (appProtocol !== undefined)
      errs.push(...validateQualifiedName(appProtocol, `${idx}.appProtocol`))
    // The port number is not validated at all (it may even be missing): upstream has no check.
  })
  return errs
}

/**
 * ValidateEndpointSliceCreate on a discovery.k8s.io/v1 EndpointSlice as written (the namespace
 * already filled in from the request). The `kubernetes.io/service-name` label is not required:
 * without it the slice is simply not tied to any Service.
 */
export function validateEndpointSlice(raw: unknown): FieldError[] {
  const errs: FieldError[] = []
  errs.push(...validateObjectMeta(objAt(raw, 'metadata'), true, nameIsDNSSubdomain))
  const addressType = strAt(raw, 'addressType')
  if (addressType === '') errs.push(required('addressType'))
  else if (!SUPPORTED_ADDRESS_TYPES.includes(addressType))
    errs.push(notSupported('addressType', addressType, SUPPORTED_ADDRESS_TYPES))
  errs.push(...validateEndpoints(arrAt(raw, 'endpoints'), addressType))
  errs.push(...validatePorts(arrAt(raw, 'ports')))
  return errs
}

const ENDPOINT_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.Endpoint',
  fields: {
    addresses: S_STRINGS,
    conditions: {
      t: 'struct',
      go: 'v1.EndpointConditions',
      fields: { ready: S_BOOL, serving: S_BOOL, terminating: S_BOOL },
    },
    hostname: S_STRING,
    targetRef: S_ANY,
    deprecatedTopology: S_STRING_MAP,
    nodeName: S_STRING,
    zone: S_STRING,
    hints: {
      t: 'struct',
      go: 'v1.EndpointHints',
      fields: {
        forZones: {
          t: 'list',
          go: '[]v1.ForZone',
          elem: { t: 'struct', go: 'v1.ForZone', fields: { name: S_STRING } },
        },
        forNodes: {
          t: 'list',
          go: '[]v1.ForNode',
          elem: { t: 'struct', go: 'v1.ForNode', fields: { name: S_STRING } },
        },
      },
    },
  },
}

export const ENDPOINT_SLICE_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.EndpointSlice',
  fields: {
    apiVersion: S_STRING,
    kind: S_STRING,
    metadata: OBJECT_META_SCHEMA,
    addressType: S_STRING,
    endpoints: { t: 'list', go: '[]v1.Endpoint', elem: ENDPOINT_SCHEMA },
    ports: {
      t: 'list',
      go: '[]v1.EndpointPort',
      elem: {
        t: 'struct',
        go: 'v1.EndpointPort',
        fields: { name: S_STRING, protocol: S_STRING, port: S_INT32, appProtocol: S_STRING },
      },
    },
  },
}

/** The JSON-decode verdict on a raw EndpointSlice manifest (see decodeEndpoints). */
export function decodeEndpointSlice(raw: unknown): DecodeResult {
  return decodeCheck(isObj(raw) ? raw : {}, ENDPOINT_SLICE_SCHEMA)
}
