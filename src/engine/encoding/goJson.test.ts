import { describe, expect, it } from 'vitest'
import { compareBytewise, goJSON, toJson } from './goJson'

// Expected values follow Go's encoding/json (encode.go: mapEncoder sorts keys with strings.Compare,
// i.e. by UTF-8 bytes; encodeState.string escapes <, >, & and U+2028/U+2029 when escapeHTML).
describe('json.MarshalIndent (kubectl -o json)', () => {
  it('sorts keys bytewise and escapes HTML characters as encoding/json does', () => {
    expect(toJson({ b: 1, B: '<a&b>', a: [] })).toBe(
      '{\n    "B": "\\u003ca\\u0026b\\u003e",\n    "a": [],\n    "b": 1\n}\n',
    )
  })
})

describe('json.Marshal', () => {
  it('is compact, sorts map keys and keeps struct order on request', () => {
    expect(goJSON({ b: [1, true], a: null })).toBe('{"a":null,"b":[1,true]}')
    expect(goJSON({ b: 1, a: 2 }, true)).toBe('{"b":1,"a":2}')
  })

  it('sorts by UTF-8 bytes, not UTF-16 units: U+FF61 before U+1F600', () => {
    // UTF-16 puts the surrogate 0xD83D of U+1F600 before 0xFF61; UTF-8 puts EF BD A1 before F0 9F 98 80.
    expect(goJSON({ '\u{1F600}': 1, '\uFF61': 2 })).toBe('{"\uFF61":2,"\u{1F600}":1}')
    expect(compareBytewise('\uFF61', '\u{1F600}')).toBeLessThan(0)
  })

  it('escapes U+2028 and U+2029, which JSON.stringify leaves raw', () => {
    expect(goJSON('a\u2028b\u2029')).toBe('"a\\u2028b\\u2029"')
  })
})
