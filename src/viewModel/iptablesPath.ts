/**
 * The path kube-proxy's iptables rules give a request, read from the rules themselves: from
 * KUBE-SERVICES, the chain each matching rule jumps to (KUBE-NODEPORTS, KUBE-EXT-, KUBE-FW-,
 * KUBE-SVC-, KUBE-SVL-), down to the chain that branches to KUBE-SEP- chains, with the
 * probability of each branch and its DNAT target. Only the address matches decide (-d, -s,
 * --dport, addrtype); random draws and affinity are left to the packet walk, so this is the
 * map the canvas draws before and while a packet runs on it.
 */
import type { IptablesTables, Match, Rule } from '../engine'
import { ipInCidr } from '../engine'

export interface ChainBranch {
  chain: string
  /** `p=0.3333333333`, `otherwise` for the last rule (no statistic match), `always` for one. */
  label: string
  /** The DNAT target `ip:port`, or '' when the SEP chain has none. */
  endpoint: string
}

export interface ServicePortPath {
  /** The chains from KUBE-SERVICES (included) to the branching chain (included). */
  chains: string[]
  branches: ChainBranch[]
}

export interface PathPacket {
  srcIP: string
  dstIP: string
  dport: number
  /** Addresses the node owns (for `--dst-type LOCAL` / `--src-type LOCAL`). */
  localIPs: readonly string[]
}

function natRules(tables: IptablesTables, chain: string): Rule[] {
  return tables.rules.filter((r) => r.table === 'nat' && r.chain === chain)
}

function addressMatch(match: Match, packet: PathPacket): boolean {
  const local = (ip: string) => packet.localIPs.includes(ip) || ipInCidr(ip, '127.0.0.0/8')
  switch (match.kind) {
    case 'destination':
      return ipInCidr(packet.dstIP, match.cidr) !== match.negated
    case 'source':
      return ipInCidr(packet.srcIP, match.cidr) !== match.negated
    case 'dport':
      return match.port === packet.dport
    case 'addrtype-dst-local':
      return local(packet.dstIP)
    case 'addrtype-src-local':
      return local(packet.srcIP)
    case 'recent-check':
      return false
    default:
      return true
  }
}

const isSepJump = (rule: Rule) =>
  rule.target.kind === 'jump' && rule.target.chain.startsWith('KUBE-SEP-')

export function servicePortPath(
  tables: IptablesTables,
  packet: PathPacket,
): ServicePortPath | null {
  const chains = ['KUBE-SERVICES']
  for (let depth = 0; depth < 8; depth++) {
    const chain = chains[chains.length - 1] ?? 'KUBE-SERVICES'
    const rules = natRules(tables, chain)
    if (rules.some(isSepJump)) return { chains, branches: branchesOf(tables, rules) }
    const next = rules.find(
      (r) =>
        r.target.kind === 'jump' &&
        r.target.chain !== 'KUBE-MARK-MASQ' &&
        r.matches.every((m) => addressMatch(m, packet)),
    )
    if (!next || next.target.kind !== 'jump' || chains.includes(next.target.chain)) return null
    chains.push(next.target.chain)
  }
  return null
}

function branchesOf(tables: IptablesTables, rules: readonly Rule[]): ChainBranch[] {
  const branches = rules
    .filter((r) => isSepJump(r) && !r.matches.some((m) => m.kind === 'recent-check'))
    .map((rule) => {
      const statistic = rule.matches.find((m) => m.kind === 'statistic')
      const chain = rule.target.kind === 'jump' ? rule.target.chain : ''
      const dnat = natRules(tables, chain).find((r) => r.target.kind === 'DNAT')
      return {
        chain,
        label: statistic?.kind === 'statistic' ? `p=${statistic.probability}` : 'otherwise',
        endpoint: dnat?.target.kind === 'DNAT' ? dnat.target.to : '',
      }
    })
  // A single endpoint needs no draw.
  const [only] = branches
  if (branches.length === 1 && only) only.label = 'always'
  return branches
}
