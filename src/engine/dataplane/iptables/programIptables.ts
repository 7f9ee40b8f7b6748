/**
 * Stage 3 (iptables mode): the `filter` and `nat` rules kube-proxy writes on one node
 * (pkg/proxy/iptables/proxier.go `syncProxyRules`), for ClusterIP service ports.
 *
 * Covered here: the fixed chains, the cluster-IP rule (or filter REJECT when a port has no
 * endpoints), the cluster-IP masquerade rule, the KUBE-SVC- statistic cascade with ClientIP
 * affinity, KUBE-SEP- hairpin and DNAT rules, and the nodeports tail rule. NodePort, external
 * IPs, load balancers and traffic policies are issue #4.
 * @see reference/kube-proxy-iptables.md §3–§5
 */
import type { ClusterState, EndpointSlice, NodeState, ServiceState } from '../../model/cluster'
import { endpointChainName, serviceChainName, servicePortName } from './chainNames'
import { makeRule, probability } from './rules'
import type { Match, Provenance, Rule } from './rules'

/** --iptables-masquerade-bit=14. kube-proxy's tests write the mark as 0x4000. */
export const MASQUERADE_MARK = 0x4000

export interface ProxyConfig {
  /** KubeProxyConfiguration.clusterCIDR: the local-traffic detector (ClusterCIDR mode). */
  clusterCIDR: string
  masqueradeAll: boolean
}

export interface IptablesTables {
  node: string
  /** Chains in declaration order, per table. */
  chains: { filter: string[]; nat: string[] }
  rules: Rule[]
}

/** One endpoint of one service port, as kube-proxy's EndpointSlice cache sees it. */
export interface ServicePortEndpoint {
  /** `IP:port`, the string kube-proxy sorts and hashes. */
  endpoint: string
  ip: string
  port: number
  ready: boolean
  serving: boolean
  terminating: boolean
  isLocal: boolean
  targetRef: string
}

/**
 * The endpoints of a service port, matched to the slice port by (name, protocol), deduplicated
 * and sorted by their `IP:port` string, as kube-proxy orders them.
 */
export function endpointsForServicePort(
  service: ServiceState,
  portIndex: number,
  slices: readonly EndpointSlice[],
  nodeName: string,
): ServicePortEndpoint[] {
  const servicePort = service.ports[portIndex]
  if (!servicePort) return []
  const byEndpoint = new Map<string, ServicePortEndpoint>()
  for (const slice of slices) {
    if (slice.namespace !== service.namespace || slice.serviceName !== service.name) continue
    const slicePort = slice.ports.find(
      (p) => p.name === servicePort.name && p.protocol === servicePort.protocol,
    )
    if (!slicePort || slicePort.port === 0) continue
    for (const endpoint of slice.endpoints) {
      const ip = endpoint.addresses[0]
      if (ip === undefined) continue
      const key = `${ip}:${slicePort.port}`
      const isLocal = endpoint.nodeName === nodeName
      if (byEndpoint.has(key) && !isLocal) continue
      byEndpoint.set(key, {
        endpoint: key,
        ip,
        port: slicePort.port,
        ...endpoint.conditions,
        isLocal,
        targetRef: endpoint.targetRef,
      })
    }
  }
  return [...byEndpoint.values()].sort((a, b) =>
    a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0,
  )
}

/** CategorizeEndpoints, cluster policy: the ready ones, else the serving-and-terminating ones. */
export function clusterEndpoints(endpoints: readonly ServicePortEndpoint[]): ServicePortEndpoint[] {
  const ready = endpoints.filter((e) => e.ready)
  return ready.length > 0 ? ready : endpoints.filter((e) => e.serving && e.terminating)
}

export function programIptables(
  cluster: ClusterState,
  node: NodeState,
  config: ProxyConfig,
): IptablesTables {
  const filterChains = [
    'KUBE-SERVICES',
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-FORWARD',
    'KUBE-NODEPORTS',
    'KUBE-PROXY-FIREWALL',
  ]
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']
  const filter: Rule[] = []
  const natFixed: Rule[] = [
    makeRule('nat', 'KUBE-POSTROUTING', [{ kind: 'mark', mark: MASQUERADE_MARK, negated: true }], {
      kind: 'RETURN',
    }),
    makeRule('nat', 'KUBE-POSTROUTING', [], { kind: 'MARK-xor', mark: MASQUERADE_MARK }),
    makeRule(
      'nat',
      'KUBE-POSTROUTING',
      [{ kind: 'comment', text: 'kubernetes service traffic requiring SNAT' }],
      { kind: 'MASQUERADE', randomFully: false },
    ),
    makeRule('nat', 'KUBE-MARK-MASQ', [], { kind: 'MARK-or', mark: MASQUERADE_MARK }),
  ]
  const natServices: Rule[] = []
  const natPerService: Rule[] = []

  for (const service of cluster.services) {
    if (service.clusterIP === 'None' || service.clusterIP === '') continue
    if (service.type === 'ExternalName') continue
    service.ports.forEach((port, portIndex) => {
      const spn = servicePortName(service.namespace, service.name, port.name)
      const protocolMatch: Match = { kind: 'protocol', protocol: port.protocol }
      const portPath = `spec.ports[${portIndex}]`
      const serviceProvenance: Provenance[] = [
        { ref: service.ref, path: `${portPath}.port` },
        { ref: service.ref, path: 'spec.clusterIP' },
      ]
      const endpoints = clusterEndpoints(
        endpointsForServicePort(service, portIndex, cluster.endpointSlices, node.name),
      )
      const clusterIPMatches: Match[] = [
        protocolMatch,
        { kind: 'destination', cidr: service.clusterIP, negated: false },
        { kind: 'dport', port: port.port },
      ]
      if (endpoints.length === 0) {
        filter.push(
          makeRule(
            'filter',
            'KUBE-SERVICES',
            [{ kind: 'comment', text: `${spn} has no endpoints` }, ...clusterIPMatches],
            { kind: 'REJECT' },
            [...serviceProvenance, { ref: service.ref, path: 'spec.selector' }],
          ),
        )
        return
      }

      const svcChain = serviceChainName('KUBE-SVC-', spn, port.protocol)
      natChains.push(svcChain)
      natServices.push(
        makeRule(
          'nat',
          'KUBE-SERVICES',
          [{ kind: 'comment', text: `${spn} cluster IP` }, ...clusterIPMatches],
          { kind: 'jump', chain: svcChain },
          serviceProvenance,
        ),
      )
      const masquerade: Match[] = [
        { kind: 'comment', text: `${spn} cluster IP` },
        ...clusterIPMatches,
      ]
      if (!config.masqueradeAll) {
        masquerade.push({ kind: 'source', cidr: config.clusterCIDR, negated: true })
      }
      natPerService.push(
        makeRule('nat', svcChain, masquerade, { kind: 'jump', chain: 'KUBE-MARK-MASQ' }),
      )

      const affinity = service.sessionAffinity === 'ClientIP'
      const sepOf = (e: ServicePortEndpoint) => endpointChainName(spn, port.protocol, e.endpoint)
      const affinityProvenance: Provenance[] = [{ ref: service.ref, path: 'spec.sessionAffinity' }]
      if (affinity) {
        for (const e of endpoints) {
          natPerService.push(
            makeRule(
              'nat',
              svcChain,
              [
                { kind: 'comment', text: `${spn} -> ${e.endpoint}` },
                { kind: 'recent-check', name: sepOf(e), seconds: service.affinityTimeoutSeconds },
              ],
              { kind: 'jump', chain: sepOf(e) },
              affinityProvenance,
            ),
          )
        }
      }
      endpoints.forEach((e, i) => {
        const matches: Match[] = [{ kind: 'comment', text: `${spn} -> ${e.endpoint}` }]
        if (i < endpoints.length - 1) {
          matches.push({ kind: 'statistic', probability: probability(endpoints.length - i) })
        }
        natPerService.push(
          makeRule('nat', svcChain, matches, { kind: 'jump', chain: sepOf(e) }, [
            { ref: service.ref, path: 'spec.selector' },
          ]),
        )
      })

      for (const e of endpoints) {
        const sep = sepOf(e)
        natChains.push(sep)
        const targetProvenance: Provenance[] = [
          { ref: service.ref, path: `${portPath}.targetPort` },
          ...containerPortProvenance(cluster, e),
        ]
        natPerService.push(
          makeRule(
            'nat',
            sep,
            [
              { kind: 'comment', text: spn },
              { kind: 'source', cidr: e.ip, negated: false },
            ],
            { kind: 'jump', chain: 'KUBE-MARK-MASQ' },
          ),
          makeRule(
            'nat',
            sep,
            [
              { kind: 'comment', text: spn },
              ...(affinity ? [{ kind: 'recent-set', name: sep } as const] : []),
            ],
            { kind: 'DNAT', to: e.endpoint, protocol: port.protocol },
            targetProvenance,
          ),
        )
      }
    })
  }

  natServices.push(
    makeRule(
      'nat',
      'KUBE-SERVICES',
      [
        {
          kind: 'comment',
          text: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
        },
        { kind: 'addrtype-dst-local' },
      ],
      { kind: 'jump', chain: 'KUBE-NODEPORTS' },
    ),
  )

  return {
    node: node.name,
    chains: { filter: filterChains, nat: natChains },
    rules: [...filter, ...natFixed, ...natServices, ...natPerService],
  }
}

/** The Pod's containerPort line that the endpoint's port came from, for highlighting. */
function containerPortProvenance(cluster: ClusterState, e: ServicePortEndpoint): Provenance[] {
  const pod = cluster.pods.find((p) => p.ref === e.targetRef)
  if (!pod) return []
  const port = pod.ports.find((p) => p.containerPort === e.port)
  return [{ ref: pod.ref, path: port ? port.path : 'metadata.name' }]
}
