/**
 * The small iptables rule set kube-proxy's IPVS proxier still installs, and the ipsets its rules
 * match (kubernetes/kubernetes pkg/proxy/ipvs/proxier.go: `iptablesJumpChain`, `iptablesChains`,
 * `ipsetWithIptablesChain`, `writeIptablesRules`, `acceptIPVSTraffic`; pkg/proxy/ipvs/ipset.go for
 * the set names and comments; pkg/proxy/ipvs/ipset/ipset.go `Entry.String` for the entry syntax).
 * The source read is the v1.31–v1.33 form with KUBE-IPVS-FILTER and KUBE-IPVS-OUT-FILTER.
 *
 * Unlike iptables mode the rules do not depend on a Service: every decision is an ipset lookup,
 * so this file turns "which sets have entries" into rules, in the order kube-proxy writes them.
 *
 * The text is kube-proxy's iptables-restore payload, not `iptables-save` output: the mark is
 * printed with Go's `%#08x` (`0x00004000`), as a real kube-proxy log shows, and iptables would
 * normalise it on save. The rules are built with rules.ts's `makeRule`, asked for Go's mark
 * format (its default is the `0x4000` of kube-proxy's iptables test fixtures).
 * @see reference/ipvs.md §4.3, §4.4
 */
import type { Protocol } from '../../model/cluster'
import type { Match, Provenance, Rule, Target } from '../iptables/rules'
import { makeRule } from '../iptables/rules'

/** ipset types kube-proxy creates (pkg/proxy/ipvs/ipset/types.go). */
export type IpsetType =
  'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port'

export interface Ipset {
  name: string
  type: IpsetType
  /** `Entry.String()` forms, sorted bytewise as kube-proxy adds them (`sets.List()`). */
  entries: string[]
}

/** `ipsetInfo` in proxier.go: every set kube-proxy creates, in its declaration order. */
export const IPSET_INFO: readonly { name: string; type: IpsetType; comment: string }[] = [
  {
    name: 'KUBE-LOOP-BACK',
    type: 'hash:ip,port,ip',
    comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose',
  },
  {
    name: 'KUBE-CLUSTER-IP',
    type: 'hash:ip,port',
    comment: 'Kubernetes service cluster ip + port for masquerade purpose',
  },
  {
    name: 'KUBE-EXTERNAL-IP',
    type: 'hash:ip,port',
    comment: 'Kubernetes service external ip + port for masquerade and filter purpose',
  },
  {
    name: 'KUBE-EXTERNAL-IP-LOCAL',
    type: 'hash:ip,port',
    comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local',
  },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  {
    name: 'KUBE-LOAD-BALANCER-FW',
    type: 'hash:ip,port',
    comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange',
  },
  {
    name: 'KUBE-LOAD-BALANCER-LOCAL',
    type: 'hash:ip,port',
    comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local',
  },
  {
    name: 'KUBE-LOAD-BALANCER-SOURCE-IP',
    type: 'hash:ip,port,ip',
    comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose',
  },
  {
    name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR',
    type: 'hash:ip,port,net',
    comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose',
  },
  {
    name: 'KUBE-NODE-PORT-TCP',
    type: 'bitmap:port',
    comment: 'Kubernetes nodeport TCP port for masquerade purpose',
  },
  {
    name: 'KUBE-NODE-PORT-LOCAL-TCP',
    type: 'bitmap:port',
    comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local',
  },
  {
    name: 'KUBE-NODE-PORT-UDP',
    type: 'bitmap:port',
    comment: 'Kubernetes nodeport UDP port for masquerade purpose',
  },
  {
    name: 'KUBE-NODE-PORT-LOCAL-UDP',
    type: 'bitmap:port',
    comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local',
  },
  {
    name: 'KUBE-NODE-PORT-SCTP-HASH',
    type: 'hash:ip,port',
    comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'",
  },
  {
    name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH',
    type: 'hash:ip,port',
    comment:
      "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'",
  },
  {
    name: 'KUBE-HEALTH-CHECK-NODE-PORT',
    type: 'bitmap:port',
    comment: 'Kubernetes health check node port',
  },
  // Its comment is never written into a rule, so it is not recorded here.
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: '' },
]

/** The matches IPVS mode writes: `rules.ts`'s plus the ones only this mode uses. */
/** IPVS mode's rules use the same model as iptables mode's (rules.ts holds every match kind). */
export type IpvsMatch = Match
export type IpvsRule = Rule

export interface IpvsIptables {
  node: string
  /** Chains declared in the payload, per table, in `iptablesChains` order. */
  chains: { filter: string[]; nat: string[] }
  /** The payload's rules, per table in write order (nat rules and filter rules kept apart). */
  rules: IpvsRule[]
  /**
   * The jumps from the built-in chains (`iptablesJumpChain`). kube-proxy ensures them with
   * `iptables -I`, outside the restore payload, so the payload text leaves them out.
   */
  jumps: IpvsRule[]
  masqueradeMark: number
}

export interface IpvsIptablesInput {
  node: string
  ipsets: readonly Ipset[]
  masqueradeAll: boolean
  /** The ClusterCIDR local-traffic detector; '' means none (kube-proxy then matches `src,dst`). */
  clusterCIDR: string
  /** --iptables-masquerade-bit; default 14. */
  masqueradeBit?: number
  /** The host's iptables supports `MASQUERADE --random-fully`; default false. */
  randomFully?: boolean
  /** LB IP:port/protocol entries whose source ranges leave the node out (KUBE-IPVS-OUT-FILTER). */
  lbNoNodeAccess: readonly {
    ip: string
    protocol: string
    port: number
    provenance: Provenance[]
  }[]
}

const NAT_CHAINS = [
  'KUBE-SERVICES',
  'KUBE-POSTROUTING',
  'KUBE-NODE-PORT',
  'KUBE-LOAD-BALANCER',
  'KUBE-MARK-MASQ',
]
const FILTER_CHAINS = [
  'KUBE-FORWARD',
  'KUBE-NODE-PORT',
  'KUBE-PROXY-FIREWALL',
  'KUBE-SOURCE-RANGES-FIREWALL',
  'KUBE-IPVS-FILTER',
  'KUBE-IPVS-OUT-FILTER',
]

/** `ipsetWithIptablesChain`: the set-driven jumps, in the order kube-proxy writes them. */
const SET_JUMPS: readonly {
  set: string
  table: 'nat' | 'filter'
  from: string
  to: string
  flags: string
  protocol?: Protocol
}[] = [
  {
    set: 'KUBE-LOOP-BACK',
    table: 'nat',
    from: 'KUBE-POSTROUTING',
    to: 'MASQUERADE',
    flags: 'dst,dst,src',
  },
  {
    set: 'KUBE-LOAD-BALANCER',
    table: 'nat',
    from: 'KUBE-SERVICES',
    to: 'KUBE-LOAD-BALANCER',
    flags: 'dst,dst',
  },
  {
    set: 'KUBE-LOAD-BALANCER-LOCAL',
    table: 'nat',
    from: 'KUBE-LOAD-BALANCER',
    to: 'RETURN',
    flags: 'dst,dst',
  },
  {
    set: 'KUBE-NODE-PORT-LOCAL-TCP',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'RETURN',
    flags: 'dst',
    protocol: 'TCP',
  },
  {
    set: 'KUBE-NODE-PORT-TCP',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'KUBE-MARK-MASQ',
    flags: 'dst',
    protocol: 'TCP',
  },
  {
    set: 'KUBE-NODE-PORT-LOCAL-UDP',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'RETURN',
    flags: 'dst',
    protocol: 'UDP',
  },
  {
    set: 'KUBE-NODE-PORT-UDP',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'KUBE-MARK-MASQ',
    flags: 'dst',
    protocol: 'UDP',
  },
  {
    set: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'RETURN',
    flags: 'dst,dst',
    protocol: 'SCTP',
  },
  {
    set: 'KUBE-NODE-PORT-SCTP-HASH',
    table: 'nat',
    from: 'KUBE-NODE-PORT',
    to: 'KUBE-MARK-MASQ',
    flags: 'dst,dst',
    protocol: 'SCTP',
  },
  {
    set: 'KUBE-LOAD-BALANCER-FW',
    table: 'filter',
    from: 'KUBE-PROXY-FIREWALL',
    to: 'KUBE-SOURCE-RANGES-FIREWALL',
    flags: 'dst,dst',
  },
  {
    set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR',
    table: 'filter',
    from: 'KUBE-SOURCE-RANGES-FIREWALL',
    to: 'RETURN',
    flags: 'dst,dst,src',
  },
  {
    set: 'KUBE-LOAD-BALANCER-SOURCE-IP',
    table: 'filter',
    from: 'KUBE-SOURCE-RANGES-FIREWALL',
    to: 'RETURN',
    flags: 'dst,dst,src',
  },
]

/** `iptablesJumpChain`: (table, built-in chain, kube chain, comment). */
const BUILTIN_JUMPS: readonly [IpvsRule['table'], string, string, string][] = [
  ['nat', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules'],
  ['filter', 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules'],
  ['filter', 'INPUT', 'KUBE-NODE-PORT', 'kubernetes health check rules'],
  ['filter', 'INPUT', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'INPUT', 'KUBE-IPVS-FILTER', 'kubernetes ipvs access filter'],
  ['filter', 'OUTPUT', 'KUBE-IPVS-OUT-FILTER', 'kubernetes ipvs access filter'],
]

/**
 * A rule of IPVS mode's payload. kube-proxy formats the mark with Go's `%#08x`
 * (`0x00004000`); only the iptables-mode golden fixtures spell it `0x4000`.
 */
export function makeIpvsRule(
  table: IpvsRule['table'],
  chain: string,
  matches: IpvsMatch[],
  target: Target,
  provenance: Provenance[] = [],
): IpvsRule {
  return makeRule(table, chain, matches, target, provenance, { goMark: true })
}

/** A set's target name as a Target: built-in verdicts stay verdicts, anything else is a jump. */
function toTarget(name: string, randomFully: boolean): Target {
  switch (name) {
    case 'RETURN':
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
      return { kind: name }
    case 'MASQUERADE':
      return { kind: 'MASQUERADE', randomFully }
    default:
      return { kind: 'jump', chain: name }
  }
}

/**
 * `writeIptablesRules`: the rules for one sync. Which set-driven rules appear depends only on
 * which sets have entries; the rest is fixed.
 */
export function ipvsIptablesRules(input: IpvsIptablesInput): IpvsIptables {
  const mark = 1 << (input.masqueradeBit ?? 14)
  const randomFully = input.randomFully ?? false
  const hasEntries = (name: string) =>
    (input.ipsets.find((s) => s.name === name)?.entries.length ?? 0) > 0
  const commentOf = (name: string): IpvsMatch => ({
    kind: 'comment',
    text: IPSET_INFO.find((s) => s.name === name)?.comment ?? '',
  })
  const set = (name: string, flags: string): IpvsMatch => ({ kind: 'set', set: name, flags })
  const nat: IpvsRule[] = []
  const filter: IpvsRule[] = []
  const push = (rule: IpvsRule) => (rule.table === 'nat' ? nat : filter).push(rule)

  // Connections from the node to itself never need a virtual server's masquerade.
  nat.push(
    makeIpvsRule(
      'nat',
      'KUBE-SERVICES',
      [{ kind: 'source', cidr: '127.0.0.0/8', negated: false }],
      {
        kind: 'RETURN',
      },
    ),
  )

  for (const jump of SET_JUMPS) {
    if (!hasEntries(jump.set)) continue
    push(
      makeIpvsRule(
        jump.table,
        jump.from,
        [
          ...(jump.protocol ? [{ kind: 'protocol-only', protocol: jump.protocol } as const] : []),
          commentOf(jump.set),
          set(jump.set, jump.flags),
        ],
        toTarget(jump.to, randomFully),
      ),
    )
  }

  if (hasEntries('KUBE-CLUSTER-IP')) {
    const head = [commentOf('KUBE-CLUSTER-IP')]
    const markMasq: Target = { kind: 'jump', chain: 'KUBE-MARK-MASQ' }
    if (input.masqueradeAll) {
      nat.push(
        makeIpvsRule(
          'nat',
          'KUBE-SERVICES',
          [...head, set('KUBE-CLUSTER-IP', 'dst,dst')],
          markMasq,
        ),
      )
    } else if (input.clusterCIDR !== '') {
      // Traffic to a VIP that does not come from a Pod may bounce to another node: masquerade it.
      nat.push(
        makeIpvsRule(
          'nat',
          'KUBE-SERVICES',
          [
            ...head,
            set('KUBE-CLUSTER-IP', 'dst,dst'),
            { kind: 'source', cidr: input.clusterCIDR, negated: true },
          ],
          markMasq,
        ),
      )
    } else {
      // Without a detector, only the node's own connections (sourced from a VIP on kube-ipvs0)
      // are recognisable, by their VIP source address.
      nat.push(
        makeIpvsRule(
          'nat',
          'KUBE-SERVICES',
          [...head, set('KUBE-CLUSTER-IP', 'src,dst')],
          markMasq,
        ),
      )
    }
  }

  const externalIPRules = (head: IpvsMatch[]) => {
    // Off-machine traffic (not bridged from a container, not from a local process) and traffic
    // to an external IP that is local anyway (GCE LB routes) are accepted into IPVS.
    nat.push(
      makeIpvsRule(
        'nat',
        'KUBE-SERVICES',
        [...head, { kind: 'physdev-not-in' }, { kind: 'addrtype-src-not-local' }],
        { kind: 'ACCEPT' },
      ),
      makeIpvsRule('nat', 'KUBE-SERVICES', [...head, { kind: 'addrtype-dst-local' }], {
        kind: 'ACCEPT',
      }),
    )
  }
  if (hasEntries('KUBE-EXTERNAL-IP')) {
    const head = [commentOf('KUBE-EXTERNAL-IP'), set('KUBE-EXTERNAL-IP', 'dst,dst')]
    nat.push(makeIpvsRule('nat', 'KUBE-SERVICES', head, { kind: 'jump', chain: 'KUBE-MARK-MASQ' }))
    externalIPRules(head)
  }
  if (hasEntries('KUBE-EXTERNAL-IP-LOCAL')) {
    externalIPRules([commentOf('KUBE-EXTERNAL-IP-LOCAL'), set('KUBE-EXTERNAL-IP-LOCAL', 'dst,dst')])
  }

  nat.push(
    makeIpvsRule('nat', 'KUBE-SERVICES', [{ kind: 'addrtype-dst-local' }], {
      kind: 'jump',
      chain: 'KUBE-NODE-PORT',
    }),
    makeIpvsRule('nat', 'KUBE-LOAD-BALANCER', [], { kind: 'jump', chain: 'KUBE-MARK-MASQ' }),
  )
  filter.push(makeIpvsRule('filter', 'KUBE-SOURCE-RANGES-FIREWALL', [], { kind: 'DROP' }))

  // The node's own connections to a LB IP arrive with that LB IP as source, so source ranges
  // cannot exclude them; this drops them when the ranges do not cover the node.
  for (const entry of input.lbNoNodeAccess) {
    filter.push(
      makeIpvsRule(
        'filter',
        'KUBE-IPVS-OUT-FILTER',
        [
          { kind: 'source', cidr: entry.ip, negated: false },
          { kind: 'ipvs', vaddr: entry.ip, vproto: entry.protocol, vport: entry.port },
        ],
        { kind: 'DROP' },
        entry.provenance,
      ),
    )
  }

  // acceptIPVSTraffic: keep other rules in the table from blocking traffic to a virtual server.
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) {
    if (!hasEntries(name)) continue
    nat.push(makeIpvsRule('nat', 'KUBE-SERVICES', [set(name, 'dst,dst')], { kind: 'ACCEPT' }))
  }

  filter.push(
    makeIpvsRule(
      'filter',
      'KUBE-FORWARD',
      [
        { kind: 'comment', text: 'kubernetes forwarding rules' },
        { kind: 'mark', mark, negated: false },
      ],
      { kind: 'ACCEPT' },
    ),
    makeIpvsRule(
      'filter',
      'KUBE-FORWARD',
      [
        { kind: 'comment', text: 'kubernetes forwarding conntrack rule' },
        { kind: 'ctstate', states: ['RELATED', 'ESTABLISHED'], negated: false },
      ],
      { kind: 'ACCEPT' },
    ),
    makeIpvsRule(
      'filter',
      'KUBE-NODE-PORT',
      [commentOf('KUBE-HEALTH-CHECK-NODE-PORT'), set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')],
      { kind: 'ACCEPT' },
    ),
  )
  // KUBE-IPVS-FILTER (issue 72236): VIPs on kube-ipvs0 are local addresses, so without this any
  // host port would answer on them; only the Service ports pass.
  for (const [name, flags] of [
    ['KUBE-LOAD-BALANCER', 'dst,dst'],
    ['KUBE-CLUSTER-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP-LOCAL', 'dst,dst'],
    ['KUBE-HEALTH-CHECK-NODE-PORT', 'dst'],
  ] as const) {
    filter.push(makeIpvsRule('filter', 'KUBE-IPVS-FILTER', [set(name, flags)], { kind: 'RETURN' }))
  }
  filter.push(
    makeIpvsRule(
      'filter',
      'KUBE-IPVS-FILTER',
      [{ kind: 'ctstate', states: ['NEW'], negated: false }, set('KUBE-IPVS-IPS', 'dst')],
      { kind: 'REJECT' },
    ),
  )

  nat.push(
    makeIpvsRule('nat', 'KUBE-POSTROUTING', [{ kind: 'mark', mark, negated: true }], {
      kind: 'RETURN',
    }),
    // Clear the mark so a packet that traverses the stack again is not masqueraded twice.
    makeIpvsRule('nat', 'KUBE-POSTROUTING', [], { kind: 'MARK-xor', mark }),
    makeIpvsRule(
      'nat',
      'KUBE-POSTROUTING',
      [{ kind: 'comment', text: 'kubernetes service traffic requiring SNAT' }],
      { kind: 'MASQUERADE', randomFully },
    ),
    makeIpvsRule('nat', 'KUBE-MARK-MASQ', [], { kind: 'MARK-or', mark }),
  )

  return {
    node: input.node,
    chains: { nat: [...NAT_CHAINS], filter: [...FILTER_CHAINS] },
    rules: [...nat, ...filter],
    jumps: BUILTIN_JUMPS.map(([table, from, to, comment]) =>
      makeIpvsRule(table, from, [{ kind: 'comment', text: comment }], { kind: 'jump', chain: to }),
    ),
    masqueradeMark: mark,
  }
}

/**
 * The iptables-restore payload kube-proxy's IPVS proxier hands to `iptables-restore --noflush`:
 * nat (chains, then rules), then filter, each ending in COMMIT, rules in write order. This is
 * not `renderIptablesSave`, whose canonical sort (KUBE-SERVICES rules by service name in their
 * comment) would move IPVS mode's uncommented ACCEPT rules ahead of the KUBE-MARK-MASQ rule.
 */
export function renderIpvsIptablesRestore(tables: IpvsIptables): string {
  const lines: string[] = []
  for (const table of ['nat', 'filter'] as const) {
    lines.push(`*${table}`)
    for (const chain of tables.chains[table]) lines.push(`:${chain} - [0:0]`)
    for (const rule of tables.rules) if (rule.table === table) lines.push(rule.text)
    lines.push('COMMIT')
  }
  return lines.map((line) => `${line}\n`).join('')
}
