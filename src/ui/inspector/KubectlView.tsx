/**
 * What kubectl would print for the simulated cluster: the command and its output.
 */
import { useMemo } from 'react'
import { kubectlGet } from '../../engine'
import type { ClusterState, GetKind } from '../../engine'

interface KubectlViewProps {
  cluster: ClusterState
  kinds: readonly GetKind[]
  /** The short name people type (`svc`, `ep`, ...), for the command line shown. */
  names: readonly string[]
}

export function KubectlView({ cluster, kinds, names }: KubectlViewProps) {
  const outputs = useMemo(
    () =>
      kinds.map((kind) =>
        kubectlGet(cluster, kind, { output: 'wide', namespace: 'default', allNamespaces: true }),
      ),
    [cluster, kinds],
  )
  return (
    <div className="kubectl">
      {outputs.map((output, i) => (
        <figure key={kinds[i]} className="kubectl__block">
          <figcaption className="kubectl__command mono">
            $ kubectl get {names[i]} -A -o wide
          </figcaption>
          {output.stderr && <pre className="kubectl__stderr">{output.stderr}</pre>}
          <pre className="kubectl__stdout" tabIndex={0}>
            {output.stdout}
          </pre>
        </figure>
      ))}
    </div>
  )
}
