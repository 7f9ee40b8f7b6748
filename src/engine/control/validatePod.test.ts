import { describe, expect, it } from 'vitest'
import { defaultPod } from './defaultService'
import { renderFieldError } from './fieldErrors'
import { formatDecodeFailure } from './decodeCheck'
import { decodePod, validatePod } from './validatePod'

const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

function pod(
  containers: unknown[],
  metadata: Record<string, unknown> = { name: 'web-1', namespace: 'default' },
  spec: Record<string, unknown> = {},
): unknown {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers, ...spec } }
}
const ctr = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'app',
  image: 'nginx',
  ...extra,
})

function errorsOf(raw: unknown): string[] {
  return validatePod(defaultPod(raw)).map(renderFieldError)
}

// pkg/apis/core/validation: TestValidatePod, TestValidateContainers, TestValidateContainerPorts
describe('validatePod', () => {
  it('accepts a plain pod', () => {
    expect(errorsOf(pod([ctr({ ports: [{ name: 'http', containerPort: 8080 }] })]))).toEqual([])
  })
  it('metadata.name is a DNS-1123 subdomain (dots allowed)', () => {
    expect(errorsOf(pod([ctr()], { name: 'web.v1', namespace: 'default' }))).toEqual([])
    expect(errorsOf(pod([ctr()], { name: 'Web_1', namespace: 'default' }))).toEqual([
      `metadata.name: Invalid value: "Web_1": ${DNS1123_SUBDOMAIN}`,
    ])
  })
  it('containers required', () => {
    expect(errorsOf(pod([]))).toEqual(['spec.containers: Required value'])
  })
  it('container name required / DNS-1123 label / unique; image required', () => {
    expect(errorsOf(pod([{ image: 'nginx' }]))).toEqual(['spec.containers[0].name: Required value'])
    expect(errorsOf(pod([ctr({ name: 'App' })]))).toEqual([
      `spec.containers[0].name: Invalid value: "App": ${DNS1123_LABEL}`,
    ])
    expect(errorsOf(pod([ctr(), ctr()]))).toEqual([
      'spec.containers[1].name: Duplicate value: "app"',
    ])
    expect(errorsOf(pod([{ name: 'app' }]))).toEqual(['spec.containers[0].image: Required value'])
  })
  it('containerPort required and in range; hostPort in range', () => {
    expect(errorsOf(pod([ctr({ ports: [{ name: 'http' }] })]))).toEqual([
      'spec.containers[0].ports[0].containerPort: Required value',
    ])
    expect(errorsOf(pod([ctr({ ports: [{ containerPort: 70000, hostPort: -1 }] })]))).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
    ])
  })
  it('port names are IANA_SVC_NAMEs', () => {
    expect(
      errorsOf(pod([ctr({ ports: [{ name: 'very-long-port-name', containerPort: 80 }] })])),
    ).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "very-long-port-name": must be no more than 15 characters',
    ])
    expect(errorsOf(pod([ctr({ ports: [{ name: '8080', containerPort: 80 }] })]))).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)',
    ])
  })
  it('duplicate port names within a container (upstream checks per container, not per pod)', () => {
    expect(
      errorsOf(
        pod([
          ctr({
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'http', containerPort: 81 },
            ],
          }),
        ]),
      ),
    ).toEqual(['spec.containers[0].ports[1].name: Duplicate value: "http"'])
    expect(
      errorsOf(
        pod([
          ctr({ ports: [{ name: 'http', containerPort: 80 }] }),
          ctr({ name: 'side', ports: [{ name: 'http', containerPort: 81 }] }),
        ]),
      ),
    ).toEqual([])
  })
  it('protocol supported values', () => {
    expect(errorsOf(pod([ctr({ ports: [{ containerPort: 80, protocol: 'tcp' }] })]))).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ])
  })
  it('host ports unique per pod; hostNetwork needs hostPort == containerPort', () => {
    expect(
      errorsOf(
        pod([
          ctr({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
          ctr({ name: 'b', ports: [{ containerPort: 81, hostPort: 8080 }] }),
        ]),
      ),
    ).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'])
    expect(
      errorsOf(
        pod([ctr({ ports: [{ containerPort: 80, hostPort: 8080 }] })], undefined, {
          hostNetwork: true,
        }),
      ),
    ).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true',
    ])
  })
  it('dnsPolicy supported values', () => {
    expect(errorsOf(pod([ctr()], undefined, { dnsPolicy: 'Cluster' }))).toEqual([
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ])
  })
  it('decode: containerPort as a string', () => {
    expect(
      formatDecodeFailure('Pod', decodePod(pod([ctr({ ports: [{ containerPort: '80' }] })]))),
    ).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    )
  })
})
