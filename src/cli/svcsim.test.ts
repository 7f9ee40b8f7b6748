import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runSvcsim } from './svcsim'

const files: Record<string, string> = {
  'seed.yaml': readFileSync('scenarios/nginx-service.yaml', 'utf8'),
  'one.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: Sticky
  ports:
  - port: 80
`,
  'two.yaml': `apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports:
  - port: 80
    protocol: tcp
  - port: 81
---
apiVersion: v1
kind: Service
metadata:
  name: b
spec:
  ports:
  - port: 80
    targetPort: "8080"
`,
}
const read = (path: string) => {
  const text = files[path]
  if (text === undefined) throw new Error('ENOENT')
  return text
}

describe('svcsim validate', () => {
  it('prints nothing and exits 0 for the seed example', () => {
    expect(runSvcsim(['validate', '-f', 'seed.yaml'], read)).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    })
  })

  it('prints one invalid object the way kubectl apply does (discovery.md §6.2, row 25 of §6.4)', () => {
    expect(runSvcsim(['validate', '-f', 'one.yaml'], read)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'The Service "web" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"\n',
    })
  })

  it('prints one Error from server line per object when several fail (discovery.md §6.2)', () => {
    const result = runSvcsim(['validate', '-f', 'two.yaml'], read)
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')).toEqual([
      'Error from server (Invalid): error when creating "two.yaml": Service "a" is invalid: [spec.ports[0].name: Required value, spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.ports[1].name: Required value]',
      'Error from server (Invalid): error when creating "two.yaml": Service "b" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
      '',
    ])
  })

  it('exits 2 on bad usage and 1 on a missing file', () => {
    expect(runSvcsim([], read).code).toBe(2)
    expect(runSvcsim(['frobnicate'], read).code).toBe(2)
    expect(runSvcsim(['validate'], read).code).toBe(2)
    expect(runSvcsim(['validate', '-f', 'nope.yaml'], read)).toMatchObject({ code: 1 })
  })
})

describe('svcsim validate, objects that do not decode', () => {
  it('reports a wrong JSON type as the API server\u2019s 400 (json: cannot unmarshal)', () => {
    const result = runSvcsim(['validate', '-f', 'bad-type.yaml'], (p) =>
      p === 'bad-type.yaml'
        ? 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: "80"\n'
        : read(p),
    )
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (BadRequest): error when creating "bad-type.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32\n',
    })
  })
})

describe('svcsim get', () => {
  const get = (...args: string[]) => runSvcsim(['get', ...args, '-f', 'seed.yaml'], read)

  it('lists services as kubectl get does, the cluster\u2019s own kubernetes Service included', () => {
    const result = get('svc')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe(
      'NAME            TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)    AGE',
    )
    expect(lines[1]).toBe(
      'kubernetes      ClusterIP   10.96.0.1        <none>        443/TCP    0s',
    )
    expect(lines[2]).toMatch(
      /^nginx-service {3}ClusterIP {3}10\.\d+\.\d+\.\d+ +<none> {8}8081\/TCP {3}0s$/,
    )
  })

  it('prints pods wide, endpoints with the v1.33 deprecation warning, and slices', () => {
    expect(get('pods', '-o', 'wide').stdout).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'nginx   1/1     Running   0          0s    10.244.0.2   node-1   <none>           <none>\n',
    )
    const endpoints = get('ep')
    expect(endpoints.stderr).toBe(
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n',
    )
    expect(endpoints.stdout).toContain('nginx-service   10.244.0.2:80')
    expect(get('endpointslices').stdout).toMatch(
      /nginx-service-[a-z0-9]{5} +IPv4 +80 +10\.244\.0\.2 +0s/,
    )
  })

  it('says so on stderr when a namespace has nothing, as kubectl does', () => {
    expect(get('pods', '-n', 'shop')).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in shop namespace.\n',
    })
  })

  it('refuses unknown resources and output formats', () => {
    expect(get('widgets')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: the server doesn't have a resource type "widgets"\n`,
    })
    expect(get('deploy').stderr).toBe(
      'error: svcsim get lists services, endpoints, endpointslices, pods and nodes; "deploy" is simulated but not listed\n',
    )
    expect(get('svc', '-o', 'xml').code).toBe(2)
  })
})

describe('svcsim iptables-save', () => {
  it('prints the NodePort example\u2019s rules as kube-proxy writes them (reviewed golden file)', () => {
    const result = runSvcsim(['iptables-save', '-f', 'scenarios/kubia-nodeport.yaml'], (path) =>
      readFileSync(path, 'utf8'),
    )
    expect(result).toEqual({
      code: 0,
      stdout: readFileSync('scenarios/kubia-nodeport.iptables.txt', 'utf8'),
      stderr: '',
    })
  })

  it('refuses an unknown node and the modes that are not built yet', () => {
    const run = (...args: string[]) =>
      runSvcsim(['iptables-save', '-f', 'seed.yaml', ...args], read)
    expect(run('--node', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no node named "nope"\n',
    })
    expect(run('--mode', 'nftables').code).toBe(2)
  })

  it('prints the mode\u2019s own rules: IPVS mode\u2019s ipset rules, userspace\u2019s portals', () => {
    const run = (...args: string[]) =>
      runSvcsim(['iptables-save', '-f', 'seed.yaml', ...args], read)
    expect(run('--mode', 'ipvs').stdout).toContain('-m set --match-set KUBE-CLUSTER-IP dst,dst')
    expect(run('--mode', 'userspace').stdout).toContain(':KUBE-PORTALS-CONTAINER - [0:0]')
  })
})

describe('svcsim curl in the other modes', () => {
  it('IPVS rr answers from each Pod in turn; userspace too (round robin)', () => {
    const curl = (...args: string[]) =>
      runSvcsim(
        ['curl', 'http://kubia', '--from', 'kubia-6gfr2', '-n', '3', ...args, '-f', 'k.yaml'],
        () => readFileSync('scenarios/kubia-single-port.yaml', 'utf8'),
      )
    for (const mode of ['ipvs', 'userspace']) {
      const pods = curl('--mode', mode)
        .stdout.trim()
        .split('\n')
        .map((l) => l.split(' ')[0])
      expect(new Set(pods).size).toBe(3)
    }
  })
})

describe('svcsim curl', () => {
  const curl = (...args: string[]) =>
    runSvcsim(['curl', ...args, '-f', 'scenarios/kubia-nodeport.yaml'], (path) =>
      readFileSync(path, 'utf8'),
    )

  it('answers one line per request; keep-alive stays on one Pod', () => {
    const lines = curl(
      'http://kubia-nodeport:80',
      '--from',
      'kubia-6gfr2',
      '-n',
      '4',
      '--keepalive',
    )
      .stdout.trim()
      .split('\n')
    expect(lines).toHaveLength(4)
    expect(new Set(lines).size).toBe(1)
    expect(lines[0]).toMatch(/^default\/kubia-[a-z0-9]{5} 10\.244\.0\.\d:8080$/)
  })

  it('from outside to the NodePort, and a name the node cannot resolve', () => {
    expect(curl('http://192.168.49.2:30123', '--from-ip', '203.0.113.7').stdout).toMatch(
      /^default\/kubia-[a-z0-9]{5} 10\.244\.0\.\d:8080\n$/,
    )
    expect(curl('http://kubia-nodeport', '--from-node', 'node-1').stdout).toBe(
      'curl: (6) Could not resolve host: kubia-nodeport\n',
    )
  })

  it('needs a URL and a client', () => {
    expect(curl().code).toBe(2)
    expect(curl('http://kubia-nodeport').code).toBe(2)
  })
})

describe('svcsim ipvsadm', () => {
  const ipvsadm = (...args: string[]) =>
    runSvcsim(['ipvsadm', ...args, '-f', 'scenarios/kubia-client-ip.yaml'], (path) =>
      readFileSync(path, 'utf8'),
    )

  it('prints ipvsadm -Ln for the node, ClientIP affinity as persistence', () => {
    const { code, stdout } = ipvsadm('--scheduler', 'wlc')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    ])
    expect(stdout).toMatch(/^TCP {2}10\.\d+\.\d+\.\d+:80 wlc persistent 10800$/m)
    expect(stdout).toContain(
      '  -> 10.244.0.2:8080              Masq    1      0          0         ',
    )
  })

  it('refuses a scheduler the kernel does not have', () => {
    expect(ipvsadm('--scheduler', 'random').code).toBe(2)
  })
})
