/**
 * `svcsim curl URL (--from POD | --from-node NODE | --from-ip IP) [-n N] [--keepalive] [--trace]
 * [--json]` (DESIGN.md §5): requests through the simulated nodes, one session for the whole call
 * so conntrack, `recent` lists (ClientIP affinity) and the clock carry from one request to the
 * next.
 *
 * Output, one line per request, all on stdout so the lines stay in request order:
 * - connected to a Pod: `<namespace>/<pod> <ip>:<port>` (the endpoint address the Pod saw);
 * - connected to something that is not a Pod (an address outside the cluster, kube-proxy's
 *   health check server): `- <ip>:<port>`;
 * - failed: curl 8's own message, e.g. `curl: (7) Failed to connect to web port 80 after 0 ms:
 *   Couldn't connect to server` (see src/engine/traffic/trace.ts for the sources).
 * `--trace` adds every hop under its request, indented by two spaces, and each rule evaluated at
 * that hop indented by four (`[x]` matched, `[ ]` not). `--json` prints
 * `{"requests":[{"endpoint","pod","error","hops"}]}` instead.
 *
 * Exit codes follow svcsim, not curl: 0 whenever the input was valid, even when requests
 * failed (each failure is on its line); 1 for a client or URL that does not exist or parse; 2
 * for a bad count. curl's own code for a failure is in its message: `curl: (7)`.
 */
import { createSession, runRequests } from '../engine'
import type { ClientSpec, Hop, Request, RequestTrace, Simulation } from '../engine'

export interface CurlArgs {
  url: string
  from: { pod: string } | { node: string } | { ip: string }
  /** `-n N`: how many requests. */
  count: number
  keepAlive: boolean
  trace: boolean
  json: boolean
  /** `--node`: where a `--from-ip` client sits or sends to; '' means the first node. */
  node: string
  /** Seconds between requests (default 0: back to back, as `curl URL URL ...` sends them). */
  intervalSeconds?: number
  /** The seed of the session's random draws; default: the simulation's seed. */
  seed?: number
}

export interface CurlResult {
  code: number
  stdout: string
  stderr: string
}

/** `ns/name`, `name` (namespace default) or `Pod/ns/name`. */
function podRef(text: string): string {
  if (text.startsWith('Pod/')) return text
  const [first, second] = text.split('/')
  return second === undefined ? `Pod/default/${first ?? ''}` : `Pod/${first ?? ''}/${second}`
}

function clientOf(args: CurlArgs): ClientSpec {
  if ('pod' in args.from) return { kind: 'pod', ref: podRef(args.from.pod) }
  if ('node' in args.from) return { kind: 'node', name: args.from.node }
  return { kind: 'ip', ip: args.from.ip, node: args.node }
}

const podName = (ref: string) => ref.split('/').slice(1).join('/')

function line(trace: RequestTrace): string {
  const outcome = trace.outcome
  if (outcome.kind === 'refused') return outcome.message
  return `${outcome.podRef ? podName(outcome.podRef) : '-'} ${outcome.endpoint}`
}

function hopLines(hops: readonly Hop[]): string[] {
  return hops.flatMap((hop, i) => {
    const moved =
      hop.before.src !== hop.after.src || hop.before.dst !== hop.after.dst
        ? `  [${hop.before.src} → ${hop.before.dst}  =>  ${hop.after.src} → ${hop.after.dst}]`
        : `  [${hop.before.src} → ${hop.before.dst}]`
    return [
      `  ${i + 1}. ${hop.title}: ${hop.summary}${moved}`,
      ...hop.rules.map(
        (r) => `    ${r.matched ? '[x]' : '[ ]'} ${r.text}${r.note ? `  (${r.note})` : ''}`,
      ),
    ]
  })
}

export function runCurl(simulation: Simulation, args: CurlArgs): CurlResult {
  if (!Number.isInteger(args.count) || args.count < 1) {
    return { code: 2, stdout: '', stderr: `error: invalid count "${args.count}": must be ≥ 1\n` }
  }
  const request: Request = { client: clientOf(args), target: { kind: 'url', url: args.url } }
  const session = createSession(args.seed ?? simulation.cluster.settings.seed)
  const traces = runRequests(simulation, session, request, {
    count: args.count,
    keepAlive: args.keepAlive,
    intervalSeconds: args.intervalSeconds ?? 0,
  })
  if (!Array.isArray(traces)) {
    const message = traces.message.startsWith('curl:') ? traces.message : `error: ${traces.message}`
    return { code: 1, stdout: '', stderr: `${message}\n` }
  }
  if (args.json) {
    const requests = traces.map((t) => ({
      endpoint: t.outcome.kind === 'connected' ? t.outcome.endpoint : null,
      pod: t.outcome.kind === 'connected' && t.outcome.podRef ? podName(t.outcome.podRef) : null,
      error: t.outcome.kind === 'refused' ? t.outcome.message : null,
      hops: t.hops,
    }))
    return { code: 0, stdout: `${JSON.stringify({ requests }, null, 2)}\n`, stderr: '' }
  }
  const lines = traces.flatMap((t) => [line(t), ...(args.trace ? hopLines(t.hops) : [])])
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' }
}
