import { describe, expect, it } from 'vitest'
import { defaultService } from './defaultService'
import { formatKubectlInvalid, renderFieldError } from './fieldErrors'
import {
  clusterIPAlreadyAllocated,
  ipFamilyPolicyNotDualStack,
  nodePortAlreadyAllocated,
  nodePortOutOfRange,
  validateService,
  validateServiceUpdate,
} from './validateService'

// Exact apimachinery texts, copied from discovery.md §6.4 "Message building blocks".
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const LABEL_KEY =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

type Spec = Record<string, unknown>

function svc(
  spec: Spec,
  metadata: Record<string, unknown> = { name: 'web', namespace: 'default' },
): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  }
}

/** The apiserver path: v1 defaulting, then ValidateService; rendered as field.Error.Error(). */
function errorsOf(raw: unknown): string[] {
  return validateService(defaultService(raw)).map(renderFieldError)
}

describe('validateService: a valid Service', () => {
  it('accepts the defaulted minimal ClusterIP Service', () => {
    expect(errorsOf(svc({}))).toEqual([])
  })
  it('accepts headless, ExternalName, NodePort and LoadBalancer shapes', () => {
    expect(errorsOf(svc({ clusterIP: 'None', ports: [] }))).toEqual([])
    expect(
      errorsOf(svc({ type: 'ExternalName', externalName: 'db.example.com.', ports: [] })),
    ).toEqual([])
    expect(errorsOf(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([])
    expect(
      errorsOf(
        svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 }),
      ),
    ).toEqual([])
  })
})

describe('validateService: discovery.md §6.4 rows', () => {
  // TestValidateServiceCreate "missing name"
  it('#1 name missing', () => {
    expect(errorsOf(svc({}, { namespace: 'default' }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ])
  })

  // TestValidateServiceCreate "invalid name"
  it('#2 name not a DNS-1035 label', () => {
    expect(errorsOf(svc({}, { name: '-123', namespace: 'default' }))).toEqual([
      `metadata.name: Invalid value: "-123": ${DNS1035}`,
    ])
    expect(errorsOf(svc({}, { name: '1web', namespace: 'default' }))).toEqual([
      `metadata.name: Invalid value: "1web": ${DNS1035}`,
    ])
  })

  // TestValidateServiceCreate "too long name"
  it('#3 name of 64 characters', () => {
    const name = 'a'.repeat(64)
    expect(errorsOf(svc({}, { name, namespace: 'default' }))).toEqual([
      `metadata.name: Invalid value: "${name}": must be no more than 63 characters`,
    ])
  })

  it('namespace missing / not a DNS-1123 label (ValidateObjectMeta, §6.3 step 1)', () => {
    expect(errorsOf(svc({}, { name: 'web' }))).toEqual(['metadata.namespace: Required value'])
    expect(errorsOf(svc({}, { name: 'web', namespace: 'My_NS' }))).toEqual([
      `metadata.namespace: Invalid value: "My_NS": ${DNS1123_LABEL}`,
    ])
  })

  // TestValidateServiceCreate "missing ports"
  it('#4 no ports on a ClusterIP Service', () => {
    expect(errorsOf(svc({ ports: [] }))).toEqual(['spec.ports: Required value'])
  })

  // TestValidateServiceCreate "missing port name" (multi-port)
  it('#5 two ports, one unnamed', () => {
    expect(errorsOf(svc({ ports: [{ name: 'http', port: 80 }, { port: 443 }] }))).toEqual([
      'spec.ports[1].name: Required value',
    ])
  })

  // TestValidateServiceCreate "invalid port name"
  it('#6 port name HTTP / my.port', () => {
    expect(errorsOf(svc({ ports: [{ name: 'HTTP', port: 80 }] }))).toEqual([
      `spec.ports[0].name: Invalid value: "HTTP": ${DNS1123_LABEL}`,
    ])
    expect(errorsOf(svc({ ports: [{ name: 'my.port', port: 80 }] }))).toEqual([
      'spec.ports[0].name: Invalid value: "my.port": must not contain dots',
    ])
  })

  // TestValidateServiceCreate "dup port name"
  it('#7 duplicate port name', () => {
    expect(
      errorsOf(
        svc({
          ports: [
            { name: 'http', port: 80 },
            { name: 'http', port: 81 },
          ],
        }),
      ),
    ).toEqual(['spec.ports[1].name: Duplicate value: "http"'])
  })

  // TestValidateServiceCreate "invalid port" (65536) and "missing port" (0, targetPort defaulted from it)
  it('#8 port 65536, and port 0 also failing the defaulted targetPort', () => {
    expect(errorsOf(svc({ ports: [{ port: 65536 }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ])
    expect(errorsOf(svc({ ports: [{ port: 0 }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ])
  })

  // TestValidateServiceCreate "invalid protocol"
  it('#9 protocol tcp / HTTP (case-sensitive)', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, protocol: 'tcp' }] }))).toEqual([
      'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ])
    expect(errorsOf(svc({ ports: [{ port: 80, protocol: 'HTTP' }] }))).toEqual([
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ])
  })

  // TestValidateServiceCreate "invalid target port number"
  it('#10 targetPort 70000', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, targetPort: 70000 }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ])
  })

  // discovery.md §5: a quoted targetPort is a *named* port
  it('#11 targetPort "8080" (quoted) is a name without letters', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, targetPort: '8080' }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    ])
  })

  // TestValidateServiceCreate "invalid target port name"
  it('#12 targetPort http_web', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, targetPort: 'http_web' }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
  })

  it('#13 targetPort very-long-port-name', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, targetPort: 'very-long-port-name' }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "very-long-port-name": must be no more than 15 characters',
    ])
  })

  // TestValidateServiceCreate "duplicate TCP ports"; >=1.34 JSON rendering of the ServicePort key (§7)
  it('#14 same port and protocol twice', () => {
    expect(
      errorsOf(
        svc({
          ports: [
            { name: 'a', port: 443 },
            { name: 'b', port: 443 },
          ],
        }),
      ),
    ).toEqual([
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":443,"TargetPort":0,"NodePort":0}',
    ])
  })

  it('same port with different protocols is fine (53/TCP + 53/UDP)', () => {
    expect(
      errorsOf(
        svc({
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53 },
          ],
        }),
      ),
    ).toEqual([])
  })

  // TestValidateServiceCreate "invalid node port with clusterIP type"
  it('#15 type ClusterIP with a nodePort', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ])
  })

  // TestValidateServiceCreate "duplicate nodeports"
  it('#16 ValidateService own text for a reused nodePort (same port and protocol, with #14)', () => {
    expect(
      errorsOf(
        svc({
          type: 'NodePort',
          ports: [
            { name: 'a', port: 80, nodePort: 30080 },
            { name: 'b', port: 80, nodePort: 30080 },
          ],
        }),
      ),
    ).toEqual([
      'spec.ports[1].nodePort: Duplicate value: 30080',
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    ])
  })

  // Allocator messages (discovery.md §4.3), built here and raised by the allocator.
  it('#16/#18 nodePort already allocated (builder)', () => {
    expect(renderFieldError(nodePortAlreadyAllocated(1, 30080))).toBe(
      'spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    )
  })
  it('#17 nodePort out of range (builder)', () => {
    expect(renderFieldError(nodePortOutOfRange(0, 80, '30000-32767'))).toBe(
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    )
  })
  it('§4.2 clusterIP already allocated (builder)', () => {
    expect(renderFieldError(clusterIPAlreadyAllocated(['10.96.0.1'], '10.96.0.1'))).toBe(
      'spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    )
  })

  // TestValidateServiceCreate "invalid NodePort type with clusterIP None"
  it('#19 NodePort + clusterIP None', () => {
    expect(errorsOf(svc({ type: 'NodePort', clusterIP: 'None' }))).toEqual([
      `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    ])
  })

  it('#20 LoadBalancer + clusterIP None', () => {
    expect(errorsOf(svc({ type: 'LoadBalancer', clusterIP: 'None' }))).toEqual([
      `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`,
    ])
  })

  // TestValidateServiceCreate "invalid cluster ip"
  it('#21 clusterIP garbage is reported on clusterIPs[0]', () => {
    expect(errorsOf(svc({ clusterIP: 'garbage' }))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "garbage": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
  })

  it('#22 clusterIP differs from clusterIPs[0]', () => {
    expect(errorsOf(svc({ clusterIP: '10.96.0.5', clusterIPs: ['10.0.0.1'] }))).toEqual([
      'spec.clusterIPs: Invalid value: ["10.0.0.1"]: first value must match `clusterIP`',
    ])
  })

  // TestValidateServiceUpdate "change cluster IP"
  it('#23 clusterIP changed on update', () => {
    const old = defaultService(svc({ clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'] }))
    const next = defaultService(svc({ clusterIP: '10.96.7.7', clusterIPs: ['10.96.7.7'] }))
    expect(validateServiceUpdate(next, old).map(renderFieldError)).toEqual([
      'spec.clusterIPs[0]: Invalid value: ["10.96.7.7"]: may not change once set',
    ])
  })

  // TestValidateServiceCreate "invalid type"
  it('#24 type Foo', () => {
    expect(errorsOf(svc({ type: 'Foo' }))).toEqual([
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ])
  })

  // TestValidateServiceCreate "invalid session affinity"
  it('#25 sessionAffinity Sticky', () => {
    expect(errorsOf(svc({ sessionAffinity: 'Sticky' }))).toEqual([
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    ])
  })

  // TestValidateServiceCreate "invalid timeoutSeconds field"
  it('#26 ClientIP timeout 0 / 86401 rejected, 86400 accepted', () => {
    const cfg = (t: number): Spec => ({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: t } },
    })
    expect(errorsOf(svc(cfg(86401)))).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ])
    expect(errorsOf(svc(cfg(0)))).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ])
    expect(errorsOf(svc(cfg(86400)))).toEqual([])
  })

  // TestValidateServiceCreate "invalid selector"
  it('#27 selector key "app name"', () => {
    expect(errorsOf(svc({ selector: { 'app name': 'web' } }))).toEqual([
      `spec.selector: Invalid value: "app name": ${LABEL_KEY}`,
    ])
  })

  it('#28 selector value "my app"', () => {
    expect(errorsOf(svc({ selector: { app: 'my app' } }))).toEqual([
      `spec.selector: Invalid value: "my app": ${LABEL_VALUE}`,
    ])
  })

  // TestValidateServiceCreate "invalid externalName" / "missing externalName"
  it('#29 ExternalName -123 / empty', () => {
    expect(errorsOf(svc({ type: 'ExternalName', externalName: '-123', ports: [] }))).toEqual([
      `spec.externalName: Invalid value: "-123": ${DNS1123_SUBDOMAIN}`,
    ])
    expect(errorsOf(svc({ type: 'ExternalName', ports: [] }))).toEqual([
      'spec.externalName: Required value',
    ])
  })

  // TestValidateServiceCreate "invalid ExternalName clusterIP (valid IP)"
  it('#30 ExternalName with a clusterIP', () => {
    expect(
      errorsOf(
        svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.5' }),
      ),
    ).toEqual(['spec.clusterIPs: Forbidden: may not be set for ExternalName services'])
  })

  // TestValidateServiceCreate "invalid publicIPs localhost"
  it('#31 externalIPs 127.0.0.1, and the other special ranges', () => {
    expect(errorsOf(svc({ externalIPs: ['127.0.0.1'] }))).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ])
    expect(errorsOf(svc({ externalIPs: ['0.0.0.0', '169.254.1.1', '224.0.0.5', 'nope'] }))).toEqual(
      [
        'spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
        'spec.externalIPs[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[2]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[3]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    )
  })

  // TestValidateServiceCreate "externalTrafficPolicy is set for ClusterIP"
  it('#32 externalTrafficPolicy Local on a plain ClusterIP Service', () => {
    expect(errorsOf(svc({ externalTrafficPolicy: 'Local' }))).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ])
  })

  // TestValidateServiceCreate "allocateLoadBalancerNodePorts on non-LB"
  it('#33 allocateLoadBalancerNodePorts on a NodePort Service', () => {
    expect(errorsOf(svc({ type: 'NodePort', allocateLoadBalancerNodePorts: false }))).toEqual([
      "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ])
  })

  // TestValidateServiceCreate "invalid LoadBalancer source range on non-LB"
  it('#34 loadBalancerSourceRanges on a ClusterIP Service (capital L path)', () => {
    expect(errorsOf(svc({ loadBalancerSourceRanges: ['10.0.0.0/8'] }))).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ])
    expect(
      errorsOf(svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] })),
    ).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
  })

  // Raised by the create hook's initIPFamilyFields (allocator side), built here.
  it('#35 RequireDualStack on a single-stack cluster (builder)', () => {
    expect(renderFieldError(ipFamilyPolicyNotDualStack('RequireDualStack'))).toBe(
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    )
  })
})

describe('validateService: further ValidateService rules', () => {
  it('headless Service without ports is fine, and its targetPort is not checked', () => {
    expect(errorsOf(svc({ clusterIP: 'None', ports: [{ port: 80, targetPort: 9999 }] }))).toEqual(
      [],
    )
  })

  it('ExternalName with ipFamilies / ipFamilyPolicy', () => {
    expect(
      errorsOf(
        svc({
          type: 'ExternalName',
          externalName: 'x.example',
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
        }),
      ),
    ).toEqual([
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    ])
  })

  it('ipFamilies / ipFamilyPolicy values', () => {
    expect(errorsOf(svc({ ipFamilies: ['IPv4', 'IPv4'], ipFamilyPolicy: 'DualStack' }))).toEqual([
      'spec.ipFamilies[1]: Duplicate value: "IPv4"',
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ])
  })

  it('two IPv4 clusterIPs', () => {
    expect(
      errorsOf(svc({ clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5', '10.96.0.6'] })),
    ).toEqual([
      'spec.clusterIPs: Invalid value: ["10.96.0.5","10.96.0.6"]: may specify no more than one IP for each IP family',
    ])
  })

  it('clusterIP family contradicting ipFamilies', () => {
    expect(errorsOf(svc({ clusterIP: 'fd00::5', ipFamilies: ['IPv4'] }))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "fd00::5": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ])
  })

  it('appProtocol must be a qualified name', () => {
    expect(errorsOf(svc({ ports: [{ port: 80, appProtocol: 'a/b/c' }] }))).toEqual([
      "spec.ports[0].appProtocol: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ])
  })

  it('healthCheckNodePort without LoadBalancer + Local', () => {
    expect(errorsOf(svc({ type: 'NodePort', healthCheckNodePort: 31000 }))).toEqual([
      "spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ])
  })

  it('internalTrafficPolicy and trafficDistribution values', () => {
    expect(
      errorsOf(svc({ internalTrafficPolicy: 'Node', trafficDistribution: 'Nearest' })),
    ).toEqual([
      'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
      'spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose", "PreferSameNode", "PreferSameZone"',
    ])
  })

  it('loadBalancerClass only for LoadBalancer', () => {
    expect(errorsOf(svc({ loadBalancerClass: 'example.com/lb' }))).toEqual([
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ])
  })

  it('topology-mode must match the deprecated hints annotation', () => {
    const meta = {
      name: 'web',
      namespace: 'default',
      annotations: {
        'service.kubernetes.io/topology-mode': 'Auto',
        'service.kubernetes.io/topology-aware-hints': 'Disabled',
      },
    }
    expect(errorsOf(svc({}, meta))).toEqual([
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ])
  })

  it('collects errors in execution order (§6.3) and kubectl prints them as a list', () => {
    const raw = svc(
      {
        type: 'NodePort',
        sessionAffinity: 'Sticky',
        ports: [{ name: 'HTTP', port: 80, protocol: 'tcp' }],
      },
      { name: 'My_Svc', namespace: 'default' },
    )
    const errors = validateService(defaultService(raw))
    expect(formatKubectlInvalid('Service', 'My_Svc', errors)).toBe(
      [
        'The Service "My_Svc" is invalid: ',
        `* metadata.name: Invalid value: "My_Svc": ${DNS1035}`,
        `* spec.ports[0].name: Invalid value: "HTTP": ${DNS1123_LABEL}`,
        '* spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
        '* spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
      ].join('\n'),
    )
  })

  it('never throws on odd shapes', () => {
    for (const raw of [
      null,
      3,
      'x',
      [],
      { spec: 'x' },
      { spec: { ports: 'x' } },
      { spec: { ports: [null, 7, { port: '80' }] } },
      { metadata: 5 },
    ]) {
      expect(() => validateService(defaultService(raw))).not.toThrow()
    }
  })
})
