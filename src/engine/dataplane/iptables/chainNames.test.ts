import { describe, expect, it } from 'vitest'
import { endpointChainName, serviceChainName, servicePortName } from './chainNames'

// Each expected name appears in kube-proxy's own tests next to these inputs
// (pkg/proxy/iptables/proxier_test.go; reference/kube-proxy-iptables.md §2 lists the cases).
describe('kube-proxy chain names', () => {
  it('TestOverallIPTablesRules: ns1/svc1:p80 tcp', () => {
    const spn = servicePortName('ns1', 'svc1', 'p80')
    expect(spn).toBe('ns1/svc1:p80')
    expect(serviceChainName('KUBE-SVC-', spn, 'TCP')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O')
    expect(serviceChainName('KUBE-EXT-', spn, 'TCP')).toBe('KUBE-EXT-XPGD46QRK7WJZT7O')
    expect(endpointChainName(spn, 'TCP', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ')
  })

  it('TestInternalTrafficPolicyE2E: an unnamed port has no colon', () => {
    const spn = servicePortName('ns1', 'svc1', '')
    expect(spn).toBe('ns1/svc1')
    expect(serviceChainName('KUBE-SVC-', spn, 'TCP')).toBe('KUBE-SVC-AQI2S6QIMU7PVVRP')
    expect(endpointChainName(spn, 'TCP', '10.0.1.1:80')).toBe('KUBE-SEP-3JOIVZTXZZRGORX4')
    expect(endpointChainName(spn, 'TCP', '10.0.1.2:80')).toBe('KUBE-SEP-IO5XOSKPAXIFQXAJ')
    expect(endpointChainName(spn, 'TCP', '10.0.1.3:80')).toBe('KUBE-SEP-XGJFVO3L2O5SRFNT')
  })

  it('TestClusterIPEndpointsMore: sctp', () => {
    const spn = 'ns1/svc1:p80'
    expect(serviceChainName('KUBE-SVC-', spn, 'SCTP')).toBe('KUBE-SVC-GFCIFIA5VTFSTMSM')
    expect(endpointChainName(spn, 'SCTP', '10.180.0.1:80')).toBe('KUBE-SEP-RFW33Y6OHVBQ4W3M')
  })

  it('TestOverallIPTablesRules: the firewall chain of ns5/svc5:p80', () => {
    expect(serviceChainName('KUBE-FW-', 'ns5/svc5:p80', 'TCP')).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C')
  })
})
