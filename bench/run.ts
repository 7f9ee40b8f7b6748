/**
 * Speed and size figures (npm run bench). Targets live here, not in timed unit tests.
 * Prints one line per figure.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { runTimelineRequests, simulate, traceRequest } from '../src/engine'
import { encodeShareCode } from '../src/persistence/shareCode'
import { DEFAULT_STATE } from '../src/state/createAppStore'

const settings = { seed: 1 }

function manifests(services: number, podsPerService: number): string {
  const docs: string[] = []
  for (let s = 0; s < services; s++) {
    for (let p = 0; p < podsPerService; p++) {
      docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: app${s}-${p}
  labels: {app: app${s}}
spec:
  containers:
    - name: web
      image: nginx
      ports: [{containerPort: 8080, name: http}]`)
    }
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app${s}
spec:
  selector: {app: app${s}}
  ports: [{name: http, port: 80, targetPort: http}]`)
  }
  return docs.join('\n---\n')
}

function time(label: string, runs: number, fn: () => void) {
  fn()
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  const ms = (performance.now() - start) / runs
  console.log(`${label}: ${ms.toFixed(2)} ms`)
}

const seed = readFileSync('scenarios/nginx-service.yaml', 'utf8')
time('simulate seed example (2 objects)', 200, () => simulate(seed, settings))
const seedSim = simulate(seed, settings)
time('trace one request (seed example)', 2000, () =>
  traceRequest(
    seedSim,
    {
      client: { kind: 'node', name: 'node-1' },
      target: { kind: 'service', serviceRef: 'Service/default/nginx-service', portIndex: 0 },
    },
    1,
  ),
)
const medium = manifests(100, 3)
time('simulate 100 Services x 3 Pods (400 objects)', 5, () => simulate(medium, settings))
const large = manifests(250, 4)
time('simulate 250 Services x 4 Pods (1250 objects)', 2, () => simulate(large, settings))
console.log(
  `share link for the seed example: ${encodeShareCode({ ...DEFAULT_STATE, yaml: seed }).length} characters after '#'`,
)

const kubia = readFileSync('scenarios/kubia-single-port.yaml', 'utf8')
const kubiaSim = simulate(kubia, settings)
time('10,000 requests in one send (kubia, 3 endpoints)', 1, () =>
  runTimelineRequests(
    { base: kubiaSim, events: [], syncDelaySeconds: 0 },
    [
      {
        at: 0,
        request: {
          client: { kind: 'node', name: 'node-1' },
          target: { kind: 'service', serviceRef: 'Service/default/kubia', portIndex: 0 },
        },
        count: 10_000,
        intervalSeconds: 0,
      },
    ],
    1,
  ),
)
