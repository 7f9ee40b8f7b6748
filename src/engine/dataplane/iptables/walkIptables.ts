/**
 * A new connection's first packet walking kube-proxy's rules the way netfilter does: nat
 * PREROUTING (from a Pod) or OUTPUT (from the node itself) jumps to KUBE-SERVICES; each rule's
 * matches are evaluated in order; a jump enters the chain and a fall-through returns; DNAT ends
 * the nat walk. If nothing DNATed the packet, the filter table's KUBE-SERVICES (hooked from
 * FORWARD and OUTPUT for NEW connections) may REJECT it. Marked packets are masqueraded in
 * POSTROUTING to the address of the interface they leave by.
 * @see reference/kube-proxy-iptables.md §5.4, §6, §10
 */
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4'
import type { Rng } from '../../rng'
import type { Hop, RuleCheck } from '../../traffic/trace'
import { MASQUERADE_MARK } from './programIptables'
import type { IptablesTables } from './programIptables'
import type { Match, Rule } from './rules'

export interface Packet {
  srcIP: string
  srcPort: number
  dstIP: string
  dstPort: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
  mark: number
  /** The interface the packet came in on ('' for the node's own packets). */
  inInterface: string
}

export interface WalkResult {
  hops: Hop[]
  packet: Packet
  verdict: 'dnat' | 'reject' | 'drop' | 'accept'
}

const addr = (ip: string, port: number) => `${ip}:${port}`

function inCidr(ip: string, cidrText: string): boolean {
  const cidr = parseCidr(cidrText.includes('/') ? cidrText : `${cidrText}/32`)
  const value = parseIPv4(ip)
  return cidr !== null && value !== null && cidrContains(cidr, value)
}

interface MatchOutcome {
  matched: boolean
  note: string
}

function evaluate(
  match: Match,
  packet: Packet,
  localIPs: readonly string[],
  rng: Rng,
): MatchOutcome {
  switch (match.kind) {
    case 'comment':
      return { matched: true, note: '' }
    case 'protocol':
      return {
        matched: packet.protocol === match.protocol,
        note: `protocol ${packet.protocol.toLowerCase()}`,
      }
    case 'destination': {
      const hit = inCidr(packet.dstIP, match.cidr) !== match.negated
      return { matched: hit, note: `destination ${packet.dstIP}` }
    }
    case 'source': {
      const hit = inCidr(packet.srcIP, match.cidr) !== match.negated
      return {
        matched: hit,
        note: `source ${packet.srcIP} ${inCidr(packet.srcIP, match.cidr) ? 'is' : 'is not'} in ${match.cidr}`,
      }
    }
    case 'dport':
      return { matched: packet.dstPort === match.port, note: `port ${packet.dstPort}` }
    case 'in-interface': {
      // A Pod's packets arrive from its veth, enslaved to the bridge; the node's own have none.
      const hit =
        (packet.inInterface === match.name ||
          (match.name.endsWith('+') && packet.inInterface.startsWith(match.name.slice(0, -1)))) !==
        match.negated
      return { matched: hit, note: `in-interface ${packet.inInterface || 'none'}` }
    }
    case 'addrtype-src-local': {
      const local = localIPs.includes(packet.srcIP) || inCidr(packet.srcIP, '127.0.0.0/8')
      return { matched: local, note: `${packet.srcIP} is ${local ? '' : 'not '}a local address` }
    }
    case 'ctstate': {
      // The walk sees the first packet of a connection: conntrack calls it NEW.
      const hit = match.states.includes('NEW') !== match.negated
      return { matched: hit, note: 'connection state NEW' }
    }
    case 'nfacct':
      return { matched: true, note: `counted in ${match.name}` }
    case 'addrtype-dst-local': {
      const local = localIPs.includes(packet.dstIP) || inCidr(packet.dstIP, '127.0.0.0/8')
      return { matched: local, note: `${packet.dstIP} is ${local ? '' : 'not '}a local address` }
    }
    case 'mark': {
      const has = (packet.mark & match.mark) === match.mark
      return { matched: has !== match.negated, note: has ? 'marked' : 'not marked' }
    }
    case 'statistic': {
      // xt_statistic draws a fresh random number for each rule it evaluates.
      const draw = rng.float()
      const threshold = Number(match.probability)
      return {
        matched: draw < threshold,
        note: `random ${draw.toFixed(2)} ${draw < threshold ? '<' : '≥'} ${match.probability}`,
      }
    }
    case 'recent-check':
      // No earlier connection has set this client in the list (connection history: issue #4).
      return { matched: false, note: `${packet.srcIP} not in recent list ${match.name}` }
    case 'recent-set':
      return { matched: true, note: `records ${packet.srcIP} in ${match.name}` }
  }
}

export interface WalkContext {
  localIPs: readonly string[]
  /** Where the packet enters: a Pod's packets arrive in PREROUTING, the node's own in OUTPUT. */
  hookFrom: 'PREROUTING' | 'OUTPUT'
  /** The address MASQUERADE would pick: the one on the interface the packet leaves by. */
  masqueradeIP: string
}

export function walkIptables(
  tables: IptablesTables,
  start: Packet,
  context: WalkContext,
  rng: Rng,
): WalkResult {
  const { localIPs, hookFrom, masqueradeIP } = context
  const hops: Hop[] = []
  const packet = { ...start }
  const chainRules = (table: Rule['table'], chain: string) =>
    tables.rules.filter((r) => r.table === table && r.chain === chain)

  type ChainEnd = 'return' | 'dnat' | 'reject' | 'drop' | 'accept'

  const walk = (table: Rule['table'], chain: string, via: string): ChainEnd => {
    const checks: RuleCheck[] = []
    const before = {
      src: addr(packet.srcIP, packet.srcPort),
      dst: addr(packet.dstIP, packet.dstPort),
    }
    const hop: Hop = {
      kind: 'chain',
      anchor: { kind: 'chain', table, chain },
      title: `${table} ${chain}`,
      summary: '',
      rules: checks,
      before,
      after: before,
      provenance: [],
    }
    hops.push(hop)
    for (const rule of chainRules(table, chain)) {
      const notes: string[] = []
      let matched = true
      for (const match of rule.matches) {
        const outcome = evaluate(match, packet, localIPs, rng)
        if (outcome.note) notes.push(outcome.note)
        if (!outcome.matched) {
          matched = false
          break
        }
      }
      checks.push({ text: rule.text, matched, note: notes.join(', ') })
      if (!matched) continue
      hop.provenance.push(...rule.provenance)
      const target = rule.target
      switch (target.kind) {
        case 'jump': {
          if (target.chain === 'KUBE-MARK-MASQ') {
            packet.mark |= MASQUERADE_MARK
            hop.summary = summarise(hop.summary, `${notes.at(-1) ?? ''}: marked for masquerade`)
            continue
          }
          hop.summary = summarise(hop.summary, describeJump(rule, chainRules(table, chain), notes))
          const end = walk(table, target.chain, chain)
          if (end !== 'return') return end
          continue
        }
        case 'DNAT': {
          const [ip = '', port = '0'] = target.to.split(':')
          packet.dstIP = ip
          packet.dstPort = Number(port)
          hop.after = { src: before.src, dst: target.to }
          hop.summary = summarise(hop.summary, `DNAT to ${target.to}`)
          return 'dnat'
        }
        case 'REJECT':
          hop.summary = summarise(hop.summary, 'REJECT: icmp port-unreachable to the client')
          return 'reject'
        case 'DROP':
          hop.summary = summarise(hop.summary, 'DROP')
          return 'drop'
        case 'ACCEPT':
          return 'accept'
        case 'MASQUERADE':
          packet.srcIP = masqueradeIP
          hop.after = { src: addr(packet.srcIP, packet.srcPort), dst: before.dst }
          hop.summary = summarise(hop.summary, `MASQUERADE: source becomes ${masqueradeIP}`)
          return 'accept'
        case 'MARK-xor':
          packet.mark ^= target.mark
          continue
        case 'RETURN':
          hop.summary = summarise(hop.summary, 'not marked for masquerade: RETURN')
          return 'return'
        default:
          continue
      }
    }
    if (!hop.summary) hop.summary = `no rule matched; back to ${via}`
    return 'return'
  }

  const natEnd = walk('nat', 'KUBE-SERVICES', hookFrom)
  if (natEnd === 'dnat') {
    // POSTROUTING jumps to KUBE-POSTROUTING for every packet; only marked ones are rewritten.
    walk('nat', 'KUBE-POSTROUTING', 'POSTROUTING')
    return { hops, packet, verdict: 'dnat' }
  }
  const filterEnd = walk('filter', 'KUBE-SERVICES', hookFrom === 'OUTPUT' ? 'OUTPUT' : 'FORWARD')
  return {
    hops,
    packet,
    verdict: filterEnd === 'reject' ? 'reject' : filterEnd === 'drop' ? 'drop' : 'accept',
  }
}

/** "picked endpoint 2 of 3 (10.244.0.3:80): random 0.41 ≥ 0.3333333333" and the like. */
function describeJump(rule: Rule, chain: readonly Rule[], notes: readonly string[]): string {
  if (rule.target.kind !== 'jump') return ''
  const target = rule.target.chain
  if (target.startsWith('KUBE-SEP-')) {
    const choices = chain.filter(
      (r) =>
        r.target.kind === 'jump' &&
        r.target.chain.startsWith('KUBE-SEP-') &&
        !r.matches.some((m) => m.kind === 'recent-check'),
    )
    const index = choices.findIndex((r) => r === rule) + 1
    const comment = rule.matches.find((m) => m.kind === 'comment')
    const endpoint = comment?.kind === 'comment' ? (comment.text.split(' -> ')[1] ?? '') : ''
    const draws = notes.filter((n) => n.startsWith('random'))
    const why =
      draws.length > 0
        ? draws.join(', ')
        : index === choices.length && index > 1
          ? 'the last rule, no draw'
          : 'the only endpoint'
    if (index === 0) return `affinity: back to ${endpoint} (${target})`
    return `picked endpoint ${index} of ${choices.length} (${endpoint}): ${why}`
  }
  const comment = rule.matches.find((m) => m.kind === 'comment')
  return `${comment?.kind === 'comment' ? comment.text : 'rule'} matched: jump to ${target}`
}

function summarise(existing: string, next: string): string {
  return existing ? `${existing}; ${next}` : next
}
