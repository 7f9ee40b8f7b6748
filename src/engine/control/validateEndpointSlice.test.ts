import { describe, expect, it } from 'vitest'
import { renderFieldError } from './fieldErrors'
import { decodeEndpointSlice, validateEndpointSlice } from './validateEndpointSlice'

function slice(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'db-1', namespace: 'default' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.5'] }],
    ports: [{ name: 'pg', port: 5432 }],
    ...over,
  }
}
function errorsOf(raw: unknown): string[] {
  return validateEndpointSlice(raw).map(renderFieldError)
}

// pkg/apis/discovery/validation/validation.go and its TestValidateEndpointSlice* tables.
describe('validateEndpointSlice', () => {
  it('accepts a slice without the service-name label (validation does not require it)', () => {
    expect(errorsOf(slice())).toEqual([])
  })

  it('addressType is required and must be supported', () => {
    expect(errorsOf(slice({ addressType: '' }))).toEqual(['addressType: Required value'])
    expect(errorsOf(slice({ addressType: 'IP' }))).toEqual([
      'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
    ])
  })

  it('an endpoint needs 1 to 100 addresses', () => {
    expect(errorsOf(slice({ endpoints: [{ addresses: [] }] }))).toEqual([
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ])
    const many = Array.from({ length: 101 }, (_, i) => `10.0.1.${i + 1}`)
    expect(errorsOf(slice({ endpoints: [{ addresses: many }] }))).toEqual([
      'endpoints[0].addresses: Too many: 101: must have at most 100 items',
    ])
  })

  it('at most 1000 endpoints, and then nothing else in them is checked', () => {
    const endpoints = Array.from({ length: 1001 }, () => ({ addresses: [] }))
    expect(errorsOf(slice({ endpoints }))).toEqual([
      'endpoints: Too many: 1001: must have at most 1000 items',
    ])
  })

  it('addresses must fit the addressType and not be special', () => {
    expect(errorsOf(slice({ endpoints: [{ addresses: ['fd00::1'] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    ])
    expect(errorsOf(slice({ endpoints: [{ addresses: ['db'] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "db": must be a valid IPv4 address',
      'endpoints[0].addresses[0]: Invalid value: "db": must be a valid IP address',
    ])
    expect(errorsOf(slice({ endpoints: [{ addresses: ['127.0.0.1'] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ])
    expect(
      errorsOf(slice({ addressType: 'IPv6', endpoints: [{ addresses: ['10.0.0.5'] }] })),
    ).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "10.0.0.5": must be a valid IPv6 address',
    ])
  })

  it('FQDN addresses need two labels', () => {
    expect(
      errorsOf(slice({ addressType: 'FQDN', endpoints: [{ addresses: ['example.com.'] }] })),
    ).toEqual([])
    expect(errorsOf(slice({ addressType: 'FQDN', endpoints: [{ addresses: ['db'] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots',
    ])
  })

  it('hostname is a DNS-1123 label, nodeName a DNS subdomain', () => {
    expect(
      errorsOf(
        slice({ endpoints: [{ addresses: ['10.0.0.5'], hostname: 'db.0', nodeName: 'Node_1' }] }),
      ),
    ).toEqual([
      "endpoints[0].nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'endpoints[0].hostname: Invalid value: "db.0": must not contain dots',
    ])
  })

  it('ports: duplicate names, protocol (defaulted to TCP), no check on the number', () => {
    expect(
      errorsOf(
        slice({
          ports: [
            { name: 'pg', port: 5432 },
            { name: 'pg', port: 0, protocol: 'tcp' },
            { port: 70000 },
          ],
        }),
      ),
    ).toEqual([
      'ports[1].name: Duplicate value: "pg"',
      'ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ])
    expect(errorsOf(slice({ ports: [{ name: 'Web', port: 80 }] }))).toEqual([
      "ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
  })

  it('checks metadata like any namespaced object', () => {
    expect(errorsOf(slice({ metadata: { namespace: 'default' } }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ])
  })

  it('decodes with the Go types', () => {
    expect(decodeEndpointSlice(slice({ ports: [{ port: '80' }] })).typeError).toEqual({
      jsonPath: 'ports.port',
      goStruct: 'EndpointPort',
      goType: 'int32',
      got: 'string',
    })
    expect(decodeEndpointSlice(slice({ endpoint: [] })).unknownFields).toEqual(['endpoint'])
  })
})
