import { describe, expect, it } from 'vitest'
import { toYaml, yamlKeyLess } from './goYaml'

// gopkg.in/yaml.v2 sorter.go keyList.Less, and the printer's layout (sequences level with their key).
describe('yaml.v2 (kubectl -o yaml)', () => {
  it('orders keys as yaml.v2 does: non-letters first, digit runs by value', () => {
    expect(yamlKeyLess('a-b', 'ab')).toBe(true)
    expect(yamlKeyLess('_x', 'Zx')).toBe(true)
    expect(yamlKeyLess('item9', 'item10')).toBe(true)
    expect(yamlKeyLess('app', 'app.kubernetes.io/name')).toBe(true)
    expect(yamlKeyLess('B', 'a')).toBe(true)
  })

  it('prints sequences level with their key and quotes strings that would read as numbers', () => {
    expect(toYaml({ port: '80', items: ['a'] })).toBe('items:\n- a\nport: "80"\n')
  })
})
