/**
 * Test fixtures shared by the endpoints controllers' tests: a `web` Service selecting
 * `app: web` Pods that name their port `http` (8080), all on node-1. Only tests import this.
 */
import { containerPort, podState, servicePort, serviceState } from '../model/build'
import type { ContainerPort, PodState, Protocol, ServiceState } from '../model/cluster'

export function port(name: string, number: number, protocol: Protocol = 'TCP'): ContainerPort {
  return containerPort({ name, containerPort: number, protocol })
}

let nextIndex = 0

/** A running, ready Pod; each call is created after the previous one. */
export function pod(name: string, ip: string, over: Partial<PodState> = {}): PodState {
  return podState({
    name,
    labels: { app: 'web' },
    nodeName: 'node-1',
    podIP: ip,
    hostIP: '192.168.49.2',
    phase: 'Running',
    ready: true,
    ports: [port('http', 8080)],
    createdIndex: nextIndex++,
    ...over,
  })
}

/** Service `web`, port 80 → targetPort `http`, created after every fixture Pod. */
export function service(over: Partial<ServiceState> = {}): ServiceState {
  return serviceState({
    name: 'web',
    labels: { team: 'a' },
    clusterIP: '10.96.0.20',
    selector: { app: 'web' },
    ports: [servicePort({ name: 'http', port: 80, targetPort: 'http' })],
    createdIndex: 100,
    ...over,
  })
}
