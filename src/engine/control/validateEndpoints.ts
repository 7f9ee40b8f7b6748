// Mirrors kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateEndpoints,
// validateEndpointSubsets, validateEndpointAddress, ValidateNonSpecialIP, validateEndpointPort).
// Endpoints paths start at `subsets`, with no `spec.` prefix, because the type has no spec.

import {
  arrAt,
  intAt,
  invalid,
  notSupported,
  objAt,
  optStrAt,
  required,
  strAt,
  type FieldError,
} from './fieldErrors'
import {
  decodeCheck,
  OBJECT_META_SCHEMA,
  S_ANY,
  S_INT32,
  S_STRING,
  type DecodeResult,
  type GoSchema,
} from './decodeCheck'
import { isValidIPForLegacyField, isValidPortNum, nameIsDNSSubdomain } from './k8sNames'
import {
  validateDNS1123Label,
  validateNonSpecialIP,
  validateObjectMeta,
  validateQualifiedName,
} from './validateService'

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP']

export interface EndpointsValidationOptions {
  /** The StrictIPCIDRValidation feature gate (see ServiceValidationOptions). */
  strictIPs?: boolean
}

function validateEndpointAddress(address: unknown, path: string, strict: boolean): FieldError[] {
  const errs: FieldError[] = []
  const ip = strAt(address, 'ip')
  errs.push(...isValidIPForLegacyField(ip, strict).map((m) => invalid(`${path}.ip`, ip, m)))
  const hostname = strAt(address, 'hostname')
  if (hostname.length > 0) errs.push(...validateDNS1123Label(hostname, `${path}.hostname`))
  const nodeName = optStrAt(address, 'nodeName')
  if (nodeName !== undefined) {
    for (const m of nameIsDNSSubdomain(nodeName, false))
      errs.push(invalid(`${path}.nodeName`, nodeName, m))
  }
  // Runs even when the IP did not parse, so a garbage IP gets two messages, as in Go.
  errs.push(...validateNonSpecialIP(ip, `${path}.ip`))
  return errs
}

function validateEndpointPort(port: unknown, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = []
  const name = strAt(port, 'name')
  if (requireName && name === '') errs.push(required(`${path}.name`))
  else if (name !== '') errs.push(...validateDNS1123Label(name, `${path}.name`))
  const p = intAt(port, 'port')
  for (const m of isValidPortNum(p)) errs.push(invalid(`${path}.port`, p, m))
  const protocol = strAt(port, 'protocol')
  if (protocol === '') errs.push(required(`${path}.protocol`))
  else if (!SUPPORTED_PROTOCOLS.includes(protocol))
    errs.push(notSupported(`${path}.protocol`, protocol, SUPPORTED_PROTOCOLS))
  const appProtocol = optStrAt(port, 'appProtocol')
  if (appProtocol !== undefined)
    errs.push(...validateQualifiedName(appProtocol, `${path}.appProtocol`))
  return errs
}

/** ValidateEndpoints (create) on a defaulted Endpoints object (defaultEndpoints). */
export function validateEndpoints(
  raw: unknown,
  opts: EndpointsValidationOptions = {},
): FieldError[] {
  const strict = opts.strictIPs === true
  const errs: FieldError[] = []
  errs.push(...validateObjectMeta(objAt(raw, 'metadata'), true, nameIsDNSSubdomain))
  arrAt(raw, 'subsets').forEach((ss, i) => {
    const idx = `subsets[${i}]`
    const addresses = arrAt(ss, 'addresses')
    const notReady = arrAt(ss, 'notReadyAddresses')
    if (addresses.length === 0 && notReady.length === 0)
      errs.push(required(idx, 'must specify `addresses` or `notReadyAddresses`'))
    addresses.forEach((a, j) =>
      errs.push(...validateEndpointAddress(a, `${idx}.addresses[${j}]`, strict)),
    )
    notReady.forEach((a, j) =>
      errs.push(...validateEndpointAddress(a, `${idx}.notReadyAddresses[${j}]`, strict)),
    )
    const ports = arrAt(ss, 'ports')
    ports.forEach((p, j) =>
      errs.push(...validateEndpointPort(p, ports.length > 1, `${idx}.ports[${j}]`)),
    )
  })
  return errs
}

const ENDPOINT_ADDRESS_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.EndpointAddress',
  fields: { ip: S_STRING, hostname: S_STRING, nodeName: S_STRING, targetRef: S_ANY },
}

export const ENDPOINTS_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.Endpoints',
  fields: {
    apiVersion: S_STRING,
    kind: S_STRING,
    metadata: OBJECT_META_SCHEMA,
    subsets: {
      t: 'list',
      go: '[]v1.EndpointSubset',
      elem: {
        t: 'struct',
        go: 'v1.EndpointSubset',
        fields: {
          addresses: { t: 'list', go: '[]v1.EndpointAddress', elem: ENDPOINT_ADDRESS_SCHEMA },
          notReadyAddresses: {
            t: 'list',
            go: '[]v1.EndpointAddress',
            elem: ENDPOINT_ADDRESS_SCHEMA,
          },
          ports: {
            t: 'list',
            go: '[]v1.EndpointPort',
            elem: {
              t: 'struct',
              go: 'v1.EndpointPort',
              fields: { name: S_STRING, port: S_INT32, protocol: S_STRING, appProtocol: S_STRING },
            },
          },
        },
      },
    },
  },
}

/** The JSON-decode verdict on a raw Endpoints manifest; render with formatDecodeFailure('Endpoints', r). */
export function decodeEndpoints(raw: unknown): DecodeResult {
  return decodeCheck(raw, ENDPOINTS_SCHEMA)
}
