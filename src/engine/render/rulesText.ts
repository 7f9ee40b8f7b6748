/**
 * The rule text a node carries in the current proxy mode, as the Rules tab prints it: the
 * iptables-restore payload of iptables mode, the small rule set IPVS mode still writes, or the
 * userspace proxier's portal rules.
 */
import { renderIpvsIptablesRestore } from '../dataplane/ipvs/ipvsIptables'
import { renderIptablesSave } from '../dataplane/iptables/renderIptablesSave'
import type { Simulation } from '../simulate'

export function rulesTextFor(simulation: Simulation, node: string): string {
  switch (simulation.proxyMode) {
    case 'iptables': {
      const tables = simulation.iptables.get(node)
      return tables ? renderIptablesSave(tables) : ''
    }
    case 'ipvs': {
      const ipvs = simulation.ipvs.get(node)
      return ipvs ? renderIpvsIptablesRestore(ipvs.iptables) : ''
    }
    case 'userspace': {
      const userspace = simulation.userspace.get(node)
      return userspace ? renderIptablesSave(userspace.iptables) : ''
    }
  }
}
