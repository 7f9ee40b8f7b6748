import { describe, expect, it } from 'vitest'
import { defaultEndpoints } from './defaultService'
import { renderFieldError } from './fieldErrors'
import { validateEndpoints } from './validateEndpoints'

function ep(subsets: unknown[], name = 'web'): unknown {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default' }, subsets }
}
function errorsOf(raw: unknown): string[] {
  return validateEndpoints(defaultEndpoints(raw)).map(renderFieldError)
}

// discovery.md §6.5; pkg/apis/core/validation TestValidateEndpointsCreate
describe('validateEndpoints', () => {
  it('accepts a manual Endpoints object', () => {
    expect(
      errorsOf(
        ep([{ addresses: [{ ip: '10.0.0.5', hostname: 'db-0' }], ports: [{ port: 5432 }] }]),
      ),
    ).toEqual([])
  })
  it('a subset needs addresses or notReadyAddresses (no spec. prefix)', () => {
    expect(errorsOf(ep([{ ports: [{ port: 80 }] }]))).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    ])
  })
  it('address ip must be non-special', () => {
    expect(errorsOf(ep([{ addresses: [{ ip: '127.0.0.1' }] }]))).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ])
    expect(
      errorsOf(
        ep([
          {
            notReadyAddresses: [{ ip: '0.0.0.0' }, { ip: '169.254.169.254' }, { ip: '224.0.0.1' }],
          },
        ]),
      ),
    ).toEqual([
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'subsets[0].notReadyAddresses[1].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'subsets[0].notReadyAddresses[2].ip: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ])
  })
  it('an unparsable ip gets both the IsValidIP and the ValidateNonSpecialIP message', () => {
    expect(errorsOf(ep([{ addresses: [{ ip: 'db' }] }]))).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "db": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[0].ip: Invalid value: "db": must be a valid IP address',
    ])
  })
  it('hostname is a DNS-1123 label', () => {
    expect(errorsOf(ep([{ addresses: [{ ip: '10.0.0.5', hostname: 'db.0' }] }]))).toEqual([
      'subsets[0].addresses[0].hostname: Invalid value: "db.0": must not contain dots',
    ])
  })
  it('ports: name required when several, range, protocol', () => {
    expect(
      errorsOf(
        ep([
          {
            addresses: [{ ip: '10.0.0.5' }],
            ports: [
              { name: 'a', port: 80 },
              { port: 0, protocol: 'HTTP' },
            ],
          },
        ]),
      ),
    ).toEqual([
      'subsets[0].ports[1].name: Required value',
      'subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'subsets[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ])
  })
  it('name is a DNS-1123 subdomain', () => {
    expect(errorsOf(ep([], 'Web'))).toEqual([
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })
})
