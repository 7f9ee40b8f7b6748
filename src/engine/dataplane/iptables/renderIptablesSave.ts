/**
 * The text `svcsim iptables-save` prints: the iptables-restore payload kube-proxy writes for a
 * node, canonicalised the way kube-proxy's own unit tests compare it
 * (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go `sortIPTablesRules` and
 * pkg/util/iptables/testing/parse.go `IPTablesDump.String`), so it can be diffed against their
 * expected strings. Services are processed in Go map order upstream; this order does not depend
 * on it.
 *
 * Tables: filter, then nat. Chains: KUBE-NODEPORTS, KUBE-SERVICES, then the other KUBE-* chains
 * bytewise, then the rest. Rules of KUBE-NODEPORTS and KUBE-SERVICES are stable-sorted by the
 * service name in their comment, the nat "must be the last rule" rule last; other chains keep
 * the order kube-proxy wrote.
 * @see reference/kube-proxy-iptables.md §5, §8
 */
import { compareBytewise } from '../../encoding/goJson'
import type { IptablesTables } from './programIptables'
import type { Rule } from './rules'

function chainOrder(a: string, b: string): number {
  const rank = (chain: string) =>
    chain === 'KUBE-NODEPORTS'
      ? 0
      : chain === 'KUBE-SERVICES'
        ? 1
        : chain.startsWith('KUBE-')
          ? 2
          : 3
  return rank(a) - rank(b) || compareBytewise(a, b)
}

function commentOf(rule: Rule): string {
  const comment = rule.matches.find((m) => m.kind === 'comment')
  return comment?.kind === 'comment' ? comment.text : ''
}

/** `getServiceName`: the comment up to its first space or colon (`ns1/svc1:p80 cluster IP` → `ns1/svc1`). */
function serviceNameOf(rule: Rule): string {
  return commentOf(rule).split(' ')[0]?.split(':')[0] ?? ''
}

function isLastRule(rule: Rule): boolean {
  return commentOf(rule).includes('must be the last rule')
}

function sortedRules(table: Rule['table'], chain: string, rules: readonly Rule[]): Rule[] {
  if (chain !== 'KUBE-NODEPORTS' && chain !== 'KUBE-SERVICES') return [...rules]
  // Array.prototype.sort is stable, like Go's sort.SliceStable.
  return [...rules].sort((a, b) => {
    if (table === 'nat' && chain === 'KUBE-SERVICES') {
      const last = Number(isLastRule(a)) - Number(isLastRule(b))
      if (last !== 0) return last
    }
    return compareBytewise(serviceNameOf(a), serviceNameOf(b))
  })
}

export function renderIptablesSave(tables: IptablesTables): string {
  const lines: string[] = []
  for (const table of ['filter', 'nat'] as const) {
    const chains = [...new Set(tables.chains[table])].sort(chainOrder)
    lines.push(`*${table}`)
    for (const chain of chains) lines.push(`:${chain} - [0:0]`)
    for (const chain of chains) {
      const rules = tables.rules.filter((r) => r.table === table && r.chain === chain)
      for (const rule of sortedRules(table, chain, rules)) lines.push(rule.text)
    }
    lines.push('COMMIT')
  }
  return lines.map((line) => `${line}\n`).join('')
}
