import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { simulate } from '../engine'
import { runCurl } from './curlCommand'
import type { CurlArgs } from './curlCommand'

const seed = readFileSync('scenarios/nginx-service.yaml', 'utf8')
const simulation = simulate(seed, { seed: 1 })
const clusterIP = simulation.cluster.services.find((s) => s.name === 'nginx-service')!.clusterIP

const args = (extra: Partial<CurlArgs>): CurlArgs => ({
  url: 'http://nginx-service:8081',
  from: { pod: 'default/nginx' },
  count: 1,
  keepAlive: false,
  trace: false,
  json: false,
  node: '',
  ...extra,
})

describe('svcsim curl', () => {
  it('prints one line per request: the Pod and the endpoint address', () => {
    expect(runCurl(simulation, args({ count: 3 }))).toEqual({
      code: 0,
      stdout: 'default/nginx 10.244.0.2:80\n'.repeat(3),
      stderr: '',
    })
  })

  it("prints a failure in curl's words and still exits 0", () => {
    // No rule knows the cluster IP on port 80 and no host owns it: the SYN goes unanswered.
    expect(runCurl(simulation, args({ url: 'http://nginx-service:80' }))).toEqual({
      code: 0,
      stdout:
        "curl: (28) Failed to connect to nginx-service port 80 after 127000 ms: Couldn't connect to server\n",
      stderr: '',
    })
    // Nothing listens on port 81 in the Pod: reset, refused.
    expect(runCurl(simulation, args({ url: 'http://10.244.0.2:81' })).stdout).toBe(
      "curl: (7) Failed to connect to 10.244.0.2 port 81 after 0 ms: Couldn't connect to server\n",
    )
  })

  it('says a name does not resolve from a node, and reaches the cluster IP directly', () => {
    expect(runCurl(simulation, args({ from: { node: 'node-1' } })).stdout).toBe(
      'curl: (6) Could not resolve host: nginx-service\n',
    )
    expect(
      runCurl(simulation, args({ from: { node: 'node-1' }, url: `${clusterIP}:8081` })).stdout,
    ).toBe('default/nginx 10.244.0.2:80\n')
  })

  it('--trace lists every hop under its request, with the rules evaluated', () => {
    const lines = runCurl(simulation, args({ trace: true })).stdout.split('\n')
    expect(lines[0]).toBe('default/nginx 10.244.0.2:80')
    expect(lines[1]).toMatch(/^ {2}1\. DNS: nginx-service → /)
    expect(lines.some((l) => /^ {4}\[x\] -A KUBE-SERVICES .*nginx-service/.test(l))).toBe(true)
    expect(lines.some((l) => l.startsWith('  ') && l.includes('reply un-NATed'))).toBe(true)
  })

  it('--json prints the requests as DESIGN.md §5 gives them', () => {
    const result = runCurl(simulation, args({ json: true, count: 2, keepAlive: true }))
    const parsed = JSON.parse(result.stdout) as {
      requests: {
        endpoint: string | null
        pod: string | null
        error: string | null
        hops: unknown[]
      }[]
    }
    expect(parsed.requests.map(({ endpoint, pod, error }) => ({ endpoint, pod, error }))).toEqual([
      { endpoint: '10.244.0.2:80', pod: 'default/nginx', error: null },
      { endpoint: '10.244.0.2:80', pod: 'default/nginx', error: null },
    ])
    expect(parsed.requests[1]!.hops.length).toBeGreaterThan(0)
    const failed = JSON.parse(
      runCurl(simulation, args({ json: true, url: '10.244.0.2:1' })).stdout,
    ) as typeof parsed
    expect(failed.requests[0]).toMatchObject({ endpoint: null, pod: null })
    expect(failed.requests[0]!.error).toContain('curl: (7)')
  })

  it('exits 1 for a client that does not exist, 2 for a bad count', () => {
    expect(runCurl(simulation, args({ from: { pod: 'nope' } }))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: pod "Pod/default/nope" not found\n',
    })
    expect(runCurl(simulation, args({ count: 0 })).code).toBe(2)
    expect(runCurl(simulation, args({ url: 'ftp://x' })).stderr).toBe(
      'curl: (1) Protocol "ftp" not supported\n',
    )
  })

  it('--from-ip outside the pod network is a host outside the cluster sending to --node', () => {
    const result = runCurl(
      simulation,
      args({ from: { ip: '203.0.113.7' }, url: `http://${clusterIP}:8081`, trace: true }),
    )
    expect(result.stdout.split('\n')[0]).toBe('default/nginx 10.244.0.2:80')
    expect(result.stdout).toContain('host 203.0.113.7 outside the cluster connects')
  })
})
