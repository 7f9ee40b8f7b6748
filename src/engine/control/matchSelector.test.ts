import { describe, expect, it } from 'vitest'
import { matchesSelector } from './matchSelector'

describe('matchesSelector', () => {
  it('matches when every selector label is on the Pod, extra Pod labels allowed', () => {
    expect(matchesSelector({ app: 'my-app' }, { app: 'my-app', tier: 'web' })).toBe(true)
  })

  it('needs every key, with an equal value', () => {
    expect(matchesSelector({ app: 'my-app', tier: 'db' }, { app: 'my-app', tier: 'web' })).toBe(
      false,
    )
    expect(matchesSelector({ app: 'my-app' }, { App: 'my-app' })).toBe(false)
  })

  it('treats a missing or empty selector as selector-less: it selects nothing', () => {
    expect(matchesSelector(null, { app: 'x' })).toBe(false)
    expect(matchesSelector({}, { app: 'x' })).toBe(false)
  })

  it('does not find inherited keys such as toString', () => {
    expect(matchesSelector({ toString: 'x' }, {})).toBe(false)
  })
})
