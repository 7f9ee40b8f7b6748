import { describe, expect, it } from 'vitest'
import { containerPort, endpointSlice, podState, servicePort, serviceState } from '../model/build'
import type { EndpointSlice, PodState, Protocol, ServiceState } from '../model/cluster'
import type { ManifestSource } from '../parse/readManifests'
import type { SourceRange } from '../parse/sourceText'
import { lintServices } from './lintServices'

function line(n: number): SourceRange {
  return {
    startOffset: n * 10,
    endOffset: n * 10 + 5,
    startLine: n,
    startColumn: 1,
    endLine: n,
    endColumn: 6,
  }
}
const SERVICE_SOURCE: ManifestSource = {
  document: 1,
  range: line(1),
  fields: new Map([
    ['spec', line(4)],
    ['spec.selector', line(5)],
    ['spec.ports[0]', line(7)],
    ['spec.ports[0].protocol', line(8)],
    ['spec.ports[0].targetPort', line(9)],
  ]),
}
const POD_SOURCE: ManifestSource = {
  document: 0,
  range: line(1),
  fields: new Map([['metadata.name', line(3)]]),
}

const port = (name: string, number: number, protocol: Protocol = 'TCP') =>
  containerPort({ name, containerPort: number, protocol })

function pod(name: string, over: Partial<PodState> = {}): PodState {
  return podState({
    name,
    labels: { app: 'web' },
    nodeName: 'node-1',
    podIP: '10.244.0.5',
    hostIP: '192.168.49.2',
    phase: 'Running',
    ready: true,
    ports: [port('http', 8080)],
    createdIndex: 10,
    source: POD_SOURCE,
    ...over,
  })
}

function service(over: Partial<ServiceState> = {}): ServiceState {
  return serviceState({
    name: 'web',
    clusterIP: '10.96.0.20',
    selector: { app: 'web' },
    ports: [servicePort({ name: 'http', port: 80, targetPort: 'http' })],
    source: SERVICE_SOURCE,
    ...over,
  })
}

function lint(services: ServiceState[], pods: PodState[], slices: EndpointSlice[] = []) {
  return lintServices(services, pods, slices).map((d) => [
    d.code,
    d.severity,
    d.message,
    d.range?.startLine,
    d.objectRef,
  ])
}

// The rules restate podutil.FindPort, the controllers' Pod selection and the kubelet's
// getServiceEnvVarMap (reference/discovery.md §1.1, §1.3, §3.1).
describe('lintServices', () => {
  it('is quiet for a Service that reaches its Pods', () => {
    expect(lint([service()], [pod('a')])).toEqual([])
  })

  it('warns on the selector when it matches no Pod in the namespace', () => {
    expect(
      lint([service()], [pod('a', { namespace: 'other' }), pod('b', { phase: 'Succeeded' })]),
    ).toEqual([
      [
        'selector-matches-no-pods',
        'warning',
        'The selector of Service "web" matches no Pod in namespace "default", so the Service has no endpoints.',
        5,
        'Service/default/web',
      ],
    ])
  })

  it('warns on a Service without selector that nothing gives endpoints', () => {
    const fields = new Map(SERVICE_SOURCE.fields)
    fields.delete('spec.selector')
    const svc = service({ selector: null, source: { ...SERVICE_SOURCE, fields } })
    expect(lint([svc], [])).toEqual([
      [
        'selector-matches-no-pods',
        'warning',
        'Service "web" has no selector and no Endpoints or EndpointSlice gives it addresses, so it has no endpoints.',
        4,
        'Service/default/web',
      ],
    ])
    const slice = endpointSlice({
      name: 'web-abcde',
      serviceName: 'web',
      labels: {},
      endpoints: [
        {
          addresses: ['10.0.0.5'],
          conditions: { ready: true, serving: true, terminating: false },
          hostname: '',
          nodeName: '',
          zone: '',
          targetRef: '',
        },
      ],
    })
    expect(lint([svc], [], [slice])).toEqual([])
  })

  it('names the Pods that lack a named targetPort', () => {
    const pods = [pod('a'), pod('b', { ports: [] }), pod('c', { ports: [port('web', 8080)] })]
    expect(lint([service()], pods)).toEqual([
      [
        'target-port-not-found',
        'warning',
        'Pods "b" and "c" have no TCP container port named "http", so Service "web" port 80 sends them no traffic.',
        9,
        'Service/default/web',
      ],
    ])
  })

  it('shortens long Pod lists', () => {
    const pods = ['a', 'b', 'c', 'd', 'e'].map((n) => pod(n, { ports: [] }))
    expect(lint([service()], pods)[0]?.[2]).toBe(
      'Pods "a", "b", "c" and 2 more have no TCP container port named "http", so Service "web" port 80 sends them no traffic.',
    )
  })

  it('flags a protocol mismatch by number: Service UDP 53 to a container TCP 53', () => {
    const dns = service({
      ports: [servicePort({ name: 'dns', protocol: 'UDP', port: 53 })],
    })
    expect(lint([dns], [pod('coredns', { ports: [port('dns-tcp', 53)] })])).toEqual([
      [
        'protocol-mismatch',
        'warning',
        'Service "web" port 53 is UDP, but Pod "coredns" declares container port 53 for another protocol only.',
        8,
        'Service/default/web',
      ],
    ])
    expect(
      lint([dns], [pod('coredns', { ports: [port('dns', 53, 'UDP'), port('dns-tcp', 53)] })]),
    ).toEqual([])
  })

  it('flags a protocol mismatch by name: the Pod is not an endpoint then', () => {
    const dns = service({
      ports: [servicePort({ name: 'dns', protocol: 'UDP', port: 53, targetPort: 'dns' })],
    })
    expect(lint([dns], [pod('coredns', { ports: [port('dns', 53)] })])).toEqual([
      [
        'protocol-mismatch',
        'warning',
        'Service "web" port 53 is UDP, but container port "dns" of Pod "coredns" is not, so that Pod is not an endpoint for it.',
        8,
        'Service/default/web',
      ],
    ])
  })

  it('tells a Pod created before the Service that it has no variables for it', () => {
    const svc = service({ createdIndex: 5, name: 'hello-svc' })
    expect(
      lint([svc], [pod('early', { createdIndex: 2 }), pod('late', { createdIndex: 6 })]),
    ).toEqual([
      [
        'pod-before-service',
        'info',
        'Pod "early" was created before Service "hello-svc", so it has no HELLO_SVC_SERVICE_HOST or HELLO_SVC_SERVICE_PORT: the kubelet only injects variables of Services that existed when the Pod started. DNS has no such limit.',
        3,
        'Pod/default/early',
      ],
    ])
  })

  it('tells each Pod once, naming the first three Services created after it', () => {
    const services = ['a', 'b', 'c', 'd', 'e'].map((name, i) =>
      service({ name, createdIndex: 10 + i, selector: null }),
    )
    const found = lint(services, [pod('early', { createdIndex: 1 })]).filter(
      (d) => d[0] === 'pod-before-service',
    )
    expect(found).toEqual([
      [
        'pod-before-service',
        'info',
        'Pod "early" was created before Services "a", "b", "c" and 2 more, so it has none of their variables (such as A_SERVICE_HOST): the kubelet only injects variables of Services that existed when the Pod started. DNS has no such limit.',
        3,
        'Pod/default/early',
      ],
    ])
  })

  it('does not tell it for headless Services, other namespaces or disabled service links', () => {
    const early = pod('early', { createdIndex: 2 })
    expect(lint([service({ createdIndex: 5, clusterIP: 'None' })], [early])).toEqual([])
    expect(lint([service({ createdIndex: 5 })], [{ ...early, namespace: 'other' }])).toEqual([
      [
        'selector-matches-no-pods',
        'warning',
        'The selector of Service "web" matches no Pod in namespace "default", so the Service has no endpoints.',
        5,
        'Service/default/web',
      ],
    ])
    const noLinks = { ...early, enableServiceLinks: false }
    expect(lint([service({ createdIndex: 5 })], [noLinks])).toEqual([])
  })

  it("skips the cluster's own Service and ExternalName Services", () => {
    expect(lint([service({ system: true, selector: null })], [])).toEqual([])
    expect(lint([service({ type: 'ExternalName', clusterIP: '', selector: null })], [])).toEqual([])
  })
})
