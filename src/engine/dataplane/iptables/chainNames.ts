/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go `portProtoHash`, `servicePortChainName`,
 * `servicePortEndpointChainName`): the first 16 characters of the base32 (RFC 4648, upper case)
 * SHA-256 of the service port name and the lower-case protocol, plus the endpoint for SEP chains.
 * @see reference/kube-proxy-iptables.md §2
 */
import { base32 } from '@scure/base'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { Protocol } from '../../model/cluster'

/** `<ns>/<name>:<portName>`, or `<ns>/<name>` when the port has no name. */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`
}

function hash16(text: string): string {
  return base32.encode(sha256(utf8ToBytes(text))).slice(0, 16)
}

export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-'

export function serviceChainName(
  prefix: ServiceChainPrefix,
  servicePortName: string,
  protocol: Protocol,
): string {
  return prefix + hash16(servicePortName + protocol.toLowerCase())
}

export function endpointChainName(
  servicePortName: string,
  protocol: Protocol,
  endpoint: string,
): string {
  return 'KUBE-SEP-' + hash16(servicePortName + protocol.toLowerCase() + endpoint)
}
