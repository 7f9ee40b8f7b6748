/**
 * What kubectl would print for the simulated cluster: the command and its output. It lists
 * the `default` namespace as kubectl does, or every namespace (-A) when the YAML uses others.
 */
import { useMemo, useState } from 'react'
import { kubectlGet } from '../../engine'
import type { ClusterState, GetKind } from '../../engine'

interface KubectlViewProps {
  cluster: ClusterState
  kinds: readonly GetKind[]
}

export function KubectlView({ cluster, kinds }: KubectlViewProps) {
  const [wide, setWide] = useState(false)
  const allNamespaces = useMemo(
    () =>
      [...cluster.services, ...cluster.pods].some(
        (o) => o.namespace !== 'default' && !('system' in o && o.system),
      ),
    [cluster],
  )
  const outputs = useMemo(
    () =>
      kinds.map((kind) =>
        kubectlGet(cluster, kind, {
          output: wide ? 'wide' : '',
          namespace: 'default',
          allNamespaces,
        }),
      ),
    [cluster, kinds, wide, allNamespaces],
  )
  const flags = `${allNamespaces ? ' -A' : ''}${wide ? ' -o wide' : ''}`
  return (
    <div className="kubectl">
      <label className="kubectl__wide">
        <input type="checkbox" checked={wide} onChange={(e) => setWide(e.target.checked)} />
        Wide output (-o wide)
      </label>
      {outputs.map((output, i) => (
        <figure key={kinds[i]} className="kubectl__block">
          <figcaption className="kubectl__command mono">
            $ kubectl get {kinds[i]}
            {flags}
          </figcaption>
          {output.stderr && <pre className="kubectl__stderr">{output.stderr}</pre>}
          {output.stdout && (
            <pre
              className="kubectl__stdout"
              tabIndex={0}
              aria-label={`kubectl get ${kinds[i]} output`}
            >
              {output.stdout}
            </pre>
          )}
        </figure>
      ))}
    </div>
  )
}
