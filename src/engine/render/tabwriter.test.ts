import { describe, expect, it } from 'vitest'
import { tabwrite } from './tabwriter'

describe('tabwrite (text/tabwriter with kubectl settings: minwidth 6, padding 3)', () => {
  it('pads each column to its widest cell plus three, never below six', () => {
    // "A" is narrower than minwidth 6; "NAME-LONG" (9) + padding 3 = 12.
    expect(
      tabwrite([
        ['A', 'NAME-LONG', 'X'],
        ['bb', 'n', 'Y'],
      ]),
    ).toBe('A     NAME-LONG   X\nbb    n           Y\n')
  })

  it('leaves the last cell of a line unpadded (it is text after the last tab)', () => {
    expect(
      tabwrite([
        ['NAME', 'AGE'],
        ['web', '0s'],
      ]),
    ).toBe('NAME   AGE\nweb    0s\n')
  })

  it('measures cells in runes, as Go does', () => {
    expect(
      tabwrite([
        ['héllo-wörld', 'x'],
        ['a', 'y'],
      ]),
    ).toBe('héllo-wörld   x\na             y\n')
  })

  it('ends a column block at a line without that column', () => {
    // Writer.format: the one-cell line breaks the block, so the widths before and after differ.
    expect(tabwrite([['aaaaaaaaaa', 'x'], ['solo'], ['b', 'y']])).toBe(
      'aaaaaaaaaa   x\nsolo\nb     y\n',
    )
  })
})
