/**
 * IPv4 addresses and CIDRs as numbers. The playground's clusters are IPv4 single-stack, as a
 * default kubeadm cluster is; the parsing is strict like current kube-apiserver (no leading
 * zeros), see k8s.io/utils/net and reference/discovery.md §7.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number
  prefix: number
  /** Number of addresses in the block. */
  size: number
}

export function parseIPv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null
    const octet = Number(part)
    if (octet > 255) return null
    value = value * 256 + octet
  }
  return value
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}

export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, extra] = text.trim().split('/')
  if (address === undefined || prefixText === undefined || extra !== undefined) return null
  if (!/^\d{1,2}$/.test(prefixText)) return null
  const prefix = Number(prefixText)
  const ip = parseIPv4(address)
  if (ip === null || prefix > 32) return null
  const size = 2 ** (32 - prefix)
  return { base: ip - (ip % size), prefix, size }
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.base)}/${cidr.prefix}`
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidr.size
}

/** The `index`-th /`prefix` block inside `cidr` (how the node IPAM controller hands out podCIDRs). */
export function subnetAt(cidr: Cidr, prefix: number, index: number): Cidr | null {
  if (prefix < cidr.prefix) return null
  const size = 2 ** (32 - prefix)
  if ((index + 1) * size > cidr.size) return null
  return { base: cidr.base + index * size, prefix, size }
}

/** Does `cidr` (`10.0.0.0/8`, or a bare address meaning /32) contain `ip`? */
export function ipInCidr(ip: string, cidr: string): boolean {
  const block = parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`)
  const value = parseIPv4(ip)
  return block !== null && value !== null && cidrContains(block, value)
}
