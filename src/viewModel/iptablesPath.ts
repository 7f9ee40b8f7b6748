/**
 * The path kube-proxy's iptables rules give one Service port, read from the rules themselves:
 * the KUBE-SERVICES rule that matches the cluster IP, the KUBE-SVC-/KUBE-SVL- chain it jumps to,
 * and that chain's branches to KUBE-SEP- chains with the probability of each, down to the DNAT
 * target. Reading the rules (rather than the Service) keeps the canvas true to the rule text.
 */
import type { IptablesTables, Rule } from '../engine'

export interface ChainBranch {
  chain: string
  /** `p=0.3333333333`, or `otherwise` for the last rule, which has no statistic match. */
  label: string
  /** The DNAT target `ip:port`, or '' when the SEP chain has none. */
  endpoint: string
}

export interface ServicePortPath {
  /** The KUBE-SERVICES rule matching the cluster IP and port. */
  entryRule: string
  /** KUBE-SVC-… or KUBE-SVL-…. */
  serviceChain: string
  branches: ChainBranch[]
}

function natRules(tables: IptablesTables, chain: string): Rule[] {
  return tables.rules.filter((r) => r.table === 'nat' && r.chain === chain)
}

function matchesDestination(rule: Rule, ip: string, port: number): boolean {
  const destination = rule.matches.some(
    (m) => m.kind === 'destination' && !m.negated && (m.cidr === ip || m.cidr === `${ip}/32`),
  )
  const dport = rule.matches.some((m) => m.kind === 'dport' && m.port === port)
  return destination && dport
}

export function servicePortPath(
  tables: IptablesTables,
  clusterIP: string,
  port: number,
): ServicePortPath | null {
  const entry = natRules(tables, 'KUBE-SERVICES').find(
    (r) => r.target.kind === 'jump' && matchesDestination(r, clusterIP, port),
  )
  if (!entry || entry.target.kind !== 'jump') return null
  const serviceChain = entry.target.chain
  const branches: ChainBranch[] = []
  for (const rule of natRules(tables, serviceChain)) {
    if (rule.target.kind !== 'jump' || !rule.target.chain.startsWith('KUBE-SEP-')) continue
    if (rule.matches.some((m) => m.kind === 'recent-check')) continue
    const statistic = rule.matches.find((m) => m.kind === 'statistic')
    const chain = rule.target.chain
    const dnat = natRules(tables, chain).find((r) => r.target.kind === 'DNAT')
    branches.push({
      chain,
      label: statistic?.kind === 'statistic' ? `p=${statistic.probability}` : 'otherwise',
      endpoint: dnat?.target.kind === 'DNAT' ? dnat.target.to : '',
    })
  }
  // A single endpoint needs no draw.
  if (branches.length === 1 && branches[0]) branches[0].label = 'always'
  return { entryRule: entry.text, serviceChain, branches }
}
