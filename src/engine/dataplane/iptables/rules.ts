/**
 * iptables rules as data: the matches kube-proxy uses, a target, and the exact text kube-proxy
 * writes into its iptables-restore payload (args joined by single spaces, comments with spaces
 * in double quotes). The packet walk evaluates the data; people read the text.
 * @see reference/kube-proxy-iptables.md §5
 */
import type { Protocol } from '../../model/cluster'

/** Where a rule comes from: a field of an object in the YAML. */
export interface Provenance {
  ref: string
  path: string
}

export type Match =
  | { kind: 'comment'; text: string }
  /** `-m tcp -p tcp` (kube-proxy always loads the protocol's match module too). */
  | { kind: 'protocol'; protocol: Protocol }
  | { kind: 'destination'; cidr: string; negated: boolean }
  | { kind: 'source'; cidr: string; negated: boolean }
  /** `-i IFACE` / `! -i IFACE` (BridgeInterface / InterfaceNamePrefix local detectors). */
  | { kind: 'in-interface'; name: string; negated: boolean }
  | { kind: 'dport'; port: number }
  | { kind: 'addrtype-dst-local' }
  | { kind: 'addrtype-src-local' }
  | { kind: 'mark'; mark: number; negated: boolean }
  /** `-m conntrack [!] --ctstate A,B`. */
  | { kind: 'ctstate'; states: string[]; negated: boolean }
  | { kind: 'nfacct'; name: string }
  | { kind: 'statistic'; probability: string }
  | { kind: 'recent-check'; name: string; seconds: number }
  | { kind: 'recent-set'; name: string }
  /**
   * `-m set [!] --match-set NAME FLAGS` (IPVS mode): FLAGS picks, per dimension of the set's
   * type, the packet's source or destination (`dst,dst`: destination IP and port).
   */
  | { kind: 'set'; set: string; flags: string; negated?: boolean }
  /** `-p tcp` without `-m tcp` (IPVS mode's KUBE-NODE-PORT rules). */
  | { kind: 'protocol-only'; protocol: Protocol }
  /** `-m physdev ! --physdev-is-in`: the packet did not come in over a bridge port. */
  | { kind: 'physdev-not-in' }
  /** `-m addrtype ! --src-type LOCAL`. */
  | { kind: 'addrtype-src-not-local' }
  /** `-m ipvs --vaddr IP --vproto P --vport N`: the packet belongs to that virtual server. */
  | { kind: 'ipvs'; vaddr: string; vproto: string; vport: number }

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'DNAT'; to: string; protocol: Protocol }
  | { kind: 'REJECT' }
  | { kind: 'DROP' }
  | { kind: 'RETURN' }
  | { kind: 'ACCEPT' }
  | { kind: 'MASQUERADE'; randomFully: boolean }
  | { kind: 'MARK-or'; mark: number }
  | { kind: 'MARK-xor'; mark: number }
  /** `-j REDIRECT --to-ports N` (userspace mode): to the incoming interface's address. */
  | { kind: 'REDIRECT'; toPorts: number }
  /** A rule with no `-j`: counts and falls through (the last rule of a KUBE-FW- chain). */
  | { kind: 'none' }

export interface Rule {
  table: 'filter' | 'nat'
  chain: string
  matches: Match[]
  target: Target
  /** The rule exactly as kube-proxy writes it, starting with `-A`. */
  text: string
  provenance: Provenance[]
}

export function quoteComment(text: string): string {
  return /\s/.test(text) ? `"${text}"` : text
}

function fixtureHex(mark: number): string {
  return `0x${mark.toString(16)}`
}

/** Go's `fmt.Sprintf("%#08x", v)`, which kube-proxy uses for its mark: `0x00004000`. */
export function goMarkHex(mark: number): string {
  return `0x${(mark >>> 0).toString(16).padStart(8, '0')}`
}

interface TextOptions {
  /** Print marks as kube-proxy does (`%#08x`) instead of as its iptables tests' fixture. */
  goMark?: boolean
}

function matchText(match: Match, options: TextOptions): string {
  const mark = options.goMark === true ? goMarkHex : fixtureHex
  switch (match.kind) {
    case 'comment':
      return `-m comment --comment ${quoteComment(match.text)}`
    case 'protocol': {
      const p = match.protocol.toLowerCase()
      return `-m ${p} -p ${p}`
    }
    case 'destination':
      return `${match.negated ? '! ' : ''}-d ${match.cidr}`
    case 'source':
      return `${match.negated ? '! ' : ''}-s ${match.cidr}`
    case 'dport':
      return `--dport ${match.port}`
    case 'in-interface':
      return `${match.negated ? '! ' : ''}-i ${match.name}`
    case 'addrtype-dst-local':
      return '-m addrtype --dst-type LOCAL'
    case 'addrtype-src-local':
      return '-m addrtype --src-type LOCAL'
    case 'ctstate':
      return `-m conntrack ${match.negated ? '! ' : ''}--ctstate ${match.states.join(',')}`
    case 'nfacct':
      return `-m nfacct --nfacct-name ${match.name}`
    case 'mark':
      return `-m mark ${match.negated ? '! ' : ''}--mark ${mark(match.mark)}/${mark(match.mark)}`
    case 'statistic':
      return `-m statistic --mode random --probability ${match.probability}`
    case 'recent-check':
      return `-m recent --name ${match.name} --rcheck --seconds ${match.seconds} --reap`
    case 'recent-set':
      return `-m recent --name ${match.name} --set`
    case 'set':
      return `-m set ${match.negated === true ? '! ' : ''}--match-set ${match.set} ${match.flags}`
    case 'protocol-only':
      return `-p ${match.protocol.toLowerCase()}`
    case 'physdev-not-in':
      return '-m physdev ! --physdev-is-in'
    case 'addrtype-src-not-local':
      return '-m addrtype ! --src-type LOCAL'
    case 'ipvs':
      return `-m ipvs --vaddr ${match.vaddr} --vproto ${match.vproto} --vport ${match.vport}`
  }
}

function targetText(target: Target, options: TextOptions): string {
  const hex = options.goMark === true ? goMarkHex : fixtureHex
  switch (target.kind) {
    case 'jump':
      return `-j ${target.chain}`
    case 'DNAT': {
      const p = target.protocol.toLowerCase()
      return `-m ${p} -p ${p} -j DNAT --to-destination ${target.to}`
    }
    case 'MARK-or':
      return `-j MARK --or-mark ${hex(target.mark)}`
    case 'MARK-xor':
      return `-j MARK --xor-mark ${hex(target.mark)}`
    case 'MASQUERADE':
      return target.randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE'
    case 'REDIRECT':
      return `-j REDIRECT --to-ports ${target.toPorts}`
    case 'none':
      return ''
    default:
      return `-j ${target.kind}`
  }
}

export function makeRule(
  table: Rule['table'],
  chain: string,
  matches: Match[],
  target: Target,
  provenance: Provenance[] = [],
  options: TextOptions = {},
): Rule {
  const parts = [
    `-A ${chain}`,
    ...matches.map((m) => matchText(m, options)),
    targetText(target, options),
  ].filter((p) => p !== '')
  return { table, chain, matches, target, text: parts.join(' '), provenance }
}

/**
 * Go's `fmt.Sprintf("%0.10f", 1.0/n)`, which kube-proxy uses for `--probability`. JavaScript's
 * toFixed agrees except on exact decimal ties, where Go rounds half to even; for n ≤ 100000
 * the only such n is 2048 (reference/kube-proxy-iptables.md §5.2).
 */
export function probability(n: number): string {
  if (n === 2048) return '0.0004882812'
  return (1 / n).toFixed(10)
}
