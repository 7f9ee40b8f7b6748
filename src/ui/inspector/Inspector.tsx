/**
 * The right-hand panel: the request and its hops, the cluster as kubectl lists it, and the
 * problems found in the YAML.
 */
import { useMemo, useState } from 'react'
import type { GetKind, Simulation } from '../../engine'
import type { Client } from '../../state/createAppStore'
import { useAppStore, useAppStoreApi } from '../../state/useAppStore'
import { currentHopIndex, hopsAffectedByLine } from '../../state/selectors'
import { effectiveRequest } from '../../state/createAppStore'
import { KubectlView } from './KubectlView'
import { RulesView } from './RulesView'
import { IpvsView } from './IpvsView'
import { FaultsPanel } from './FaultsPanel'
import { TrafficResults } from './TrafficResults'
import { Tabs } from './Tabs'
import { TraceList } from './TraceList'

const TABS = [
  { id: 'request', label: 'Request' },
  { id: 'rules', label: 'Rules' },
  { id: 'ipvs', label: 'IPVS' },
  { id: 'faults', label: 'Faults' },
  { id: 'services', label: 'Services' },
  { id: 'endpoints', label: 'Endpoints' },
  { id: 'pods', label: 'Pods' },
  { id: 'nodes', label: 'Nodes' },
] as const
type TabId = (typeof TABS)[number]['id']

const KUBECTL: Record<Exclude<TabId, 'request' | 'rules' | 'faults' | 'ipvs'>, GetKind[]> = {
  services: ['services'],
  endpoints: ['endpoints', 'endpointslices'],
  pods: ['pods'],
  nodes: ['nodes'],
}

export function Inspector() {
  const [picked, setTab] = useState<TabId>('request')
  const world = useAppStore((s) => s.world)
  // The IPVS tab exists in IPVS mode only.
  const tabs = TABS.filter((t) => t.id !== 'ipvs' || world.proxyMode === 'ipvs')
  const tab = tabs.some((t) => t.id === picked) ? picked : 'request'
  const simulation = useAppStore((s) => s.simulation)
  const problems = useMemo(
    () => simulation.diagnostics.filter((d) => d.severity !== 'info'),
    [simulation],
  )

  return (
    <aside className="inspector" aria-label="Inspector">
      <Tabs label="Inspector" tabs={tabs} selected={tab} onSelect={(id) => setTab(id as TabId)}>
        {tab === 'request' ? (
          <RequestPanel />
        ) : tab === 'rules' ? (
          <RulesPanel />
        ) : tab === 'faults' ? (
          <FaultsPanel />
        ) : tab === 'ipvs' ? (
          <IpvsPanel />
        ) : (
          <KubectlView cluster={world.cluster} kinds={KUBECTL[tab]} />
        )}
      </Tabs>
      <section className="inspector__section" aria-labelledby="problems-heading">
        <h2 id="problems-heading">Problems {problems.length > 0 ? `(${problems.length})` : ''}</h2>
        {problems.length === 0 ? (
          <p className="muted">None: every object was accepted.</p>
        ) : (
          <ul className="problems" aria-label="Problems">
            {problems.map((d, i) => (
              <li key={i} className={`problem problem--${d.severity}`}>
                {d.range && <span className="problem__line">line {d.range.startLine}</span>}
                <span className="mono">{d.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  )
}

function IpvsPanel() {
  const world = useAppStore((s) => s.world)
  const client = useAppStore((s) => s.client)
  const target = useAppStore((s) => s.target)
  const trace = useAppStore((s) => s.trace)
  const position = useAppStore((s) => s.position)
  const counters = useAppStore((s) => s.ipvsCounters)
  return (
    <IpvsView
      simulation={world}
      trace={trace}
      currentHop={currentHopIndex(trace, position)}
      defaultNode={clientNodeOf(world, effectiveRequest(world, client, target).client)}
      counters={counters}
    />
  )
}

function RulesPanel() {
  const shown = useAppStore((s) => s.world)
  const client = useAppStore((s) => s.client)
  const target = useAppStore((s) => s.target)
  const trace = useAppStore((s) => s.trace)
  const position = useAppStore((s) => s.position)
  const request = useMemo(() => effectiveRequest(shown, client, target), [shown, client, target])
  return (
    <RulesView
      simulation={shown}
      trace={trace}
      currentHop={currentHopIndex(trace, position)}
      defaultNode={clientNodeOf(shown, request.client)}
    />
  )
}

/** The node whose rules a client's packets meet first. */
function clientNodeOf(simulation: Simulation, client: Client): string {
  const name =
    client.kind === 'node'
      ? client.name
      : client.kind === 'ip'
        ? client.node
        : (simulation.cluster.pods.find((p) => p.ref === client.ref)?.nodeName ?? '')
  return name || (simulation.cluster.nodes[0]?.name ?? '')
}

function RequestPanel() {
  const store = useAppStoreApi()
  const trace = useAppStore((s) => s.trace)
  const traceError = useAppStore((s) => s.traceError)
  const position = useAppStore((s) => s.position)
  const shown = useAppStore((s) => s.shown)
  const cursorLine = useAppStore((s) => s.cursorLine)
  const current = currentHopIndex(trace, position)
  const affected = useMemo(
    () => hopsAffectedByLine(shown.manifests, trace, cursorLine),
    [shown, trace, cursorLine],
  )
  const runs = useAppStore((s) => s.runs)
  const world = useAppStore((s) => s.world)
  const clock = useAppStore((s) => s.clock)
  const selected = useAppStore((s) => s.selected)
  return (
    <section className="inspector__section" aria-label="Request">
      <TrafficResults
        runs={runs}
        world={world}
        clock={clock}
        selected={selected}
        onSelect={(index) => store.getState().selectRequest(index)}
      />
      {!trace && !traceError && (
        <p className="muted">Press “Send request” to send one packet and follow it hop by hop.</p>
      )}
      {traceError && <p className="outcome outcome--refused">{traceError}</p>}
      {trace && (
        <p className={`outcome outcome--${trace.outcome.kind}`} data-testid="outcome">
          {trace.outcome.kind === 'refused'
            ? trace.outcome.message
            : trace.outcome.podRef === ''
              ? `Connected to ${trace.outcome.endpoint}, outside the cluster`
              : `Connected to ${trace.outcome.podRef.split('/').slice(1).join('/')} at ${trace.outcome.endpoint}`}
        </p>
      )}
      {trace && (
        <TraceList
          hops={trace.hops}
          current={current}
          affected={affected}
          onSelect={(index) => {
            store.getState().pause()
            store.getState().seek(index)
          }}
        />
      )}
    </section>
  )
}
