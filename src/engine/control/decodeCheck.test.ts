import { describe, expect, it } from 'vitest'
import { decodeCheck, formatDecodeFailure } from './decodeCheck'
import { decodeService } from './validateService'

describe('decoding (encoding/json UnmarshalTypeError, strict field validation)', () => {
  it('a string where int32 is expected fails the whole request', () => {
    const r = decodeService({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x' },
      spec: { ports: [{ port: '80' }] },
    })
    expect(formatDecodeFailure('Service', r)).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    )
  })
  it('numbers that do not fit report their text; the first error in document order wins', () => {
    const r = decodeService({ metadata: { name: 5 }, spec: { ports: [{ port: 80.5 }] } })
    expect(r.typeError?.jsonPath).toBe('metadata.name')
    const r2 = decodeService({ spec: { ports: [{ port: 80, targetPort: 1.5 }] } })
    expect(formatDecodeFailure('Service', r2)).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    )
  })
  it('targetPort accepts both a string and an int; null is the zero value', () => {
    expect(
      decodeService({
        spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }, null] },
      }),
    ).toEqual({
      typeError: null,
      unknownFields: [],
    })
  })
  it('unknown fields fail under strict validation, with indexes in the path', () => {
    const r = decodeService({ spec: { prots: [], ports: [{ port: 80, nodeport: 1 }] } })
    expect(formatDecodeFailure('Service', r)).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.prots", unknown field "spec.ports[0].nodeport"',
    )
    expect(formatDecodeFailure('Service', r, false)).toBeNull()
  })
  it('a whole struct of the wrong type', () => {
    expect(
      decodeCheck(
        { spec: 'x' },
        {
          t: 'struct',
          go: 'v1.Service',
          fields: { spec: { t: 'struct', go: 'v1.ServiceSpec', fields: {} } },
        },
      ).typeError,
    ).toEqual({
      jsonPath: 'spec',
      goStruct: 'Service',
      goType: 'v1.ServiceSpec',
      got: 'string',
    })
  })
})
