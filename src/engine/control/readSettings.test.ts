import { describe, expect, it } from 'vitest'
import { parseManifests } from '../parse/parseManifests'
import { readManifests } from '../parse/readManifests'
import { readSettings } from './readSettings'

const manifestsOf = (yaml: string) => readManifests(parseManifests(yaml).documents).manifests

describe('cluster settings from kubeadm and kube-proxy configuration documents', () => {
  it('uses kubeadm\u2019s defaults when the YAML has none', () => {
    expect(readSettings([], {}).settings).toEqual({
      serviceSubnet: '10.96.0.0/12',
      podSubnet: '10.244.0.0/16',
      nodeCidrMaskSize: 24,
      dnsDomain: 'cluster.local',
      nodePortRange: '30000-32767',
      seed: 1,
      proxyMode: 'iptables',
      clusterCIDR: '10.244.0.0/16',
      masqueradeAll: false,
      nodePortAddresses: [],
      masqueradeBit: 14,
      localhostNodePorts: true,
      detectLocalMode: 'ClusterCIDR',
      bridgeInterface: '',
      interfaceNamePrefix: '',
      ipvsScheduler: '',
      ipvsStrictARP: false,
    })
  })

  it('reads a v1beta4 ClusterConfiguration (extraArgs as a list) and a KubeProxyConfiguration', () => {
    const { settings, diagnostics } = readSettings(
      manifestsOf(`apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking:
  serviceSubnet: 10.100.0.0/16
  podSubnet: 192.168.0.0/16
  dnsDomain: corp.local
apiServer:
  extraArgs:
    - name: service-node-port-range
      value: 20000-22767
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
iptables:
  masqueradeAll: true
nodePortAddresses: [192.168.49.0/24]
`),
      {},
    )
    expect(diagnostics).toEqual([])
    expect(settings).toMatchObject({
      serviceSubnet: '10.100.0.0/16',
      podSubnet: '192.168.0.0/16',
      clusterCIDR: '192.168.0.0/16',
      dnsDomain: 'corp.local',
      nodePortRange: '20000-22767',
      masqueradeAll: true,
      nodePortAddresses: ['192.168.49.0/24'],
    })
  })

  it('reads v1beta3 extraArgs as a map, and lets KubeProxyConfiguration.clusterCIDR win', () => {
    const { settings } = readSettings(
      manifestsOf(`apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: 10.0.0.0/8
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking: {podSubnet: 10.32.0.0/12}
apiServer:
  extraArgs: {service-node-port-range: 31000-31999}
`),
      {},
    )
    expect(settings).toMatchObject({
      podSubnet: '10.32.0.0/12',
      clusterCIDR: '10.0.0.0/8',
      nodePortRange: '31000-31999',
    })
  })

  it('marks an unparsable subnet on its line and keeps the default', () => {
    const { settings, diagnostics } = readSettings(
      manifestsOf(`apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking:
  serviceSubnet: 10.96.0.0/33
`),
      {},
    )
    expect(settings.serviceSubnet).toBe('10.96.0.0/12')
    expect(diagnostics).toMatchObject([
      {
        code: 'invalid-config',
        message: 'networking.serviceSubnet: Invalid value: "10.96.0.0/33": couldn\'t parse subnet',
        range: { startLine: 4 },
      },
    ])
  })

  it('lets the toolbar or svcsim flags override the documents', () => {
    const { settings } = readSettings([], { seed: 42, proxyMode: 'iptables' })
    expect(settings.seed).toBe(42)
  })

  it('reads masqueradeBit, localhostNodePorts and the local-traffic detector', () => {
    const { settings, diagnostics } = readSettings(
      manifestsOf(`apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
iptables:
  masqueradeBit: 15
  localhostNodePorts: false
detectLocalMode: InterfaceNamePrefix
detectLocal:
  bridgeInterface: cbr0
  interfaceNamePrefix: veth
`),
      {},
    )
    expect(diagnostics).toEqual([])
    expect(settings).toMatchObject({
      masqueradeBit: 15,
      localhostNodePorts: false,
      detectLocalMode: 'InterfaceNamePrefix',
      bridgeInterface: 'cbr0',
      interfaceNamePrefix: 'veth',
    })
  })

  it('refuses a masqueradeBit outside [0, 31] and an unknown detectLocalMode, keeping the defaults', () => {
    const { settings, diagnostics } = readSettings(
      manifestsOf(`apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
iptables:
  masqueradeBit: 32
detectLocalMode: PodCIDR
`),
      {},
    )
    expect(settings).toMatchObject({ masqueradeBit: 14, detectLocalMode: 'ClusterCIDR' })
    expect(diagnostics).toMatchObject([
      {
        code: 'invalid-config',
        message: 'iptables.masqueradeBit: Invalid value: 32: must be within the range [0, 31]',
        range: { startLine: 4 },
      },
      {
        code: 'invalid-config',
        message:
          'detectLocalMode: Unsupported value: "PodCIDR": supported values: "ClusterCIDR", "NodeCIDR", "BridgeInterface", "InterfaceNamePrefix"',
        range: { startLine: 5 },
      },
    ])
  })

  it('accepts mode ipvs and userspace (with a note that userspace is gone), and the overrides', () => {
    const doc = (mode: string) =>
      manifestsOf(`apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${mode}
ipvs: {scheduler: wlc}
`)
    const ipvs = readSettings(doc('ipvs'), {})
    expect(ipvs.settings.proxyMode).toBe('ipvs')
    expect(ipvs.settings.ipvsScheduler).toBe('wlc')
    expect(ipvs.diagnostics).toEqual([])
    const userspace = readSettings(doc('userspace'), {})
    expect(userspace.settings.proxyMode).toBe('userspace')
    expect(userspace.diagnostics).toMatchObject([
      {
        severity: 'info',
        message:
          'userspace mode was removed from kube-proxy in v1.26; the playground shows how it worked',
      },
    ])
    const overridden = readSettings(doc('ipvs'), { proxyMode: 'userspace', scheduler: 'sh' })
    expect(overridden.settings.proxyMode).toBe('userspace')
    expect(overridden.settings.ipvsScheduler).toBe('sh')
  })
})
