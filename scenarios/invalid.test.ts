/**
 * Golden files: `svcsim validate` on each scenarios/invalid/*.yaml prints exactly the matching
 * .expected.txt. Each YAML's header cites the kube-apiserver source of its messages. A change
 * here is reviewed like code, never regenerated blindly.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runSvcsim } from '../src/cli/svcsim'

const dir = 'scenarios/invalid'
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

describe('svcsim validate golden files', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5)
  })

  it.each(cases)('%s', (name) => {
    const result = runSvcsim(['validate', '-f', `${name}.yaml`], (path) =>
      readFileSync(`${dir}/${path}`, 'utf8'),
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(readFileSync(`${dir}/${name}.expected.txt`, 'utf8'))
  })
})
