/**
 * One packet through one netfilter hook of one node, evaluating kube-proxy's rules as the
 * kernel does (net/ipv4/netfilter/ip_tables.c `ipt_do_table`): the built-in chain's rules in
 * order, every match of a rule until one fails, a jump enters the chain and a fall-through or
 * RETURN comes back, ACCEPT/DNAT/MASQUERADE end the table for this hook, DROP and REJECT end
 * the packet, and the built-in chain's policy (ACCEPT on a kubeadm node) applies at its end.
 *
 * The built-in chains hold only the jumps kube-proxy inserts outside its restore payload
 * (pkg/proxy/iptables/proxier.go `iptablesJumpChains`, each `EnsureRule(Prepend, ...)`, so a
 * fresh node lists them in reverse order); a jump is present only when its chain is declared.
 *
 * Matches: `-m statistic --mode random` draws a fresh number per rule evaluated
 * (net/netfilter/xt_statistic.c: `get_random_u32() & 0x7FFFFFFF) < probability`); `-m recent`
 * keeps real per-node lists (xt_recent.c: `--rcheck --seconds N` matches when the source was
 * `--set` at most N seconds ago, `--reap` forgets older entries); `--ctstate` sees the
 * connection's state (NEW for a first packet, plus DNAT once its destination was translated);
 * `--src-type/--dst-type LOCAL` (xt_addrtype.c) is true for the node's own addresses.
 * @see reference/kube-proxy-iptables.md §5.4, §6, §10
 */
import { ipInCidr } from '../../net/ipv4'
import type { Rng } from '../../rng'
import type { Hop, RuleCheck } from '../../traffic/trace'
import type { IptablesTables } from './programIptables'
import { makeRule } from './rules'
import type { Match, Rule } from './rules'

/**
 * What a walk needs of a node's rules: iptables mode's tables are one; IPVS and userspace mode
 * give their own rules and, in `jumps`, the rules of the built-in chains top to bottom (their
 * proxiers ensure other jumps than iptables mode's, see HOOK_JUMPS).
 */
export interface WalkTables {
  chains: { filter: readonly string[]; nat: readonly string[] }
  rules: readonly Rule[]
  /** The built-in chains' rules (chain = the hook's name), in the order the kernel walks them. */
  jumps?: readonly Rule[]
}

/** An ipset as `-m set` sees it (IPVS mode): its type and its entries in `Entry.String` form. */
export interface WalkIpset {
  name: string
  type: string
  entries: readonly string[]
}

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

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING'

export interface WalkContext {
  /** Prefixed to hop titles ("node-2: ") when the path crosses nodes. */
  titlePrefix: string
  /** The addresses `-m addrtype --src-type/--dst-type LOCAL` accepts (besides 127.0.0.0/8). */
  localIPs: readonly string[]
  /** The address MASQUERADE picks: the one on the interface the packet leaves by. */
  masqueradeIP: string
  /** conntrack states of the packet's connection (`NEW`, and `DNAT` once translated). */
  ctstates: readonly string[]
  /** The session clock in seconds, for `-m recent`. */
  now: number
  /** This node's `recent` list of that name: source IP → last `--set` time. */
  recent: (name: string) => Map<string, number>
  rng: Rng
  /** The node's ipsets by name (IPVS mode), for `-m set`. */
  ipset?: (name: string) => WalkIpset | undefined
  /** The virtual server the packet was scheduled by (`VIP:port/PROTO`), for `-m ipvs`. */
  ipvsVirtualServer?: { vaddr: string; vproto: string; vport: number } | null
  /** The address REDIRECT rewrites to: the incoming interface's primary address. */
  redirectIP?: string
}

export type HookVerdict = 'accept' | 'drop' | 'reject'

export interface HookResult {
  hops: Hop[]
  packet: Packet
  verdict: HookVerdict
}

const addr = (ip: string, port: number) => `${ip}:${port}`

/** The node's own address, or loopback: what xt_addrtype calls RTN_LOCAL here. */
export function isLocalAddress(ip: string, localIPs: readonly string[]): boolean {
  return localIPs.includes(ip) || ipInCidr(ip, '127.0.0.0/8')
}

const NEW_ONLY: Match = { kind: 'ctstate', states: ['NEW'], negated: false }
const comment = (text: string): Match => ({ kind: 'comment', text })

/**
 * The jump rules kube-proxy keeps in the built-in chains (reference §5.4), top to bottom as a
 * fresh node shows them: EnsureRule prepends each one, so later entries of
 * `iptablesJumpChains` sit above earlier ones.
 */
const HOOK_JUMPS: Record<'filter' | 'nat', Partial<Record<Hook, [string, Match[]][]>>> = {
  filter: {
    INPUT: [
      ['KUBE-PROXY-FIREWALL', [NEW_ONLY, comment('kubernetes load balancer firewall')]],
      ['KUBE-NODEPORTS', [comment('kubernetes health check service ports')]],
      [
        'KUBE-EXTERNAL-SERVICES',
        [NEW_ONLY, comment('kubernetes externally-visible service portals')],
      ],
      ['KUBE-FIREWALL', []],
    ],
    FORWARD: [
      ['KUBE-PROXY-FIREWALL', [NEW_ONLY, comment('kubernetes load balancer firewall')]],
      ['KUBE-FORWARD', [comment('kubernetes forwarding rules')]],
      ['KUBE-SERVICES', [NEW_ONLY, comment('kubernetes service portals')]],
      [
        'KUBE-EXTERNAL-SERVICES',
        [NEW_ONLY, comment('kubernetes externally-visible service portals')],
      ],
    ],
    OUTPUT: [
      ['KUBE-PROXY-FIREWALL', [NEW_ONLY, comment('kubernetes load balancer firewall')]],
      ['KUBE-SERVICES', [NEW_ONLY, comment('kubernetes service portals')]],
      ['KUBE-FIREWALL', []],
    ],
  },
  nat: {
    PREROUTING: [['KUBE-SERVICES', [comment('kubernetes service portals')]]],
    OUTPUT: [['KUBE-SERVICES', [comment('kubernetes service portals')]]],
    POSTROUTING: [['KUBE-POSTROUTING', [comment('kubernetes postrouting rules')]]],
  },
}

/** The built-in chain's rules on this node: the jumps whose target chain kube-proxy declared. */
export function hookRules(
  tables: IptablesTables | WalkTables,
  table: 'filter' | 'nat',
  hook: Hook,
): Rule[] {
  if ('jumps' in tables && tables.jumps !== undefined) {
    return tables.jumps.filter((r) => r.table === table && r.chain === hook)
  }
  const declared = new Set(tables.chains[table])
  return (HOOK_JUMPS[table][hook] ?? [])
    .filter(([chain]) => declared.has(chain))
    .map(([chain, matches]) => makeRule(table, hook, matches, { kind: 'jump', chain }))
}

interface MatchOutcome {
  matched: boolean
  note: string
}

/**
 * `-m set --match-set NAME FLAGS` (net/netfilter/xt_set.c, ipset's hash and bitmap types): the
 * packet's fields picked by FLAGS, in the set type's dimensions, form the entry looked up.
 * `hash:ip,port,net` holds a CIDR in its last dimension.
 */
function evaluateSet(
  match: Extract<Match, { kind: 'set' }>,
  packet: Packet,
  context: WalkContext,
): MatchOutcome {
  const set = context.ipset?.(match.set)
  const flags = match.flags.split(',')
  const ipOf = (flag: string | undefined) => (flag === 'src' ? packet.srcIP : packet.dstIP)
  const portOf = (flag: string | undefined) => (flag === 'src' ? packet.srcPort : packet.dstPort)
  const proto = packet.protocol.toLowerCase()
  let entry = ''
  let found = false
  if (set !== undefined) {
    switch (set.type) {
      case 'bitmap:port':
        entry = String(portOf(flags[0]))
        found = set.entries.includes(entry)
        break
      case 'hash:ip':
        entry = ipOf(flags[0])
        found = set.entries.includes(entry)
        break
      case 'hash:ip,port':
        entry = `${ipOf(flags[0])},${proto}:${portOf(flags[1])}`
        found = set.entries.includes(entry)
        break
      case 'hash:ip,port,ip':
        entry = `${ipOf(flags[0])},${proto}:${portOf(flags[1])},${ipOf(flags[2])}`
        found = set.entries.includes(entry)
        break
      case 'hash:ip,port,net': {
        const head = `${ipOf(flags[0])},${proto}:${portOf(flags[1])},`
        const ip = ipOf(flags[2])
        entry = `${head}${ip}`
        found = set.entries.some((e) => e.startsWith(head) && ipInCidr(ip, e.slice(head.length)))
        break
      }
    }
  }
  const negated = match.negated === true
  return {
    matched: found !== negated,
    note:
      set === undefined
        ? `no set ${match.set}`
        : `${entry} ${found ? 'is' : 'is not'} in ${match.set}`,
  }
}

function evaluate(match: Match, packet: Packet, context: WalkContext): MatchOutcome {
  switch (match.kind) {
    case 'comment':
      return { matched: true, note: '' }
    case 'protocol':
      return {
        matched: packet.protocol === match.protocol,
        note: `protocol ${packet.protocol.toLowerCase()}`,
      }
    case 'destination': {
      const inside = ipInCidr(packet.dstIP, match.cidr)
      return {
        matched: inside !== match.negated,
        note: `destination ${packet.dstIP} ${inside ? 'is' : 'is not'} ${match.cidr}`,
      }
    }
    case 'source': {
      const inside = ipInCidr(packet.srcIP, match.cidr)
      return {
        matched: inside !== match.negated,
        note: `source ${packet.srcIP} ${inside ? 'is' : 'is not'} in ${match.cidr}`,
      }
    }
    case 'dport':
      return { matched: packet.dstPort === match.port, note: `port ${packet.dstPort}` }
    case 'in-interface': {
      // A Pod's packets arrive from its veth, enslaved to the bridge; the node's own have none.
      const same =
        packet.inInterface === match.name ||
        (match.name.endsWith('+') && packet.inInterface.startsWith(match.name.slice(0, -1)))
      return {
        matched: same !== match.negated,
        note: `in-interface ${packet.inInterface || 'none (sent by the node)'}`,
      }
    }
    case 'addrtype-src-local': {
      const local = isLocalAddress(packet.srcIP, context.localIPs)
      return { matched: local, note: `${packet.srcIP} is ${local ? '' : 'not '}a local address` }
    }
    case 'addrtype-dst-local': {
      const local = isLocalAddress(packet.dstIP, context.localIPs)
      return { matched: local, note: `${packet.dstIP} is ${local ? '' : 'not '}a local address` }
    }
    case 'ctstate': {
      const has = match.states.some((s) => context.ctstates.includes(s))
      return {
        matched: has !== match.negated,
        note: `connection state ${context.ctstates.join(',')}`,
      }
    }
    case 'nfacct':
      return { matched: true, note: `counted in ${match.name}` }
    case 'mark': {
      const has = (packet.mark & match.mark) === match.mark
      return { matched: has !== match.negated, note: has ? 'marked' : 'not marked' }
    }
    case 'statistic': {
      const draw = context.rng.float()
      const threshold = Number(match.probability)
      return {
        matched: draw < threshold,
        note: `random ${draw.toFixed(2)} ${draw < threshold ? '<' : '≥'} ${match.probability}`,
      }
    }
    case 'recent-check': {
      const list = context.recent(match.name)
      const seen = list.get(packet.srcIP)
      if (seen === undefined) {
        return { matched: false, note: `${packet.srcIP} is not in recent list ${match.name}` }
      }
      const age = context.now - seen
      if (age <= match.seconds) {
        return {
          matched: true,
          note: `${packet.srcIP} was seen ${formatSeconds(age)} ago (≤ ${match.seconds} s)`,
        }
      }
      // --reap: entries older than --seconds are purged from the list.
      list.delete(packet.srcIP)
      return {
        matched: false,
        note: `${packet.srcIP} was seen ${formatSeconds(age)} ago (> ${match.seconds} s): reaped`,
      }
    }
    case 'recent-set':
      context.recent(match.name).set(packet.srcIP, context.now)
      return { matched: true, note: `records ${packet.srcIP} in ${match.name}` }
    case 'set':
      return evaluateSet(match, packet, context)
    case 'protocol-only':
      return {
        matched: packet.protocol === match.protocol,
        note: `protocol ${packet.protocol.toLowerCase()}`,
      }
    case 'physdev-not-in': {
      // A Pod's packets come in over a bridge port (its veth on cni0), seen by br_netfilter.
      const bridged = packet.inInterface === 'cni0'
      return {
        matched: !bridged,
        note: bridged ? 'came in over a bridge port' : 'not bridged in',
      }
    }
    case 'addrtype-src-not-local': {
      const local = isLocalAddress(packet.srcIP, context.localIPs)
      return { matched: !local, note: `${packet.srcIP} is ${local ? '' : 'not '}a local address` }
    }
    case 'ipvs': {
      const vs = context.ipvsVirtualServer ?? null
      const same =
        vs !== null &&
        vs.vaddr === match.vaddr &&
        vs.vport === match.vport &&
        vs.vproto === match.vproto
      return {
        matched: same,
        note:
          vs === null ? 'not an IPVS connection' : `IPVS virtual server ${vs.vaddr}:${vs.vport}`,
      }
    }
  }
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)} s`
}

type ChainEnd = 'return' | 'accept' | 'drop' | 'reject'

/**
 * Runs the table's rules for one hook. DNAT and MASQUERADE rewrite the packet and accept it;
 * the caller decides routing and the next hook from the returned packet.
 */
export function traverseHook(
  tables: IptablesTables | WalkTables,
  table: 'filter' | 'nat',
  hook: Hook,
  start: Packet,
  context: WalkContext,
): HookResult {
  const hops: Hop[] = []
  const packet = { ...start }
  const chainRules = (chain: string) =>
    tables.rules.filter((r) => r.table === table && r.chain === chain)

  const walk = (chain: string, rules: readonly Rule[], via: string): ChainEnd => {
    const checks: RuleCheck[] = []
    const before = {
      src: addr(packet.srcIP, packet.srcPort),
      dst: addr(packet.dstIP, packet.dstPort),
    }
    const hop: Hop = {
      kind: 'chain',
      anchor: { kind: 'chain', table, chain },
      title: `${context.titlePrefix}${table} ${chain}`,
      summary: '',
      rules: checks,
      before,
      after: before,
      provenance: [],
    }
    hops.push(hop)
    const say = (text: string) => {
      hop.summary = hop.summary ? `${hop.summary}; ${text}` : text
    }
    const rewritten = () => {
      hop.after = {
        src: addr(packet.srcIP, packet.srcPort),
        dst: addr(packet.dstIP, packet.dstPort),
      }
    }
    for (const rule of rules) {
      const notes: string[] = []
      let matched = true
      for (const match of rule.matches) {
        const outcome = evaluate(match, packet, context)
        if (outcome.note) notes.push(outcome.note)
        if (!outcome.matched) {
          matched = false
          break
        }
      }
      const check: RuleCheck = { text: rule.text, matched, note: notes.join(', ') }
      checks.push(check)
      if (!matched) continue
      hop.provenance.push(...rule.provenance)
      const target = rule.target
      switch (target.kind) {
        case 'jump': {
          const callee = chainRules(target.chain)
          if (callee.length === 0) {
            // An empty chain returns at once; no hop of its own.
            check.note = [check.note, `${target.chain} is empty: back`].filter(Boolean).join(', ')
            continue
          }
          say(describeJump(rule, rules, notes))
          const end = walk(target.chain, callee, chain)
          if (end !== 'return') return end
          continue
        }
        case 'DNAT': {
          const [ip = '', port = '0'] = target.to.split(':')
          packet.dstIP = ip
          packet.dstPort = Number(port)
          rewritten()
          say(`DNAT to ${target.to}`)
          return 'accept'
        }
        case 'REDIRECT': {
          // nf_nat_redirect_ipv4: to the primary address of the incoming interface (127.0.0.1
          // for the node's own packets), to the given port.
          packet.dstIP = context.redirectIP ?? '127.0.0.1'
          packet.dstPort = target.toPorts
          rewritten()
          say(`REDIRECT to ${packet.dstIP}:${target.toPorts}`)
          return 'accept'
        }
        case 'MASQUERADE': {
          packet.srcIP = context.masqueradeIP
          // --random-fully picks the source port at random (NF_NAT_RANGE_PROTO_RANDOM_FULLY);
          // otherwise the port is kept unless it clashes.
          if (target.randomFully) packet.srcPort = context.rng.int(1024, 65535)
          rewritten()
          say(`MASQUERADE: source becomes ${context.masqueradeIP}`)
          return 'accept'
        }
        case 'REJECT':
          say('REJECT: icmp port-unreachable to the client')
          return 'reject'
        case 'DROP':
          say('DROP: the packet is discarded without an answer')
          return 'drop'
        case 'ACCEPT':
          say('ACCEPT')
          return 'accept'
        case 'RETURN':
          say(`RETURN to ${via}`)
          return 'return'
        case 'MARK-or':
          packet.mark |= target.mark
          say(`mark |= 0x${target.mark.toString(16)} (masquerade on the way out)`)
          continue
        case 'MARK-xor':
          packet.mark ^= target.mark
          say(`mark ^= 0x${target.mark.toString(16)} (cleared so it is not masqueraded twice)`)
          continue
        case 'none':
          say(describeNoTarget(rule))
          continue
      }
    }
    if (!hop.summary) hop.summary = `no rule matched; back to ${via}`
    else if (chain !== hook) say(`end of chain: back to ${via}`)
    return 'return'
  }

  const builtin = hookRules(tables, table, hook)
  const end = walk(hook, builtin, `${hook} policy`)
  const last = hops[0]
  if (last && end === 'return') {
    last.summary = `${last.summary}; policy ACCEPT`
  }
  return {
    hops,
    packet,
    verdict: end === 'drop' ? 'drop' : end === 'reject' ? 'reject' : 'accept',
  }
}

/** A rule without `-j` (the last rule of a KUBE-FW- chain) only counts the packet. */
function describeNoTarget(rule: Rule): string {
  const text = rule.matches.find((m) => m.kind === 'comment')
  return `${text?.kind === 'comment' ? text.text : 'rule without a target'}: counted, falls through`
}

/** "picked endpoint 2 of 3 (10.244.0.3:80): random 0.41 ≥ 0.3333333333" and the like. */
function describeJump(rule: Rule, chain: readonly Rule[], notes: readonly string[]): string {
  if (rule.target.kind !== 'jump') return ''
  const target = rule.target.chain
  const commentMatch = rule.matches.find((m) => m.kind === 'comment')
  const commentText = commentMatch?.kind === 'comment' ? commentMatch.text : ''
  if (target.startsWith('KUBE-SEP-')) {
    const endpoint = commentText.split(' -> ')[1] ?? ''
    if (rule.matches.some((m) => m.kind === 'recent-check')) {
      return `affinity: back to ${endpoint} (${notes.filter((n) => n.includes('seen')).join(', ')})`
    }
    const choices = chain.filter(
      (r) =>
        r.target.kind === 'jump' &&
        r.target.chain.startsWith('KUBE-SEP-') &&
        !r.matches.some((m) => m.kind === 'recent-check'),
    )
    const index = choices.findIndex((r) => r === rule) + 1
    const draws = notes.filter((n) => n.startsWith('random'))
    const why =
      draws.length > 0
        ? draws.join(', ')
        : index === choices.length && index > 1
          ? 'the last rule, no draw'
          : 'the only endpoint'
    return `picked endpoint ${index} of ${choices.length} (${endpoint}): ${why}`
  }
  if (target === 'KUBE-MARK-MASQ') {
    const why = notes.filter((n) => !n.startsWith('protocol') && !n.startsWith('port')).at(-1)
    return `${why ? `${why}: ` : ''}marked for masquerade`
  }
  return `${commentText || 'rule'} matched: jump to ${target}`
}
