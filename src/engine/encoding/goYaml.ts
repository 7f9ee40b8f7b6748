// sigs.k8s.io/yaml.Marshal as kubectl's YAML printer runs it: the object goes to JSON, then
// through gopkg.in/yaml.v2 (staging/src/k8s.io/cli-runtime/pkg/printers/yaml.go).
//
// Key order: yaml.v2 sorts map keys by its keyList.Less (sorter.go): letters by code point,
// non-letters before letters, digit runs compared as numbers.

import { dump, visit } from 'js-yaml'
import type { Json } from './goJson'

/**
 * sigs.k8s.io/yaml.Marshal as kubectl's YAML printer runs it: two-space indent, sequences level
 * with their key, strings that would read back as another type double-quoted, keys in yaml.v2's
 * order. No folding: yaml.v2 would wrap a plain string with spaces past 80 columns.
 */
export function toYaml(value: Json): string {
  return dump(value, {
    indent: 2,
    seqNoIndent: true,
    lineWidth: -1,
    quoteStyle: 'double',
    noRefs: true,
    transform: (documents) =>
      visit(documents, (node) => {
        if (node.kind !== 'mapping') return
        node.items.sort((a, b) => {
          const x = a.key.kind === 'scalar' ? a.key.value : ''
          const y = b.key.kind === 'scalar' ? b.key.value : ''
          return yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0
        })
      }),
  })
}

const LETTER = /^\p{L}$/u
const DIGIT = /^\p{Nd}$/u

/** gopkg.in/yaml.v2 sorter.go keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a)
  const br = Array.from(b)
  const code = (r: string | undefined) => r?.codePointAt(0) ?? 0
  const isDigit = (r: string | undefined) => r !== undefined && DIGIT.test(r)
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = LETTER.test(ar[i] ?? '')
    const bl = LETTER.test(br[i] ?? '')
    if (al && bl) return code(ar[i]) < code(br[i])
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1
          bn = 1
          break
        }
      }
    }
    let ai = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + code(ar[ai]) - 48
    let bi = i
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + code(br[bi]) - 48
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return code(ar[i]) < code(br[i])
  }
  return ar.length < br.length
}
