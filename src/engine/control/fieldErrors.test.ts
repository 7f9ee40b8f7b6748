import { describe, expect, it } from 'vitest'
import {
  clusterIPAllocationError,
  duplicate,
  formatInternalError,
  formatKubectlInvalid,
  formatServerInvalid,
  forbidden,
  goQuote,
  invalid,
  notSupported,
  nodePortRangeFull,
  renderFieldError,
  required,
  tooMany,
} from './fieldErrors'

describe('renderFieldError (apimachinery field/errors.go ErrorBody, >=1.34 rendering, discovery.md §6.1)', () => {
  it('quotes strings and prints ints plainly: YAML "8080" vs 65536', () => {
    expect(
      renderFieldError(
        invalid('spec.ports[0].targetPort', '8080', 'must contain at least one letter (a-z)'),
      ),
    ).toBe(
      'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    )
    expect(
      renderFieldError(
        invalid('spec.ports[0].port', 65536, 'must be between 1 and 65535, inclusive'),
      ),
    ).toBe('spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive')
  })
  it('JSON-encodes lists and renders nil as null', () => {
    expect(
      renderFieldError(
        invalid('spec.clusterIPs', ['10.0.0.1'], 'first value must match `clusterIP`'),
      ),
    ).toBe('spec.clusterIPs: Invalid value: ["10.0.0.1"]: first value must match `clusterIP`')
    expect(renderFieldError(invalid('spec.ipFamilyPolicy', null, 'x'))).toBe(
      'spec.ipFamilyPolicy: Invalid value: null: x',
    )
  })
  it('prints no value for Required and Forbidden', () => {
    expect(renderFieldError(required('spec.ports'))).toBe('spec.ports: Required value')
    expect(renderFieldError(required('metadata.name', 'name or generateName is required'))).toBe(
      'metadata.name: Required value: name or generateName is required',
    )
    expect(
      renderFieldError(forbidden('spec.clusterIPs', 'may not be set for ExternalName services')),
    ).toBe('spec.clusterIPs: Forbidden: may not be set for ExternalName services')
  })
  it('NotSupported quotes each supported value (row #9)', () => {
    expect(
      renderFieldError(notSupported('spec.ports[0].protocol', 'tcp', ['SCTP', 'TCP', 'UDP'])),
    ).toBe(
      'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    )
  })
  it('Duplicate prints the value without detail (row #7)', () => {
    expect(renderFieldError(duplicate('spec.ports[1].name', 'http'))).toBe(
      'spec.ports[1].name: Duplicate value: "http"',
    )
  })
  it('TooMany prints the count', () => {
    expect(renderFieldError(tooMany('spec.x', 3, 2))).toBe(
      'spec.x: Too many: 3: must have at most 2 items',
    )
  })
  it('escapes like Go %q', () => {
    expect(goQuote('a"b\\c\nd\u0001é')).toBe('"a\\"b\\\\c\\nd\\x01é"')
  })
})

describe('kubectl and server formatting (discovery.md §6.2, kubectl helpers.go checkErr/MultilineError)', () => {
  const e1 = invalid('metadata.name', '-123', 'bad')
  const e2 = required('spec.ports')
  it('one error: a single line', () => {
    expect(formatKubectlInvalid('Service', 'x', [e1])).toBe(
      'The Service "x" is invalid: metadata.name: Invalid value: "-123": bad',
    )
  })
  it('several errors: header with trailing space, then "* " lines', () => {
    expect(formatKubectlInvalid('Service', 'x', [e1, e2])).toBe(
      'The Service "x" is invalid: \n* metadata.name: Invalid value: "-123": bad\n* spec.ports: Required value',
    )
  })
  it('identical messages are de-duplicated', () => {
    expect(formatKubectlInvalid('Service', 'x', [e2, e2])).toBe(
      'The Service "x" is invalid: spec.ports: Required value',
    )
    expect(formatKubectlInvalid('Service', 'x', [e1, e2, e1]).split('\n')).toHaveLength(3)
  })
  it('server Status.message wraps several errors in brackets', () => {
    expect(formatServerInvalid('Service', 'x', [e1])).toBe(
      'Service "x" is invalid: metadata.name: Invalid value: "-123": bad',
    )
    expect(formatServerInvalid('Service', 'two-ports', [e1, e2])).toBe(
      'Service "two-ports" is invalid: [metadata.name: Invalid value: "-123": bad, spec.ports: Required value]',
    )
  })
  it('allocator failures: clusterIP taken (422) and range full (500)', () => {
    expect(
      renderFieldError(
        clusterIPAllocationError(['10.96.0.1'], '10.96.0.1', 'provided IP is already allocated'),
      ),
    ).toBe(
      'spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    )
    expect(renderFieldError(clusterIPAllocationError([''], '', 'range is full'))).toBe(
      'spec.clusterIPs: Internal error: failed to allocate a serviceIP: range is full',
    )
    expect(formatInternalError(nodePortRangeFull())).toBe(
      'Internal error occurred: failed to allocate a nodePort: range is full',
    )
  })
})
