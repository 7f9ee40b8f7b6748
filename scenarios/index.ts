/**
 * The examples the app offers: every manifest of the study note, plus the comparison of the
 * three proxy modes under one fault. The same files are the golden inputs of the tests.
 */
import externalService from './external-service.yaml?raw'
import kubiaClientIP from './kubia-client-ip.yaml?raw'
import kubiaMultiPort from './kubia-multi-port.yaml?raw'
import kubiaNamedPorts from './kubia-named-ports.yaml?raw'
import kubiaNodePort from './kubia-nodeport.yaml?raw'
import kubiaSinglePort from './kubia-single-port.yaml?raw'
import nginxService from './nginx-service.yaml?raw'

export interface Example {
  id: string
  title: string
  yaml: string
  /** Extra state: faults, sends, settings that make the example's point at once. */
  setup?: {
    syncDelay?: number
    deletePodIndex?: number
    count?: number
  }
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'nginx-service',
    title: 'Service with a named targetPort (Service创建)',
    yaml: nginxService,
  },
  { id: 'kubia-single-port', title: 'One port (单端口)', yaml: kubiaSinglePort },
  { id: 'kubia-multi-port', title: 'Two ports (多端口)', yaml: kubiaMultiPort },
  { id: 'kubia-named-ports', title: 'Named ports (Pod中的名称)', yaml: kubiaNamedPorts },
  { id: 'kubia-client-ip', title: 'Session affinity ClientIP (服务亲和性)', yaml: kubiaClientIP },
  { id: 'kubia-nodeport', title: 'NodePort 30123 (服务对外暴露)', yaml: kubiaNodePort },
  {
    id: 'external-service',
    title: 'No selector, manual Endpoints (EndPoint)',
    yaml: externalService,
  },
  {
    id: 'compare-modes',
    title: 'Compare modes: a Pod deleted during the sync delay (代理模式)',
    yaml: kubiaSinglePort,
    setup: { syncDelay: 30, deletePodIndex: 0, count: 12 },
  },
]
