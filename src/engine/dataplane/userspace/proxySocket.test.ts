import { describe, expect, it } from 'vitest'
import { endpointsState, servicePort, serviceState } from '../../model/build'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../../model/cluster'
import type { ClusterState } from '../../model/cluster'
import { createRng } from '../../rng'
import { createLoadBalancer, nextEndpoint } from './loadBalancer'
import type { LoadBalancerState } from './loadBalancer'
import {
  CURL_CONNECTION_RESET,
  CURL_EMPTY_REPLY,
  connectWithRetries,
  createUdpProxyState,
  describeCrossings,
  sendUdpDatagram,
} from './proxySocket'
import type { DialResult } from './proxySocket'

// Two backends of ns1/svc1:p80 (seed 1 shuffles them to [10.0.1.2:80, 10.0.1.1:80]). The dial
// timeouts are proxysocket.go `EndpointDialTimeouts` (250 ms, 500 ms, 1 s, 2 s).
function lbFor(ips: string[]): LoadBalancerState {
  const cluster: ClusterState = {
    settings: { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS },
    namespaces: ['ns1'],
    nodes: [],
    pods: [],
    services: [
      serviceState({
        name: 'svc1',
        namespace: 'ns1',
        clusterIP: '172.30.1.1',
        ports: [servicePort({ name: 'p80', port: 80 })],
      }),
    ],
    endpoints: [
      endpointsState({
        name: 'svc1',
        namespace: 'ns1',
        subsets:
          ips.length === 0
            ? []
            : [
                {
                  addresses: ips.map((ip) => ({ ip, hostname: '', nodeName: '', targetRef: '' })),
                  notReadyAddresses: [],
                  ports: [{ name: 'p80', protocol: 'TCP', port: 80 }],
                },
              ],
      }),
    ],
    endpointSlices: [],
  }
  return createLoadBalancer(cluster, createRng(1))
}

const SVC = 'ns1/svc1:p80'
const always = (result: DialResult) => () => result

describe('connectWithRetries', () => {
  it('moves to the next endpoint after a refusal and connects', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const dial = (endpoint: string): DialResult => (endpoint === '10.0.1.2:80' ? 'refused' : 'ok')
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 0, null, dial)
    expect(result.attempts.map(({ endpoint, result: r, at }) => ({ endpoint, r, at }))).toEqual([
      { endpoint: '10.0.1.2:80', r: 'refused', at: 0 },
      { endpoint: '10.0.1.1:80', r: 'ok', at: 0 },
    ])
    expect(result.outcome).toBe('connected')
    expect(result.endpoint).toBe('10.0.1.1:80')
    expect(result.curlError).toBeNull()
  })

  it('waits out a timed-out dial before the next try', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const dial = (endpoint: string): DialResult => (endpoint === '10.0.1.2:80' ? 'timeout' : 'ok')
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 0, null, dial)
    expect(result.attempts.map((a) => a.at)).toEqual([0, 0.25])
    expect(result.elapsedSeconds).toBe(0.25)
  })

  it('gives up after 4 refused tries and the client reads an empty reply', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 0, null, always('refused'))
    expect(result.attempts.map((a) => [a.endpoint, a.timeoutSeconds, a.at])).toEqual([
      ['10.0.1.2:80', 0.25, 0],
      ['10.0.1.1:80', 0.5, 0],
      ['10.0.1.2:80', 1, 0],
      ['10.0.1.1:80', 2, 0],
    ])
    expect(result.outcome).toBe('failed')
    expect(result.curlError).toBe(CURL_EMPTY_REPLY)
  })

  it('gives up after 4 timed-out tries, 3.75 s later, and the close resets', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 0, null, always('timeout'))
    expect(result.attempts.map((a) => a.at)).toEqual([0, 0.25, 0.75, 1.75])
    expect(result.elapsedSeconds).toBe(3.75)
    expect(result.curlError).toBe(CURL_CONNECTION_RESET)
  })

  it('closes at once when there are no endpoints', () => {
    const lb = lbFor([])
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 0, null, always('ok'))
    expect(result.attempts).toEqual([])
    expect(result.outcome).toBe('failed')
    expect(result.noEndpointsReason).toContain('missing endpoints')
    expect(result.curlError).toBe(CURL_EMPTY_REPLY)
  })

  it('leaves a dead sticky endpoint and re-pins the client (sessionAffinityReset)', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const sticky = { timeoutSeconds: 10800 }
    expect(nextEndpoint(lb, SVC, '10.0.2.5', 0, sticky).endpoint).toBe('10.0.1.2:80')
    const dial = (endpoint: string): DialResult => (endpoint === '10.0.1.2:80' ? 'refused' : 'ok')
    const result = connectWithRetries(lb, SVC, '10.0.2.5', 5, sticky, dial)
    expect(result.attempts.map((a) => a.endpoint)).toEqual(['10.0.1.2:80', '10.0.1.1:80'])
    expect(result.attempts[1]?.explanation).toContain('sessionAffinityReset')
    expect(nextEndpoint(lb, SVC, '10.0.2.5', 6, sticky).endpoint).toBe('10.0.1.1:80')
  })
})

describe('sendUdpDatagram', () => {
  it('reuses a client socket until it idles out, then balances again', () => {
    const lb = lbFor(['10.0.1.1', '10.0.1.2'])
    const udp = createUdpProxyState()
    const first = sendUdpDatagram(lb, udp, SVC, '10.0.2.5:40000', 0, null)
    expect(first).toMatchObject({ endpoint: '10.0.1.2:80', reused: false })
    expect(sendUdpDatagram(lb, udp, SVC, '10.0.2.5:40000', 0.2, null)).toMatchObject({
      endpoint: '10.0.1.2:80',
      reused: true,
    })
    // Another source port is another client: the round robin moves on.
    expect(sendUdpDatagram(lb, udp, SVC, '10.0.2.5:40001', 0.3, null).endpoint).toBe('10.0.1.1:80')
    // 0.45 s = 0.2 + 0.25: the first client's deadline has passed.
    const later = sendUdpDatagram(lb, udp, SVC, '10.0.2.5:40000', 0.45, null)
    expect(later).toMatchObject({ endpoint: '10.0.1.2:80', reused: false })
    expect(later.explanation).toContain('timed out')
  })
})

describe('describeCrossings', () => {
  it('counts the system calls and copies of a TCP request, retry included', () => {
    const crossings = describeCrossings('TCP', [
      { endpoint: '10.0.1.2:80', result: 'refused' },
      { endpoint: '10.0.1.1:80', result: 'ok' },
    ])
    expect(crossings.totalCopies).toBe(4)
    // accept4 + failed dial (4) + dial (3) + request (2) + response (2) + two closes.
    expect(crossings.totalSyscalls).toBe(1 + 4 + 3 + 2 + 2 + 2)
    expect(crossings.steps[0]?.where).toBe('kernel')
  })

  it('counts a UDP datagram and its reply', () => {
    const crossings = describeCrossings('UDP', [{ endpoint: '10.0.1.2:53', result: 'ok' }])
    expect(crossings.totalCopies).toBe(4)
    expect(crossings.totalSyscalls).toBe(6)
  })
})
