/**
 * The "Trace" list: one item per hop, the current one marked `aria-current`. Each hop shows a
 * plain-words line, the rules evaluated (the one that matched in bold), and the packet's
 * addresses before and after.
 */
import type { Hop } from '../../engine'

interface TraceListProps {
  hops: readonly Hop[]
  current: number | null
  /** Hops caused by the YAML line under the editor's cursor. */
  affected: readonly number[]
  onSelect: (index: number) => void
}

export function TraceList({ hops, current, affected, onSelect }: TraceListProps) {
  return (
    <ol className="trace" aria-label="Trace">
      {hops.map((hop, index) => {
        const changed = hop.before.src !== hop.after.src || hop.before.dst !== hop.after.dst
        const isCurrent = index === current
        return (
          <li
            key={index}
            className={`trace__hop trace__hop--${hop.kind}${isCurrent ? ' trace__hop--current' : ''}${affected.includes(index) ? ' trace__hop--affected' : ''}`}
            data-affected={affected.includes(index) ? 'true' : undefined}
            aria-current={isCurrent ? 'step' : undefined}
          >
            <button
              type="button"
              className="trace__select"
              onClick={() => onSelect(index)}
              aria-label={`Hop ${index + 1}: ${hop.title}`}
            >
              <span className="trace__index">{index + 1}</span>
              <span className="trace__title mono">{hop.title}</span>
            </button>
            <p className="trace__summary">{hop.summary}</p>
            {hop.rules.length > 0 && (
              <ul className="trace__rules">
                {hop.rules.map((rule, i) => (
                  <li key={i} className={rule.matched ? 'rule rule--matched' : 'rule'}>
                    <code>{rule.text}</code>
                    {rule.note && (
                      <span className="rule__note">
                        {rule.matched ? '✓ ' : '✗ '}
                        {rule.note}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <p className="trace__packet mono">
              {hop.before.src} → {hop.before.dst}
              {changed && (
                <>
                  <br />⇒ {hop.after.src} → {hop.after.dst}
                </>
              )}
            </p>
          </li>
        )
      })}
    </ol>
  )
}
