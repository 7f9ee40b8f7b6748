/**
 * `ipvsadm -Ln` for a node in IPVS mode, byte for byte as ipvsadm 1.29–1.31 prints it
 * (ipvsadm.c `list_all`, `print_title`, `print_service_entry`, `list_service`, and the
 * `compare_services`/`compare_dests` sort; libipvs for the header's version and table size).
 *
 * Services are sorted TCP → UDP → SCTP, then by address and port; destinations by address and
 * port. Kernel list order is never shown. The address comparison is ipvsadm's: the difference
 * of the two host-order addresses taken as a signed 32-bit int, so addresses 2^31 or more apart
 * compare the "wrong" way.
 * @see reference/ipvs.md §5, §8
 */
import type { IpvsNode, IpvsRealServer, IpvsVirtualServer } from './programIpvs'
import { parseIPv4 } from '../../net/ipv4'

export interface IpvsCounters {
  active: number
  inactive: number
}

/**
 * The key of a destination's counters: kube-proxy's `GetUniqueRSName`-like
 * `VIP:port/PROTO|IP:port`, e.g. `10.96.0.1:443/TCP|192.168.0.2:6443`.
 */
export function ipvsCounterKey(vs: IpvsVirtualServer, rs: IpvsRealServer): string {
  return `${vs.address}/${vs.protocol}|${rs.address}`
}

/** IP_VS_VERSION_CODE 0x010201 and the default 2^12 connection hash table. */
const HEADER = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
]

const PROTOCOL_NUMBER: Record<IpvsVirtualServer['protocol'], number> = {
  TCP: 6,
  UDP: 17,
  SCTP: 132,
}

function splitAddress(address: string): { ip: number; port: number } {
  const colon = address.lastIndexOf(':')
  return {
    ip: parseIPv4(address.slice(0, colon)) ?? 0,
    port: Number(address.slice(colon + 1)),
  }
}

/** `(int)(ntohl(a) - ntohl(b))`, then the port difference. */
export function compareAddress(a: string, b: string): number {
  const x = splitAddress(a)
  const y = splitAddress(b)
  return (x.ip - y.ip) | 0 || x.port - y.port
}

/** One virtual server's line of `ipvsadm -Ln`. */
export function serviceLine(
  vs: Pick<
    IpvsVirtualServer,
    'protocol' | 'address' | 'scheduler' | 'schedulerFlags' | 'persistentSeconds'
  >,
): string {
  // "%-4s %s": TCP and UDP get two spaces before the address, SCTP one.
  let line = `${vs.protocol.padEnd(4)} ${vs.address} ${vs.scheduler}`
  if (vs.schedulerFlags.length > 0) line += ` (${vs.schedulerFlags.join(',')})`
  if (vs.persistentSeconds !== null) line += ` persistent ${vs.persistentSeconds}`
  return line
}

/** One real server's line of `ipvsadm -Ln`, counters 0 when absent. */
export function destLine(
  rs: Pick<IpvsRealServer, 'address' | 'forward' | 'weight'>,
  counters: IpvsCounters | undefined,
): string {
  // "  -> %-28s %-7s %-6d %-10u %-10u": fixed columns, trailing spaces kept.
  return [
    `  -> ${rs.address.padEnd(28)}`,
    rs.forward.padEnd(7),
    String(rs.weight).padEnd(6),
    String(counters?.active ?? 0).padEnd(10),
    String(counters?.inactive ?? 0).padEnd(10),
  ].join(' ')
}

/** The text `ipvsadm -Ln` prints on `node`; counters default to 0. */
export function renderIpvsadm(
  node: IpvsNode,
  counters?: ReadonlyMap<string, IpvsCounters>,
): string {
  const services = [...node.virtualServers].sort(
    (a, b) =>
      PROTOCOL_NUMBER[a.protocol] - PROTOCOL_NUMBER[b.protocol] ||
      compareAddress(a.address, b.address),
  )
  const lines = [...HEADER]
  for (const vs of services) {
    lines.push(serviceLine(vs))
    const dests = [...vs.realServers].sort((a, b) => compareAddress(a.address, b.address))
    for (const rs of dests) lines.push(destLine(rs, counters?.get(ipvsCounterKey(vs, rs))))
  }
  return lines.map((line) => `${line}\n`).join('')
}
